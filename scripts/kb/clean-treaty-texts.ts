/**
 * Regenerates kb/treaty-texts/<treaty-id>.json, the cleaned official article texts, from the raw
 * bilingual Markdown files in the shared treaty folder (`<treaty-id>.raw.md`).
 *
 * The output is committed; run this again only when a raw text or a cleaning rule changes, and
 * review the diff. Tokens the cleaner could not verify against the word list are printed.
 *
 * Usage: npx tsx scripts/kb/clean-treaty-texts.ts [treaties dir, default ../shared/data/treaties]
 */
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseRawTreaty, parseWordList } from '../../utils/kb-build/clean-treaty-text';
import type { SourceRef } from '../../utils/shared/kb-schema';

const treatiesDir = resolve(process.argv[2] ?? '../shared/data/treaties');
const outDir = resolve('kb', 'treaty-texts');
const words = parseWordList(readFileSync(resolve('utils', 'kb-build', 'data', 'english-words.txt'), 'utf8'));

/** Human-readable titles for the source line of each text. */
const TITLES: Record<string, string> = {
  'un-charter': 'Charter of the United Nations',
  'north-atlantic-treaty': 'North Atlantic Treaty',
  npt: 'Treaty on the Non-Proliferation of Nuclear Weapons',
  'genocide-convention': 'Convention on the Prevention and Punishment of the Crime of Genocide',
};

mkdirSync(outDir, { recursive: true });
let failed = false;
for (const file of readdirSync(treatiesDir).filter((f) => f.endsWith('.raw.md')).sort()) {
  const id = file.replace(/\.raw\.md$/, '');
  const { articles, unknownWords } = parseRawTreaty(readFileSync(join(treatiesDir, file), 'utf8'), { words });
  if (articles.length === 0) {
    console.error(`${file}: no articles found`);
    failed = true;
    continue;
  }
  const source: SourceRef = {
    title: `${TITLES[id] ?? id}, official English text (Dutch government treaty database)`,
  };
  const out = { treaty: id, source, articles };
  writeFileSync(join(outDir, `${id}.json`), JSON.stringify(out, null, 2) + '\n');
  console.log(`${id}: ${articles.length} articles`);
  if (unknownWords.length) console.warn(`  unverified words: ${unknownWords.join(', ')}`);
}
if (failed) process.exit(1);
