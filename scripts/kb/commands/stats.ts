/**
 * `npm run kb -- stats [pack-or-sources]`: counts per type and the share of records with sources
 * and dated facts. The argument is a YAML sources directory (default kb/sources), a pack JSON, an
 * NDJSON file (optionally .gz) or a directory of NDJSON files. `--json` prints the numbers as JSON.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readRecords } from '../../../utils/kb-build/read-records';
import { addRecord, emptyStats, formatStats } from '../../../utils/kb-build/stats';

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
  });
  if (values.help) {
    console.log('usage: npm run kb -- stats [kb/sources | pack.json | records.ndjson[.gz] | dir] [--json]');
    return 0;
  }
  const target = resolve(positionals[0] ?? 'kb/sources');
  const stats = emptyStats();
  const invalidSamples: string[] = [];
  for await (const r of readRecords(target, (where, message) => {
    stats.invalid++;
    if (invalidSamples.length < 5) invalidSamples.push(`${where}: ${message}`);
  })) {
    addRecord(stats, r);
  }
  if (values.json) console.log(JSON.stringify(stats, null, 2));
  else console.log(formatStats(stats, target));
  for (const s of invalidSamples) console.error(`  invalid: ${s}`);
  return 0;
}
