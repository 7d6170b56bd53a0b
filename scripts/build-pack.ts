/**
 * Builds public/kb/default-pack.json from kb/sources/*.yaml and kb/treaty-texts/*.json.
 * Exits non-zero, with one readable line per problem, if a record fails the schema or the
 * cross-record integrity check.
 *
 * Usage: npx tsx scripts/build-pack.ts [--out public/kb/default-pack.json]
 */
import { resolve } from 'node:path';
import { loadSources } from '../utils/kb-build/load-sources';
import { checkIntegrity } from '../utils/kb-build/check-integrity';
import { buildPack, countByType, writePack } from '../utils/kb-build/write-pack';

const outIndex = process.argv.indexOf('--out');
const out = resolve(outIndex > 0 ? process.argv[outIndex + 1]! : 'public/kb/default-pack.json');

const { records, fileOf, errors } = loadSources({
  sourcesDir: resolve('kb/sources'),
  treatyTextsDir: resolve('kb/treaty-texts'),
});
if (errors.length) {
  console.error(`kb: ${errors.length} invalid record(s):`);
  for (const e of errors) console.error(`  ${e}`);
  process.exit(1);
}
const problems = checkIntegrity(records);
if (problems.length) {
  console.error(`kb: ${problems.length} integrity problem(s):`);
  for (const p of problems) console.error(`  ${fileOf.get(p.id.split(', ')[0]!) ?? '?'}: ${p.id}: ${p.message}`);
  process.exit(1);
}
const pack = buildPack(records);
writePack(out, pack);
const counts = countByType(records);
console.log(`kb: wrote ${records.length} entities to ${out} (version ${pack.version})`);
for (const [type, n] of Object.entries(counts).sort()) console.log(`  ${type.padEnd(13)}${n}`);
