/**
 * `npm run bench:page`: Newslens on real pages in Chromium with the built extension, side by side
 * with mark.js given the same keywords (issue 5's acceptance figures):
 *
 * 1. Main-thread time to annotate a ~1,500-word article with a 100k-entity KB. Measured from a
 *    Chromium trace of the page load (bench/page-trace.ts): the summed duration of the main-thread
 *    tasks in which the content script ran, its own start-up (script evaluation) included. The
 *    background's matching runs in the service worker, so waiting for it is not counted.
 *    The KB is the real default pack plus synthetic entities (utils/kb-build/synthetic-pack.ts),
 *    bundled into a private copy of the build, so that the article's real names are marked.
 * 2. A page with 1 MB of text: the longest main-thread task while it loads and is annotated, next
 *    to the same page's longest task in a browser without the extension (its own parsing/layout).
 * 3. Hover → card painted after the intent delay, p50/p95 over distinct marks, first hover of an
 *    entity (its data comes from the background) and again (cached); see bench/page-hover.ts.
 * 4. The content script's gzipped size (scripts/check-bundle-size.ts is the CI check).
 *
 * mark.js runs in the same Chromium binary (no extension) on the same article, with every name and
 * alias of the same KB, as `new Mark(el).mark(keywords, …)`: it walks the DOM once per keyword and
 * wraps matches in <mark> elements. With 100k+ keywords that takes minutes, so it runs in slices
 * until a time cap and the full time is extrapolated from the keywords it got through.
 *
 * Usage: npm run bench:page [-- --entities 100000] [--runs 5] [--hovers 30] [--markjs-cap-s 30]
 *                           [--extension-dir <built chrome-mv3>] [--keep] [--article-only]
 * --keep leaves the work dir, with each article run's trace (article-trace-N.json, for Perfetto or
 * chrome://tracing); --article-only stops after the article runs (a quick loop while working on the
 * annotation; a small --entities makes the first page's import quick too).
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createPrng } from '../utils/kb-build/prng';
import { CHROMIUM_PATH, launchExtension } from '../tests/e2e/support/launch';
import { startStaticServer } from '../tests/e2e/support/static-server';
import { ARTICLE, REPO, buildExtension, longPage, withBenchPack } from './page-fixtures';
import { hoverTargets, timeHover, type HoverSample } from './page-hover';
import { summarizeMainThread, traceWhile, type MainThreadSummary } from './page-trace';

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i === -1 ? fallback : (process.argv[i + 1] ?? fallback);
}
const ENTITIES = Number(flag('--entities', '100000'));
const RUNS = Number(flag('--runs', '5'));
const HOVERS = Number(flag('--hovers', '30'));
const MARKJS_CAP_MS = Number(flag('--markjs-cap-s', '30')) * 1000;
const KEEP = process.argv.includes('--keep');
/** Only the article runs (no 1 MB page, hovers or mark.js): a quick loop while working on annotation. */
const ARTICLE_ONLY = process.argv.includes('--article-only');
/** The first page imports the KB into IndexedDB and builds the spotting index: give it time. */
const WARMUP_TIMEOUT_MS = 20 * 60_000;

const TARGETS = { annotateMs: 5, longTaskMs: 50, hoverP95Ms: 16, bundleKb: 30 };

