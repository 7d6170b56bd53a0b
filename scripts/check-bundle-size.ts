/**
 * The content script's size budget (issue 5): every web page the reader opens loads it, so it must
 * stay at or below 30 kB gzipped. Reads the built file (run `npm run build` first), gzips it with
 * node:zlib at the default level (what a CDN or a store reviewer would see) and exits non-zero
 * when it is over: `npm run check:bundle`, and the `bundle` step of `npm test` (scripts/test-all.ts).
 *
 * It also fails when something that should load only on demand, or not on pages at all, is back in
 * the content script: webextension-polyfill (see `withoutPolyfill` in wxt.config.ts) or the card UI
 * (Preact and @floating-ui/dom, loaded from card-ui.js when a card is first about to open). The
 * card UI's own size is printed beside it, for information.
 *
 * Usage: npx tsx scripts/check-bundle-size.ts [--file <content.js>] [--budget-kb 30]
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

/** 1 kB = 1,000 bytes, as the issue and WXT's build summary count. */
export const CONTENT_SCRIPT_BUDGET_BYTES = 30_000;

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}

const file = resolve(flag('--file') ?? '.output/chrome-mv3/content-scripts/content.js');
const budget = flag('--budget-kb') ? Number(flag('--budget-kb')) * 1000 : CONTENT_SCRIPT_BUDGET_BYTES;

if (!existsSync(file)) {
  console.error(`bundle: ${file} does not exist; build the extension first (npm run build).`);
  process.exit(1);
}
const raw = readFileSync(file);
const gzipped = gzipSync(raw).length;
const kb = (n: number) => `${(n / 1000).toFixed(2)} kB`;
const verdict = gzipped <= budget ? 'within' : 'OVER';
console.log(`bundle: ${file}: ${kb(raw.length)} raw, ${kb(gzipped)} gzipped: ${verdict} the ${kb(budget)} budget`);
const cardUi = resolve(dirname(file), '..', 'card-ui.js');
if (existsSync(cardUi)) {
  const chunk = readFileSync(cardUi);
  console.log(`bundle: ${cardUi} (loaded when a card first opens): ${kb(chunk.length)} raw, ${kb(gzipSync(chunk).length)} gzipped`);
}

/** Strings only these libraries contain (kept by minifiers: they are error messages). */
const UNWANTED = [
  { what: 'webextension-polyfill', marker: 'api-metadata.json has not been included in browser-polyfill' },
  { what: 'Preact (the card UI)', marker: 'dangerouslySetInnerHTML' },
];
const text = raw.toString('utf8');
const found = UNWANTED.filter(({ marker }) => text.includes(marker));
for (const { what } of found) console.error(`bundle: the content script includes ${what}; it must not (see the comment at the top).`);
if (found.length) process.exit(1);
if (gzipped > budget) {
  console.error(
    `bundle: the content script is ${kb(gzipped - budget)} over budget. See what takes the space with ` +
      '`npx wxt build --analyze` (stats.html), then cut dependencies from entrypoints/content.ts.',
  );
  process.exit(1);
}
