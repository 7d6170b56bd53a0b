/**
 * Evaluates the spotter on the gold-annotated corpus in tests/fixtures/eval/ and prints
 * precision, recall and F1 (overall and per entity type), then every miss and every false mark.
 *
 * It is a report: it exits 0 unless a threshold flag is given and not met.
 *
 * Usage: npx tsx scripts/eval.ts [--min-precision 0.97] [--min-recall 0.93]
 *                                [--only <article-name-part>] [--json <file>] [--no-build]
 *                                [--suggest]  (also list KB aliases outside gold: annotations to add)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { Window } from 'happy-dom';
import { EntityRecord, PackFile } from '../utils/shared/kb-schema';
import { installDomGlobals, loadArticle, type DomWindow } from '../utils/eval/load-article';
import { formatReport, formatSuggestions, runEval, suggestGold } from '../utils/eval/run-eval';

const PACK = resolve('public/kb/default-pack.json');
const CORPUS = resolve('tests/fixtures/eval');
const KB_INPUTS = [resolve('kb/sources'), resolve('kb/treaty-texts')];

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  if (i === -1) return undefined;
  const value = process.argv[i + 1];
  if (value === undefined || value.startsWith('--')) fail(`${name} needs a value`);
  return value;
}

function threshold(name: string): number | undefined {
  const raw = flag(name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!(n >= 0 && n <= 1)) fail(`${name} wants a number between 0 and 1, got "${raw}"`);
  return n;
}

function fail(message: string): never {
  console.error(`eval: ${message}`);
  process.exit(2);
}

/** The pack is built from kb/; rebuild it when it is missing or older than any source. */
function ensurePack(): void {
  const newest = Math.max(...KB_INPUTS.filter(existsSync).flatMap((dir) => readdirSync(dir).map((f) => statSync(join(dir, f)).mtimeMs)));
  if (existsSync(PACK) && (process.argv.includes('--no-build') || statSync(PACK).mtimeMs >= newest)) return;
  console.error('eval: building the KB pack (public/kb/default-pack.json is missing or older than kb/)…');
  const built = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build-pack.ts'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (built.status !== 0) {
    if (!existsSync(PACK)) fail('the KB pack could not be built');
    console.error('eval: WARNING: the KB pack could not be rebuilt; using the existing one');
  }
}

const minPrecision = threshold('--min-precision');
const minRecall = threshold('--min-recall');
const only = flag('--only');
const jsonOut = flag('--json');

ensurePack();
const pack = PackFile.parse(JSON.parse(readFileSync(PACK, 'utf8')));
// The background validates each record on import; so do we, so that the eval sees the same KB.
const records = pack.entities.map((e) => EntityRecord.parse(e));

const win = new Window();
const dom = win as unknown as DomWindow;
installDomGlobals(dom);
const files = readdirSync(CORPUS)
  .filter((f) => f.endsWith('.html'))
  .filter((f) => only === undefined || f.includes(only))
  .sort();
if (files.length === 0) fail(`no articles in ${CORPUS}${only ? ` matching "${only}"` : ''}`);
const articles = files.map((f) => loadArticle(basename(f, '.html'), readFileSync(join(CORPUS, f), 'utf8'), dom));
await win.happyDOM.close();

const result = runEval(records, articles);
const blocks = articles.reduce((n, a) => n + a.blocks.length, 0);
console.log(
  formatReport(
    result,
    `Newslens eval: ${articles.length} articles, ${blocks} blocks, ${result.overall.gold} gold mentions; ` +
      `KB ${pack.version} (${records.length} entities)`,
  ),
);

if (process.argv.includes('--suggest')) console.log(`\n${formatSuggestions(suggestGold(records, articles), articles)}`);

if (jsonOut) {
  const { overall, byType, misses, falseMarks, unlinked, unknownGold } = result;
  writeFileSync(jsonOut, JSON.stringify({ kb: pack.version, overall, byType: Object.fromEntries(byType), misses, falseMarks, unlinked, unknownGold }, null, 2));
}

const { precision, recall } = result.overall;
const below = [
  minPrecision !== undefined && precision < minPrecision ? `precision ${precision.toFixed(3)} < ${minPrecision}` : '',
  minRecall !== undefined && recall < minRecall ? `recall ${recall.toFixed(3)} < ${minRecall}` : '',
].filter(Boolean);
if (below.length) {
  console.error(`\neval: below threshold: ${below.join(', ')}`);
  process.exit(1);
}
