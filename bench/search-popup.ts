/**
 * `npm run bench:search-popup`: the popup's cold start in real Chromium with a large KB.
 *
 * Syncs a synthetic feed (100k entities by default) into the built extension, lets the search
 * index be built and stored, kills the service worker, then opens the popup and types a query
 * right away, as often as asked. Prints, per run, when the popup was first painted and typed into,
 * when the first results were painted (ms after the popup's navigation start, from the popup's own
 * `nl-first-results` mark) and after the keystroke, and how much longer the worker's whole index
 * took to answer the warm-up.
 *
 * Usage: npm run bench:search-popup -- [--size 100k] [--runs 3] [--ext <dir>] [--query lo]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildFeed } from '../utils/feed-tools/feed-build';
import { syntheticRecords } from '../utils/kb-build/synthetic-pack';
import { EXTENSION_DIR, launchExtension } from '../tests/e2e/support/launch';
import { ask, BrowserDevtools, preGrantedBuild, recordSyncProgress, startKbServe, waitForProgress } from '../tests/e2e/support/sync-harness';

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i === -1 ? fallback : (process.argv[i + 1] ?? fallback);
}
const size = Math.round(Number(flag('--size', '100k').toLowerCase().replace(/k$/, 'e3')));
const runs = Number(flag('--runs', '3'));
const query = flag('--query', 'lo');
const extensionDir = flag('--ext', EXTENSION_DIR);
const SOURCE = 'bench-search';

const root = mkdtempSync(join(tmpdir(), 'newslens-search-popup-'));
try {
  buildFeed([...syntheticRecords(size, { seed: 1 })], { outDir: join(root, 'feed'), source: SOURCE, title: 'Bench search feed', version: 1 });
  const server = await startKbServe(join(root, 'feed'));
  const extension = await launchExtension({ extensionDir: preGrantedBuild(root, extensionDir) });
  const devtools = await BrowserDevtools.open(extension);
  try {
    const setup = await extension.context.newPage();
    await setup.goto(`${extension.extensionOrigin}/options.html`);
    await recordSyncProgress(setup);
    await ask(setup, 'getStatus');
    const t0 = Date.now();
    await ask(setup, 'addSource', { url: `${server.url}/manifest.json` });
    await waitForProgress(setup, { phases: ['done', 'failed'], after: SOURCE }, 600_000);
    console.log(`synced ${size.toLocaleString('en')} entities in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    // Both indexes are rebuilt after the sync; a lookup waits for them, so the stored forms exist.
    await ask(setup, 'findMentions', { blocks: ['Nothing to see here.'] });
    await ask(setup, 'search', { query: '' });
    await setup.close();

    for (let run = 1; run <= runs; run++) {
      await devtools.killWorker();
      await devtools.waitForWorker(false);
      const popup = await extension.context.newPage();
      await popup.addInitScript(() => {
        addEventListener('input', () => performance.mark('nl-first-input'), { capture: true, once: true });
      });
      await popup.goto(`${extension.extensionOrigin}/popup.html`);
      await popup.getByLabel('Search').fill(query);
      await popup.locator('[role=option]').first().waitFor({ timeout: 60_000 });
      const [input, painted, contentPaint] = await popup.evaluate(() => [
        ...['nl-first-input', 'nl-first-results'].map((n) => performance.getEntriesByName(n)[0]?.startTime ?? -1),
        performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1,
      ]);
      // The warm-up's answer: the whole index loaded (asked again here; it is cached by now or soon).
      const w0 = Date.now();
      await ask(popup, 'search', { query: '' });
      console.log(
        `run ${run}: popup painted ${contentPaint!.toFixed(0)} ms after its navigation start, typed into at ${input.toFixed(0)} ms; ` +
          `first results ${painted!.toFixed(0)} ms, ${(painted! - input).toFixed(0)} ms after typing "${query}"; ` +
          `whole index ready ${Date.now() - w0} ms after that`,
      );
      await popup.close();
    }
  } finally {
    await devtools.detach();
    await extension.close();
    await server.close();
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
