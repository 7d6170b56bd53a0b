/**
 * Reads entity records from any of the shapes the KB tools produce, one at a time:
 * - a directory of YAML sources (kb/sources), validated by loadSources;
 * - a pack file (`PackFile` JSON, e.g. public/kb/default-pack.json);
 * - NDJSON (one record per line, `.ndjson`/`.jsonl`, optionally `.gz`), streamed line by line;
 * - a directory of NDJSON files (the output of `kb from-wikidata`).
 * Invalid records are reported through `onInvalid`, never yielded.
 */
import { createReadStream, existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { EntityRecord, PackFile, describeIssues } from '../shared/kb-schema';
import { loadSources } from './load-sources';

export type InvalidHandler = (where: string, message: string) => void;

export async function* readRecords(path: string, onInvalid: InvalidHandler = () => {}): AsyncGenerator<EntityRecord> {
  if (!existsSync(path)) throw new Error(`no such file or directory: ${path}`);
  if (statSync(path).isDirectory()) {
    const files = readdirSync(path).sort();
    if (files.some((f) => /\.ya?ml$/.test(f))) {
      const treatyTextsDir = join(path, '..', 'treaty-texts');
      const loaded = loadSources({ sourcesDir: path, treatyTextsDir });
      for (const e of loaded.errors) onInvalid(path, e);
      yield* loaded.records;
      return;
    }
    for (const f of files.filter((x) => /\.(ndjson|jsonl)(\.gz)?$/.test(x))) yield* readNdjson(join(path, f), onInvalid);
    return;
  }
  if (/\.(ndjson|jsonl)(\.gz)?$/.test(path)) {
    yield* readNdjson(path, onInvalid);
    return;
  }
  const pack = PackFile.parse(JSON.parse(readFileSync(path, 'utf8')));
  for (const [i, raw] of pack.entities.entries()) {
    const parsed = EntityRecord.safeParse(raw);
    if (parsed.success) yield parsed.data;
    else onInvalid(`${path}#${i}`, describeIssues(parsed.error));
  }
}

async function* readNdjson(path: string, onInvalid: InvalidHandler): AsyncGenerator<EntityRecord> {
  const raw = createReadStream(path);
  const input = path.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  const lines = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n++;
    if (!line.trim()) continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (e) {
      onInvalid(`${path}:${n}`, (e as Error).message);
      continue;
    }
    const parsed = EntityRecord.safeParse(json);
    if (parsed.success) yield parsed.data;
    else onInvalid(`${path}:${n}`, describeIssues(parsed.error));
  }
}
