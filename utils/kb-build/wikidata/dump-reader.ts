/**
 * Streams the entities of a Wikidata JSON dump, one line at a time, in flat memory.
 *
 * The dump is one JSON array with one entity per line: "[", then lines of the form `{…},`, the
 * last without the comma, then "]". `.gz` is decompressed with node:zlib. `.bz2` is piped through
 * the system's `bzip2 -dc` (Debian's bzip2 package): native decompression is several times
 * faster than the pure-JS decoders on npm, which matters for a 100 GB dump, and adds no
 * dependency. Without bzip2 on PATH, decompress first or pipe into `-` (standard input).
 */
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

export interface DumpLine {
  /** 1-based line number in the decompressed dump. */
  line: number;
  /** The entity's JSON text, without the trailing comma. */
  json: string;
}

/** Opens `path` ("-" for standard input), decompressing by extension. */
export function openDump(path: string): { stream: Readable; done: Promise<void> } {
  if (path === '-') return { stream: process.stdin, done: Promise.resolve() };
  if (path.endsWith('.bz2')) {
    const child = spawn('bzip2', ['-dc', path], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const done = new Promise<void>((resolve, reject) => {
      child.on('error', (e: NodeJS.ErrnoException) =>
        reject(e.code === 'ENOENT' ? new Error('bzip2 not found: install it (apt-get install bzip2) or pipe the decompressed dump into "-"') : e),
      );
      child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`bzip2 -dc failed (${code}): ${stderr.trim()}`))));
    });
    return { stream: child.stdout, done };
  }
  const raw = createReadStream(path);
  return { stream: path.endsWith('.gz') ? raw.pipe(createGunzip()) : raw, done: Promise.resolve() };
}

/** Yields each entity line of the dump; "[" / "]" lines and blank lines are skipped. */
export async function* readDumpLines(path: string): AsyncGenerator<DumpLine> {
  const { stream, done } = openDump(path);
  // Surface a decompressor failure even while readline is waiting for data.
  let failure: Error | undefined;
  done.catch((e: unknown) => {
    failure = e instanceof Error ? e : new Error('decompression failed');
    stream.destroy(failure);
  });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let n = 0;
  for await (const raw of lines) {
    n++;
    let json = raw.trim();
    if (json === '[' || json === ']' || json === '') continue;
    if (json.endsWith(',')) json = json.slice(0, -1);
    yield { line: n, json };
  }
  await done;
  if (failure) throw failure;
}
