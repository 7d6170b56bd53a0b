/**
 * `kb serve`: a static feed server for development and tests, on 127.0.0.1 only.
 *
 * It does what a CDN does for a feed (ETag and If-None-Match → 304, gzip when asked and no
 * Range, single byte ranges → 206, CORS for extension origins) and can misbehave on purpose:
 * fault switches set at start or changed at run time with `POST /__faults` (JSON body, the same
 * fields as `Faults`; an empty object clears them).
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { createGzip } from 'node:zlib';

export interface Faults {
  /** Answer matching requests with this HTTP status (e.g. 500, 429, 404) instead of the file. */
  status?: number;
  /** Retry-After header (seconds) sent with `status`. */
  retryAfter?: number;
  /** Apply `status` to this many requests only, then serve normally. */
  times?: number;
  /** Send only this many bytes of a matching file's body (Content-Length says so too). */
  truncate?: number;
  /** Break the connection after this many bytes of the body (Content-Length is the full size). */
  breakAfter?: number;
  /** Wait this long before answering (ms). */
  delayMs?: number;
  /** Send the right length but wrong bytes (one byte changed in the middle). */
  corrupt?: boolean;
  /** Ignore Range headers (always 200 with the whole file). */
  noRange?: boolean;
  /** Faults apply only to paths containing this string (default: every path). */
  match?: string;
}

export interface FeedServerOptions {
  root: string;
  /** 0 (default) picks a free port. */
  port?: number;
  faults?: Faults;
  /** Called for each request (tests count them). */
  onRequest?: (info: { method: string; path: string; status: number; range?: string; ifNoneMatch?: string }) => void;
}

export interface FeedServer {
  /** Base URL without a trailing slash: "http://127.0.0.1:41234". */
  url: string;
  port: number;
  setFaults(faults: Faults): void;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.json': 'application/json; charset=utf-8',
  '.ndjson': 'application/x-ndjson; charset=utf-8',
  '.sig': 'text/plain; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
};

export async function startFeedServer(options: FeedServerOptions): Promise<FeedServer> {
  const root = resolve(options.root);
  let faults: Faults = { ...options.faults };
  let statusFaultsLeft = faults.times ?? Infinity;

  const setFaults = (next: Faults) => {
    faults = { ...next };
    statusFaultsLeft = faults.times ?? Infinity;
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    const report = (status: number) =>
      options.onRequest?.({
        method: req.method ?? 'GET',
        path,
        status,
        range: req.headers.range,
        ifNoneMatch: req.headers['if-none-match'],
      });
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Expose-Headers', 'ETag, Content-Range, Retry-After, Last-Modified');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'Access-Control-Allow-Methods': 'GET, HEAD',
        'Access-Control-Allow-Headers': 'If-None-Match, If-Modified-Since, Range',
      });
      res.end();
      return;
    }
    if (path === '/__faults' && req.method === 'POST') {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      setFaults(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Faults);
      res.writeHead(204).end();
      report(204);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      report(405);
      return;
    }
    const applies = !faults.match || path.includes(faults.match);
    if (applies && faults.delayMs) await new Promise((r) => setTimeout(r, faults.delayMs));
    if (applies && faults.status && statusFaultsLeft > 0) {
      statusFaultsLeft--;
      const headers: Record<string, string> = { 'Content-Type': 'text/plain; charset=utf-8' };
      if (faults.retryAfter !== undefined) headers['Retry-After'] = String(faults.retryAfter);
      res.writeHead(faults.status, headers).end(`fault injected: ${faults.status}\n`);
      report(faults.status);
      return;
    }
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    const info = file === root || file.startsWith(root + sep) ? await stat(file).catch(() => null) : null;
    if (!info?.isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');
      report(404);
      return;
    }
    let body = await readFile(file);
    const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
    const common = {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      ETag: etag,
      'Last-Modified': info.mtime.toUTCString(),
      'Accept-Ranges': 'bytes',
      'Cache-Control': 'no-cache',
    };
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { ETag: etag }).end();
      report(304);
      return;
    }
    if (applies && faults.corrupt && body.length > 0) {
      body = Buffer.from(body);
      const mid = Math.floor(body.length / 2);
      body[mid] = body[mid] === 0x41 ? 0x42 : 0x41;
    }
    let status = 200;
    const headers: Record<string, string | number> = { ...common };
    const range = !(applies && faults.noRange) ? /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '') : null;
    if (range) {
      const start = Number(range[1]);
      const end = range[2] ? Math.min(Number(range[2]), body.length - 1) : body.length - 1;
      if (start >= body.length || end < start) {
        res.writeHead(416, { 'Content-Range': `bytes */${body.length}` }).end();
        report(416);
        return;
      }
      headers['Content-Range'] = `bytes ${start}-${end}/${body.length}`;
      body = body.subarray(start, end + 1);
      status = 206;
    }
    if (applies && faults.truncate !== undefined) body = body.subarray(0, Math.min(faults.truncate, body.length));
    // gzip only whole bodies: a Range applies to the bytes of the file as stored.
    const gzip = status === 200 && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '') && !(applies && faults.breakAfter !== undefined);
    if (gzip) {
      headers['Content-Encoding'] = 'gzip';
      headers.Vary = 'Accept-Encoding';
      res.writeHead(status, headers);
      report(status);
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      // Streamed (chunked), as a CDN or a server compressing on the fly does: the first bytes go
      // out at once instead of after the whole file is compressed (seconds for a 100k snapshot,
      // which bench:sync would otherwise charge to the client).
      const zip = createGzip();
      zip.pipe(res);
      zip.end(body);
      return;
    }
    headers['Content-Length'] = body.length;
    res.writeHead(status, headers);
    report(status);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    if (applies && faults.breakAfter !== undefined) {
      res.write(body.subarray(0, Math.min(faults.breakAfter, body.length)), () => res.destroy());
      return;
    }
    res.end(body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => ok());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    setFaults,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
