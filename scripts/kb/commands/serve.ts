/**
 * `npm run kb -- serve <dir> --port <n>`: serves a feed folder on 127.0.0.1 (ETag/If-None-Match,
 * gzip, Range, CORS) until interrupted, with fault injection for tests:
 *
 *   --status <code>       answer with this status instead of the file (500, 429, 404…)
 *   --retry-after <s>     Retry-After header sent with --status
 *   --times <n>           apply --status to the first n requests only
 *   --truncate <bytes>    send only the first n bytes of each file
 *   --break-after <bytes> cut the connection after n bytes
 *   --delay <ms>          wait before every answer
 *   --corrupt             change one byte in the middle of every file
 *   --no-range            ignore Range requests
 *   --match <text>        faults apply only to paths containing this text
 *
 * Faults can also be changed while it runs: `curl -X POST --data '{"status":500}' <url>/__faults`.
 * Prints "kb serve: <url>" once listening.
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { startFeedServer, type Faults } from '../../../utils/feed-tools/feed-server';

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      port: { type: 'string', default: '8787' },
      status: { type: 'string' },
      'retry-after': { type: 'string' },
      times: { type: 'string' },
      truncate: { type: 'string' },
      'break-after': { type: 'string' },
      delay: { type: 'string' },
      corrupt: { type: 'boolean' },
      'no-range': { type: 'boolean' },
      match: { type: 'string' },
      quiet: { type: 'boolean' },
    },
  });
  const [dir] = positionals;
  if (!dir) {
    console.error('usage: npm run kb -- serve <dir> [--port n] [fault switches]');
    return 2;
  }
  const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  const faults: Faults = {
    status: num(values.status),
    retryAfter: num(values['retry-after']),
    times: num(values.times),
    truncate: num(values.truncate),
    breakAfter: num(values['break-after']),
    delayMs: num(values.delay),
    corrupt: values.corrupt,
    noRange: values['no-range'],
    match: values.match,
  };
  const server = await startFeedServer({
    root: resolve(dir),
    port: Number(values.port),
    faults,
    onRequest: values.quiet ? undefined : (r) => console.log(`${r.method} ${r.path} ${r.status}${r.range ? ` (${r.range})` : ''}`),
  });
  console.log(`kb serve: ${server.url}/manifest.json (serving ${resolve(dir)}; Ctrl-C stops)`);
  await new Promise<void>((done) => {
    const stop = () => void server.close().then(done);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
