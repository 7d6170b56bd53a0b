/**
 * `npm run kb -- from-wikidata <dump.json[.gz|.bz2]|-> --types Q5,Q6256 --out <dir> [--langs en]
 *   [--map Q123=weapon]… [--checked YYYY-MM-DD] [--no-resolve]`
 *
 * Streams a Wikidata JSON dump and writes <dir>/entities.ndjson (one EntityRecord per line,
 * validated) and <dir>/report.json. See utils/kb-build/wikidata/ for the rules.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ENTITY_TYPES, type EntityType } from '../../../utils/shared/kb-schema';
import { DEFAULT_TYPE_MAP } from '../../../utils/kb-build/wikidata/convert';
import { convertDump } from '../../../utils/kb-build/wikidata/convert-dump';
import { resolvePack } from '../../../utils/kb-build/wikidata/resolve';

const USAGE = `usage: npm run kb -- from-wikidata <dump.json[.gz|.bz2] | -> --types <QIDs> --out <dir>
  --types Q5,Q6256      classes to keep (direct P31 instance of / P279 subclass of)
  --out DIR             writes DIR/entities.ndjson and DIR/report.json
  --langs en[,de]       label, alias and description languages (default en)
  --map Q123=weapon     class → type, added to the defaults (repeatable)
  --checked YYYY-MM-DD  the records' checked date (default today)
  --no-resolve          skip the pass that names linked entities and drops dangling links`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      types: { type: 'string' },
      out: { type: 'string' },
      langs: { type: 'string', default: 'en' },
      map: { type: 'string', multiple: true, default: [] },
      checked: { type: 'string' },
      'no-resolve': { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const input = positionals[0];
  if (values.help || !input || !values.types || !values.out) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const types = new Set(values.types.split(',').map((s) => s.trim()).filter(Boolean));
  for (const t of types) if (!/^Q\d+$/.test(t)) throw new Error(`--types: "${t}" is not a QID`);
  const typeMap: Record<string, EntityType> = { ...DEFAULT_TYPE_MAP };
  for (const m of values.map) {
    const [qid, type] = m.split('=');
    if (!qid || !/^Q\d+$/.test(qid) || !(ENTITY_TYPES as readonly string[]).includes(type ?? '')) {
      throw new Error(`--map ${m}: expected Q123=<${ENTITY_TYPES.join('|')}>`);
    }
    typeMap[qid] = type as EntityType;
  }
  const unmapped = [...types].filter((t) => !typeMap[t]);
  if (unmapped.length) console.error(`kb: note: ${unmapped.join(', ')} have no type mapping; their entities are kept only if another class maps (add --map)`);
  const checked = values.checked ?? new Date().toISOString().slice(0, 10);

  const started = Date.now();
  const report = await convertDump(input === '-' ? '-' : resolve(input), {
    types,
    typeMap,
    langs: values.langs.split(',').map((s) => s.trim()).filter(Boolean),
    checked,
    outDir: resolve(values.out),
    onProgress: values.quiet
      ? undefined
      : (r) => process.stderr.write(`\rkb: ${r.lines.toLocaleString('en-US')} lines, ${r.kept.toLocaleString('en-US')} kept`),
  });
  if (!values.quiet) process.stderr.write('\n');
  const resolved = values['no-resolve'] ? undefined : await resolvePack(report.output);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`kb: ${report.lines} entities read, ${report.kept} kept, ${report.invalid} invalid, in ${seconds}s (peak RSS ${report.peakRssMb} MB)`);
  console.log(`kb: per type: ${JSON.stringify(report.byType)}; skipped: ${JSON.stringify(report.skipped)}`);
  if (resolved) console.log(`kb: resolved links; ${resolved.droppedRelations} relations to entities outside the pack dropped`);
  for (const s of report.invalidSamples) console.error(`  invalid: ${s}`);
  console.log(`kb: wrote ${report.output}`);
  return 0;
}
