/**
 * The popup after the service worker was stopped, with a KB larger than the search index's head
 * (utils/background/search/search-service.ts): the head answers the first keystrokes while the
 * whole index loads, and the popup asks again once it has. So a name typed at once is found even
 * when it is too obscure for the head, and a prominent one is found as well.
 *
 * The KB comes from a feed served by `kb serve` (as in sync.test.ts), on a build whose manifest
 * already grants http://127.0.0.1/*.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildFeed } from '../../utils/feed-tools/feed-build';
import { HEAD_ENTITIES } from '../../utils/background/search/search-head';
import { EntityRecord } from '../../utils/shared/kb-schema';
import { launchExtension, type LaunchedExtension } from './support/launch';
import { ask, BrowserDevtools, preGrantedBuild, recordSyncProgress, startKbServe, waitForProgress, type KbServe } from './support/sync-harness';

const SOURCE = 'cold-start-feed';
/** ms: syncing ten thousand records and building both indexes, with margin for a slow machine. */
const SETUP_TIMEOUT_MS = 120_000;

function record(id: string, name: string, prominence: number): EntityRecord {
  return EntityRecord.parse({ id, type: 'person', name, description: 'A person in the cold-start test feed.', prominence, sources: [{ title: 'e2e feed' }], checked: '2026-11-29' });
}

/** Too little known for the head: only the whole index has it. */
const OBSCURE = record('zyxwvut-quokka', 'Zyxwvut Quokka', 0);
const PROMINENT = record('qwerth-ulvany', 'Qwerth Ulvany', 0.99);

let root: string;
let server: KbServe;
let extension: LaunchedExtension;
let devtools: BrowserDevtools;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'newslens-cold-start-e2e-'));
  const filler = Array.from({ length: HEAD_ENTITIES + 500 }, (_, i) => record(`cold-filler-${i}`, `Fillerperson Cold${i}`, 0.5));
  buildFeed([OBSCURE, PROMINENT, ...filler], { outDir: join(root, 'feed'), source: SOURCE, title: 'Cold-start test feed', version: 1 });
  server = await startKbServe(join(root, 'feed'));
  extension = await launchExtension({ extensionDir: preGrantedBuild(root) });
  devtools = await BrowserDevtools.open(extension);

  const setup = await extension.context.newPage();
  await setup.goto(`${extension.extensionOrigin}/options.html`);
  await recordSyncProgress(setup);
  await ask(setup, 'getStatus');
  await ask(setup, 'addSource', { url: `${server.url}/manifest.json` });
  await waitForProgress(setup, { phases: ['done', 'failed'], after: SOURCE }, SETUP_TIMEOUT_MS);
  // The indexes are rebuilt after the sync; lookups wait for them, so both are stored after these.
  await ask(setup, 'findMentions', { blocks: ['Nothing to see here.'] });
  await ask(setup, 'search', { query: '' });
  await setup.close();
}, SETUP_TIMEOUT_MS + 30_000);

afterAll(async () => {
  await devtools?.detach();
  await extension?.close();
  await server?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** Stops the worker (if it runs), opens the popup and types at once; returns the popup. */
async function typeIntoColdPopup(query: string): Promise<Page> {
  await devtools.killWorker();
  await devtools.waitForWorker(false);
  const popup = await extension.context.newPage();
  await popup.goto(`${extension.extensionOrigin}/popup.html`);
  await popup.getByLabel('Search').fill(query);
  return popup;
}

describe('popup search after the worker was stopped', () => {
  it('finds a name outside the head once the whole index is loaded', async () => {
    const popup = await typeIntoColdPopup('zyxwvut quokka');
    const hit = popup.getByRole('listbox', { name: 'Results' }).getByRole('option').first();
    await expect.poll(() => hit.textContent(), { timeout: 15_000 }).toMatch(/^Zyxwvut Quokka/);
    expect(await hit.getAttribute('data-kind')).toBe('exact');
    await popup.close();
  });

  it('finds a prominent name typed half-way with a typo', async () => {
    const popup = await typeIntoColdPopup('qwreth ulv');
    const hit = popup.getByRole('listbox', { name: 'Results' }).getByRole('option').first();
    await expect.poll(() => hit.textContent(), { timeout: 15_000 }).toMatch(/^Qwerth Ulvany/);
    expect(await hit.getAttribute('data-kind')).toBe('typo');
    await popup.close();
  });
});
