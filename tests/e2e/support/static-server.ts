/**
 * A tiny static file server for the fixture pages, on 127.0.0.1 and a random free port, so the
 * e2e tests and `npm start` never touch the network. Only files under the served folder are
 * readable; anything else is a 404.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** tests/fixtures/pages, resolved from this file so the server works from any working directory. */
export const FIXTURE_PAGES_DIR = resolve(fileURLToPath(new URL('../../fixtures/pages', import.meta.url)));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticServer {
  /** Base URL without a trailing slash, e.g. "http://127.0.0.1:41234". */
  url: string;
  close(): Promise<void>;
}

export interface StaticServerOptions {
  /** Extra files served at fixed paths, e.g. { '/vendor/react.js': '<abs path in node_modules>' }. */
  files?: Record<string, string>;
}

export async function startStaticServer(root: string = FIXTURE_PAGES_DIR, options: StaticServerOptions = {}): Promise<StaticServer> {
  const base = resolve(root);
  const server = createServer((req, res) => {
    void (async () => {
      const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
      const file = options.files?.[pathname] ?? normalize(join(base, pathname.endsWith('/') ? `${pathname}index.html` : pathname));
      const allowed = options.files?.[pathname] !== undefined || file === base || file.startsWith(base + sep);
      const info = allowed ? await stat(file).catch(() => null) : null;
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      } else if (!info?.isFile()) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
      } else {
        res.writeHead(200, {
          'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
          'Content-Length': info.size,
          'Cache-Control': 'no-store',
        });
        if (req.method === 'HEAD') res.end();
        else createReadStream(file).pipe(res);
      }
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((ok) => {
        // Keep-alive sockets from Chromium would otherwise hold close() open.
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