const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 1)} ms`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

/** Total ranges Newslens registered on the page. */
const markCount = (page: Page) =>
  page.evaluate(() => {
    let n = 0;
    for (const [name, h] of CSS.highlights) if (name.startsWith('newslens-') && name !== 'newslens-focus') n += h.size;
    return n;
  });

/** Waits until the page has marks and their number has not changed for `quietMs`. */
async function waitForMarksToSettle(page: Page, timeoutMs: number, quietMs = 1000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  let since = Date.now();
  for (;;) {
    const n = await markCount(page);
    if (n !== last) {
      last = n;
      since = Date.now();
    } else if (n > 0 && Date.now() - since >= quietMs) {
      return n;
    }
    if (Date.now() > deadline) throw new Error(`marks did not settle within ${timeoutMs} ms (${n} so far)`);
    await page.waitForTimeout(100);
  }
}

/** Loads `url` in a new tab under a trace; returns the main-thread summary and the marks made. */
async function tracedLoad(context: BrowserContext, url: string, settle: (page: Page) => Promise<number>, saveTo?: string) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  let marks = 0;
  const events = await traceWhile(cdp, async () => {
    await page.goto(url, { waitUntil: 'load' });
    marks = await settle(page);
  });
  await cdp.detach();
  await page.close();
  // --keep: the raw trace, for chrome://tracing or Perfetto (ui.perfetto.dev).
  if (saveTo) writeFileSync(saveTo, JSON.stringify({ traceEvents: events }));
  return { summary: summarizeMainThread(events, url), marks };
}

interface MarkJsResult {
  keywords: number;
  processed: number;
  elapsedMs: number;
  /** Extrapolated to all keywords (= elapsedMs when it finished). */
  fullMs: number;
  longestSliceMs: number;
  marks: number;
  capped: boolean;
}

/** mark.js on the article with `keywords`, in slices, until done or `capMs` of marking. */
async function runMarkJs(browser: Browser, url: string, keywords: string[], capMs: number): Promise<MarkJsResult> {
  const page = await browser.newPage();
  await page.goto(url, { waitUntil: 'load' });
  await page.addScriptTag({ url: '/vendor/mark.js' });
  const result = await page.evaluate(
    async ({ keywords, capMs }) => {
      type MarkJs = new (el: Element) => { mark(k: string[], o: object): void };
      const Mark = (window as unknown as { Mark: MarkJs }).Mark;
      const instance = new Mark(document.querySelector('#story')!);
      // Its fastest settings: whole keywords (not word by word), exact word boundaries, no
      // diacritics expansion.
      const options = { separateWordSearch: false, accuracy: 'exactly', diacritics: false };
      const SLICE = 500;
      let processed = 0;
      let elapsedMs = 0;
      let longestSliceMs = 0;
      let marks = 0;
      while (processed < keywords.length && elapsedMs < capMs) {
        const slice = keywords.slice(processed, processed + SLICE);
        const t = performance.now();
        // (A method, not an arrow property: tsx's keep-names helper does not exist in the page.)
        instance.mark(slice, {
          ...options,
          done(n: number) {
            marks += n;
          },
        });
        const took = performance.now() - t;
        elapsedMs += took;
        longestSliceMs = Math.max(longestSliceMs, took);
        processed += slice.length;
        // Between slices (not timed): let the browser paint and the harness talk to the page.
        await new Promise((r) => setTimeout(r, 0));
      }
      return { processed, elapsedMs, longestSliceMs, marks };
    },
    { keywords, capMs },
  );
  await page.close();
  const capped = result.processed < keywords.length;
  return {
    keywords: keywords.length,
    ...result,
    fullMs: capped ? (result.elapsedMs * keywords.length) / result.processed : result.elapsedMs,
    capped,
  };
}

/** Deterministic shuffle, so a capped mark.js run samples the whole list, not its head. */
function shuffled<T>(xs: T[]): T[] {
  const rng = createPrng(7);
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The article's figures alone (--article-only). */
function reportArticle(annotate: { summary: MainThreadSummary; marks: number }[]): void {
  const annotateMs = median(annotate.map((a) => a.summary.contentTaskMs));
  console.log(`\nannotate the article (${annotate[0]!.marks} marks), main thread, median of ${annotate.length}: ${ms(annotateMs)}`);
  console.log(`  thread CPU: ${ms(median(annotate.map((a) => a.summary.contentTaskCpuMs)))}; content.js JS + microtasks ${ms(median(annotate.map((a) => a.summary.contentJsMs)))}; evaluation ${ms(median(annotate.map((a) => a.summary.contentEvalMs)))}`);
  console.log(`  runs (tasks/ms/CPU ms): ${annotate.map((a) => `${a.summary.contentTasks}/${a.summary.contentTaskMs.toFixed(1)}/${a.summary.contentTaskCpuMs.toFixed(1)}`).join(' ')}`);
  const medianRun = annotate.reduce((best, a) =>
    Math.abs(a.summary.contentTaskMs - annotateMs) < Math.abs(best.summary.contentTaskMs - annotateMs) ? a : best,
  );
  console.log(`article, the median run's content-script tasks:\n  ${medianRun.summary.contentTaskWhat.join('\n  ')}`);
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'newslens-bench-page-'));
  console.log(`${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)} at start; work dir ${work}`);
  const log = (s: string) => console.log(`… ${s}`);

  const given = process.argv.includes('--extension-dir') ? flag('--extension-dir', '') : undefined;
  log(given ? `using the build in ${given}` : 'building the extension (private output dir)');
  const buildDir = given ?? buildExtension(work);
  const contentJs = readFileSync(join(buildDir, 'content-scripts/content.js'));
  const bundleGzKb = gzipSync(contentJs).length / 1000;
  // The card UI, imported by the content script when a card first opens (not on page load).
  const cardUiPath = join(buildDir, 'card-ui.js');
  const cardUiGzKb = existsSync(cardUiPath) ? gzipSync(readFileSync(cardUiPath)).length / 1000 : undefined;

  const pack = withBenchPack(buildDir, work, ENTITIES);
  log(`pack: ${pack.entityCount} entities, ${pack.keywords.length} distinct names and aliases, ${(pack.packBytes / 1e6).toFixed(1)} MB`);

  const pages = join(work, 'pages');
  mkdirSync(pages);
  copyFileSync(ARTICLE, join(pages, 'article.html'));
  const long = longPage(1_000_000);
  writeFileSync(join(pages, 'long.html'), long.html);
  const server = await startStaticServer(pages, { files: { '/vendor/mark.js': join(REPO, 'node_modules/mark.js/dist/mark.min.js') } });
  const articleUrl = `${server.url}/article.html`;
  const longUrl = `${server.url}/long.html`;

  // --- Newslens ---------------------------------------------------------------------------
  const ext = await launchExtension({ extensionDir: pack.extensionDir });
  const annotate: { summary: MainThreadSummary; marks: number }[] = [];
  let longRun: { summary: MainThreadSummary; marks: number };
  const cold: HoverSample[] = [];
  const warm: HoverSample[] = [];
  let warmupS = 0;
  try {
    log('warm-up: first page (imports the KB into IndexedDB, builds the spotting index)…');
    const t0 = Date.now();
    const first = await ext.context.newPage();
    await first.goto(articleUrl);
    await waitForMarksToSettle(first, WARMUP_TIMEOUT_MS, 2000);
    warmupS = (Date.now() - t0) / 1000;
    await first.close();

    log(`article × ${RUNS}, traced…`);
    for (let i = 0; i < RUNS; i++) {
      const saveTo = KEEP ? join(work, `article-trace-${i + 1}.json`) : undefined;
      annotate.push(await tracedLoad(ext.context, articleUrl, (p) => waitForMarksToSettle(p, 60_000), saveTo));
    }

    if (ARTICLE_ONLY) {
      reportArticle(annotate);
      return;
    }

    log(`1 MB page (${long.paragraphs} paragraphs, ${(long.textBytes / 1e6).toFixed(2)} MB of text), traced…`);
    longRun = await tracedLoad(ext.context, longUrl, (p) => waitForMarksToSettle(p, 5 * 60_000, 2000));

    log(`hovers: ${HOVERS} distinct marks, first time (card data from the background) and again (cached)…`);
    const page = await ext.context.newPage();
    await page.goto(articleUrl);
    await waitForMarksToSettle(page, 60_000);
    const targets = await hoverTargets(page, HOVERS);
    for (const t of targets) cold.push(await timeHover(page, t));
    for (const t of targets) warm.push(await timeHover(page, t));
    await page.close();
  } finally {
    await ext.close();
    if (ARTICLE_ONLY) await server.close();
    if (ARTICLE_ONLY && !KEEP) rmSync(work, { recursive: true, force: true });
  }

  // --- Same pages without the extension, and mark.js ----------------------------------------
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  let baselineLong: MainThreadSummary;
  let markAll: MarkJsResult;
  let markReal: MarkJsResult;
  try {
    log('1 MB page without the extension, traced…');
    const plain = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    baselineLong = (await tracedLoad(plain, longUrl, () => Promise.resolve(0))).summary;
    await plain.close();
    const realKeywords = pack.keywords.slice(0, pack.realKeywords);
    log(`mark.js with all ${pack.keywords.length} keywords (cap ${MARKJS_CAP_MS / 1000} s of marking)…`);
    markAll = await runMarkJs(browser, articleUrl, shuffled(pack.keywords), MARKJS_CAP_MS);
    log(`mark.js with the real pack's ${realKeywords.length} keywords only…`);
    markReal = await runMarkJs(browser, articleUrl, realKeywords, MARKJS_CAP_MS);
  } finally {
    await browser.close();
    await server.close();
  }

  // --- Report ---------------------------------------------------------------------------------
  const annotateMs = median(annotate.map((a) => a.summary.contentTaskMs));
  const jsMs = median(annotate.map((a) => a.summary.contentJsMs));
  const evalMs = median(annotate.map((a) => a.summary.contentEvalMs));
  const hoverAll = [...cold, ...warm].map((s) => s.cardMs);
  const verdict = (ok: boolean) => (ok ? 'pass' : 'FAIL');
  const rows: [string, string, string, string, string][] = [
    ['measure', 'Newslens', 'mark.js', 'target', ''],
    [
      `annotate the article (${annotate[0]!.marks} marks), main thread, median of ${RUNS}`,
      `${ms(annotateMs)}`,
      `${markAll.capped ? '≈ ' : ''}${(markAll.fullMs / 1000).toFixed(1)} s${markAll.capped ? ' (extrapolated)' : ''}`,
      `≤ ${TARGETS.annotateMs} ms`,
      verdict(annotateMs <= TARGETS.annotateMs),
    ],
    ['  same tasks, thread CPU time (machine load excluded)', ms(median(annotate.map((a) => a.summary.contentTaskCpuMs))), '', '', ''],
    ['  of which: content.js JS + microtasks (lower bound)', ms(jsMs), '', '', ''],
    ['  of which: evaluating content.js at injection', ms(evalMs), '', '', ''],
    ['  annotate runs (tasks, ms)', annotate.map((a) => `${a.summary.contentTasks}/${a.summary.contentTaskMs.toFixed(1)}`).join(' '), '', '', ''],
    ['  longest task with the content script, article', ms(Math.max(...annotate.map((a) => a.summary.longestContentTaskMs))), '', '', ''],
    [
      '1 MB page: longest main-thread task (any)',
      `${ms(longRun.summary.longestTaskMs)} (CPU ${ms(longRun.summary.longestTaskCpuMs)})`,
      '',
      `≤ ${TARGETS.longTaskMs} ms`,
      verdict(longRun.summary.longestTaskMs <= TARGETS.longTaskMs),
    ],
    ['  longest task in which the content script ran', `${ms(longRun.summary.longestContentTaskMs)} (CPU ${ms(longRun.summary.longestContentTaskCpuMs)})`, '', `≤ ${TARGETS.longTaskMs} ms`, verdict(longRun.summary.longestContentTaskMs <= TARGETS.longTaskMs)],
    ['  same page without the extension: longest task', `${ms(baselineLong.longestTaskMs)} (CPU ${ms(baselineLong.longestTaskCpuMs)})`, '', '', ''],
    ['  tasks > 50 ms (any / content script)', `${longRun.summary.over50} / ${longRun.summary.contentOver50}`, '', '', ''],
    ['  content-script main-thread time (CPU), marks', `${ms(longRun.summary.contentTaskMs)} (${ms(longRun.summary.contentTaskCpuMs)}), ${longRun.marks} marks`, '', '', ''],
    [`hover → full card painted, p95 (${hoverAll.length} hovers)`, ms(percentile(hoverAll, 95)), 'n/a', `≤ ${TARGETS.hoverP95Ms} ms`, verdict(percentile(hoverAll, 95) <= TARGETS.hoverP95Ms)],
    [
      '  first hover of an entity: p50 / p95 / max (the first card)',
      `${ms(median(cold.map((s) => s.cardMs)))} / ${ms(percentile(cold.map((s) => s.cardMs), 95))} / ${ms(Math.max(...cold.map((s) => s.cardMs)))} (${ms(cold[0]!.cardMs)})`,
      '',
      '',
      '',
    ],
    ['  cached entity: p50 / p95', `${ms(median(warm.map((s) => s.cardMs)))} / ${ms(percentile(warm.map((s) => s.cardMs), 95))}`, '', '', ''],
    ['  "Loading…" panel painted: p50 / p95', `${ms(median([...cold, ...warm].map((s) => s.panelMs)))} / ${ms(percentile([...cold, ...warm].map((s) => s.panelMs), 95))}`, '', '', ''],
    ['content script, gzipped', `${bundleGzKb.toFixed(2)} kB`, '', `≤ ${TARGETS.bundleKb} kB`, verdict(bundleGzKb <= TARGETS.bundleKb)],
    ...(cardUiGzKb === undefined
      ? []
      : [['  card UI (card-ui.js, loaded when a card first opens), gzipped', `${cardUiGzKb.toFixed(2)} kB`, '', '', ''] as [string, string, string, string, string]]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  console.log(`\nKB: ${pack.entityCount} entities (real pack + ${ENTITIES} synthetic), ${pack.keywords.length} names and aliases; first page ready after ${warmupS.toFixed(0)} s`);
  for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c]!)).join('  '));
  console.log(
    `\nmark.js, all ${markAll.keywords} keywords: ${markAll.processed} done in ${(markAll.elapsedMs / 1000).toFixed(1)} s of marking` +
      `${markAll.capped ? ' (capped)' : ''}, ${markAll.marks} <mark> elements, longest slice of 500 keywords ${ms(markAll.longestSliceMs)}.`,
  );
  console.log(
    `mark.js, the real pack's ${markReal.keywords} keywords: ${(markReal.elapsedMs / 1000).toFixed(2)} s${markReal.capped ? ' (capped, extrapolated ' + (markReal.fullMs / 1000).toFixed(1) + ' s)' : ''}, ${markReal.marks} <mark> elements (one synchronous call each slice of 500: the page is frozen meanwhile).`,
  );
  console.log(`1 MB page's longest task: ${longRun.summary.longestTaskWhat}`);
  // Where the article's time goes, in the run closest to the median: what to cut next.
  const medianRun = annotate.reduce((best, a) =>
    Math.abs(a.summary.contentTaskMs - annotateMs) < Math.abs(best.summary.contentTaskMs - annotateMs) ? a : best,
  );
  console.log(`article, the median run's content-script tasks:\n  ${medianRun.summary.contentTaskWhat.join('\n  ')}`);
  if (!KEEP) rmSync(work, { recursive: true, force: true });
}

await main();
