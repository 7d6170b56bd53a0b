/**
 * Sync end to end: `npm run kb -- serve` on 127.0.0.1 serves a feed built with the `kb build`
 * code; the built extension in headless Chromium adds it through the options page, syncs it with
 * "Sync now" while the progress bar moves, and finds a feed entity in the popup's search. Then a
 * truncated snapshot is refused with a clear error and the old KB kept.
 *
 * Headless Chromium cannot show the host-permission prompt that "Add source" opens, so the test
 * loads a copy of the build whose manifest already grants http://127.0.0.1/* (what a user's
 * "Allow" would grant); `permissions.request` then resolves at once, as it does for a host that
 * is already granted.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildFeed } from '../../utils/feed-tools/feed-build';
import { EntityRecord } from '../../utils/shared/kb-schema';
import { sendFromPage } from './support/content-world';
import { launchExtension, type LaunchedExtension } from './support/launch';
import { preGrantedBuild, startKbServe, type KbServe } from './support/sync-harness';

const FEED_SIZE = 4_000;
/** ms: a sync of a few thousand records, with margin for a slow CI machine. */
const SYNC_TIMEOUT_MS = 45_000;

function record(id: string, name: string, description: string): EntityRecord {
  return EntityRecord.parse({ id, type: 'person', name, description, sources: [{ title: 'e2e feed' }], checked: '2026-11-29' });
}

function feedRecords(version: number, special: EntityRecord): EntityRecord[] {
  const filler = Array.from({ length: FEED_SIZE - 1 }, (_, i) =>
    record(`feed-filler-${i}`, `Fillerperson Number${i}`, `A synthetic person for the sync test, version ${version}.`),
  );
  return [special, ...filler];
}

const ZORBLAT = record('zorblat-quendrix', 'Zorblat Quendrix', 'A person who exists only in the test feed, version 1.');
const VEXMOOR = record('vexmoor-tallith', 'Vexmoor Tallith', 'A person who exists only in version 2 of the test feed.');

let root: string;
let feedDir: string;
let server: KbServe;
let extension: LaunchedExtension;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'newslens-sync-e2e-'));
  feedDir = join(root, 'feed');
  buildFeed(feedRecords(1, ZORBLAT), { outDir: feedDir, source: 'e2e-feed', title: 'E2E test feed', version: 1 });
  server = await startKbServe(feedDir);
  extension = await launchExtension({ extensionDir: preGrantedBuild(root) });
});

afterAll(async () => {
  await extension?.close();
  await server?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

async function openPage(path: string): Promise<Page> {
  const page = await extension.context.newPage();
  await page.goto(`${extension.extensionOrigin}/${path}`);
  return page;
}

const feedItem = (page: Page) => page.locator('li.nl-source[data-source-id="e2e-feed"]');

/** Types the name into the popup's search box and waits for it to be listed. */
async function popupFinds(name: string): Promise<void> {
  const popup = await openPage('popup.html');
  try {
    await popup.getByLabel('Search').fill(name);
    await popup.getByRole('option', { name: new RegExp(name) }).first().waitFor({ state: 'visible' });
  } finally {
    await popup.close();
  }
}

/** Ids the background's search returns, asked the way the popup asks (for "is not there"). */
async function searchIds(query: string): Promise<string[]> {
  const page = await openPage('popup.html');
  try {
    const reply = await sendFromPage<{ id: string }[]>(page, 'search', { query });
    return (reply.res ?? []).map((h) => h.id);
  } finally {
    await page.close();
  }
}

/** Records every progress state the options page renders (phase and text), in order. */
async function recordProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { progressSeen: string[] }).progressSeen = seen;
    new MutationObserver(() => {
      const el = document.querySelector('.nl-sync-progress');
      const entry = `${el?.getAttribute('data-phase')}|${el?.textContent}`;
      if (el && seen.at(-1) !== entry) seen.push(entry);
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}

describe('sync from a feed served by `kb serve`', () => {
  it('adds the source in the options page, syncs it with "Sync now" showing progress, and finds its entities', async () => {
    const options = await openPage('options.html');
    // The first, automatic sync meets a broken server: the error is shown in plain words.
    await server.setFaults({ status: 503, match: 'snapshots/' });
    await options.getByLabel('Feed URL').fill(`${server.url}/manifest.json`);
    await options.getByRole('button', { name: 'Add source' }).click();
    await feedItem(options).locator('[data-field="error"]').getByText(/had a problem \(HTTP 503\)/).waitFor({ timeout: SYNC_TIMEOUT_MS });
    expect(await feedItem(options).locator('[data-field="version"]').textContent()).toBe('not synced yet');

    await server.setFaults({});
    await recordProgress(options);
    await options.getByRole('button', { name: 'Sync now' }).click();
    await feedItem(options).locator('[data-field="entities"]').getByText(FEED_SIZE.toLocaleString('en-US')).waitFor({ timeout: SYNC_TIMEOUT_MS });
    await options.locator('.nl-sync-progress[data-phase="done"]').waitFor({ timeout: SYNC_TIMEOUT_MS });
    expect(await feedItem(options).locator('[data-field="version"]').textContent()).toBe('1');
    expect(await feedItem(options).locator('[data-field="error"]').count()).toBe(0);
    const seen = await options.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
    const downloading = seen.filter((s) => s.startsWith('downloading|'));
    expect(downloading.length, seen.join('\n')).toBeGreaterThan(0);
    expect(downloading.at(-1)).toMatch(/records, [\d.]+ MB of [\d.]+ MB/);
    expect(await options.locator('[data-field="storage"]').textContent()).toMatch(/MB used/);
    await options.close();

    await popupFinds('Zorblat Quendrix');
  });

  it('refuses a truncated snapshot with a clear error and keeps the old knowledge base, then resumes', async () => {
    buildFeed(feedRecords(2, VEXMOOR), { outDir: feedDir, source: 'e2e-feed', title: 'E2E test feed', version: 2 });
    const { snapshot } = JSON.parse(readFileSync(join(feedDir, 'manifest.json'), 'utf8')) as { snapshot: { bytes: number } };
    await server.setFaults({ truncate: Math.floor(snapshot.bytes / 2), match: 'snapshots/2' });

    const options = await openPage('options.html');
    await options.getByRole('button', { name: 'Sync now' }).click();
    await feedItem(options).locator('[data-field="error"]').getByText(/download was cut short/).waitFor({ timeout: SYNC_TIMEOUT_MS });
    expect(await feedItem(options).locator('[data-field="version"]').textContent()).toBe('1');
    expect(await feedItem(options).locator('[data-field="entities"]').textContent()).toBe(FEED_SIZE.toLocaleString('en-US'));
    expect(await searchIds('Zorblat Quendrix')).toContain('zorblat-quendrix');
    expect(await searchIds('Vexmoor Tallith')).not.toContain('vexmoor-tallith');

    // The server recovers: the next sync resumes the download and version 2 goes live.
    await server.setFaults({});
    await options.getByRole('button', { name: 'Sync now' }).click();
    await feedItem(options).locator('[data-field="version"]').getByText('2', { exact: true }).waitFor({ timeout: SYNC_TIMEOUT_MS });
    await options.close();
    await popupFinds('Vexmoor Tallith');
    expect(await searchIds('Zorblat Quendrix')).not.toContain('zorblat-quendrix');
  });
});
