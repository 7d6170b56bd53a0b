/**
 * `npm run kb -- synth --count 100000 --out <file> [--seed 1]`: writes a synthetic pack for tests
 * and benchmarks. `.ndjson`/`.jsonl` → one record per line; `.json` → a PackFile document. Both are
 * streamed, so a million records take little memory.
 */
import { once } from 'node:events';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { syntheticRecords } from '../../../utils/kb-build/synthetic-pack';

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      count: { type: 'string', default: '10000' },
      out: { type: 'string' },
      seed: { type: 'string', default: '1' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const count = Number(values.count);
  if (values.help || !values.out || !Number.isInteger(count) || count < 0) {
    console.log('usage: npm run kb -- synth --count <n> --out <file.ndjson|file.json> [--seed 1]');
    return values.help ? 0 : 2;
  }
  const path = resolve(values.out);
  mkdirSync(dirname(path), { recursive: true });
  const out = createWriteStream(path);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  const asPack = path.endsWith('.json');
  if (asPack) {
    await write(`{"format":1,"source":"synthetic","title":"Synthetic pack (${count} records, seed ${values.seed})","version":"synthetic-${count}-${values.seed}","generated":"2026-11-29T00:00:00.000Z","entities":[\n`);
  }
  let n = 0;
  for (const r of syntheticRecords(count, { seed: Number(values.seed) })) {
    await write((asPack && n > 0 ? ',\n' : '') + JSON.stringify(r) + (asPack ? '' : '\n'));
    n++;
  }
  if (asPack) await write('\n]}\n');
  out.end();
  await once(out, 'finish');
  console.log(`kb: wrote ${n} synthetic records to ${path}`);
  return 0;
}
