/**
 * Sync against a misbehaving feed, end to end (issue 6, Acceptance): the built extension in
 * headless Chromium, `npm run kb -- serve` on 127.0.0.1 with its fault switches, one small feed.
 * Each test is one bullet: 304 → nothing downloaded, nothing changes; 429 with Retry-After →
 * backoff shown in the options page, later success; wrong checksum → a delta whose result does
 * not verify is thrown away and the snapshot fetched, a file with wrong bytes is rejected;
 * malformed records → version rejected, count reported, old KB kept; an older manifest → no
 * rollback; a bad signature → rejected with a clear error, old KB kept.
 * (Good snapshot, good delta, truncated body and 500: sync.test.ts and the kill test.)
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildFeed } from '../../utils/feed-tools/feed-build';
import { diffFeeds } from '../../utils/feed-tools/feed-diff';
import { newKeyPair, readManifest, sha256Hex } from '../../utils/feed-tools/feed-files';
import { EntityRecord } from '../../utils/shared/kb-schema';
import type { SyncStatus } from '../../utils/sync/source-state';
import { launchExtension, type LaunchedExtension } from './support/launch';
import { ask, pollUntil, preGrantedBuild, readLiveState, startKbServe, waitForInstallSync, type KbServe } from './support/sync-harness';

const SOURCE = 'faults-feed';
const SIGNED = 'signed-feed';
const COUNT = 200;

function people(version: number, count = COUNT): EntityRecord[] {
  return Array.from({ length: count }, (_, i) =>
    EntityRecord.parse({
      id: `fault-person-${i}`,
      type: 'person',
      name: `Faultperson Number${i}`,
      description: `A person of the fault test feed, version ${i < 20 ? version : 1}.`,
      sources: [{ title: 'e2e feed' }],
      checked: '2026-11-29',
    }),
  );
}

let root: string;
let served: string;
let server: KbServe;
let extension: LaunchedExtension;
let page: Page;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'newslens-sync-faults-'));
  served = join(root, 'served');
  buildFeed(people(1), { outDir: join(served, 'feed'), source: SOURCE, title: 'Fault test feed', version: 1 });
  server = await startKbServe(served, { log: true });
  extension = await launchExtension({ extensionDir: preGrantedBuild(root) });
  page = await extension.context.newPage();
  await page.goto(`${extension.extensionOrigin}/options.html`);
  await waitForInstallSync(page);
});

afterAll(async () => {
  await extension?.close();
  await server?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

const feedUrl = (dir = 'feed') => `${server.url}/${dir}/manifest.json`;

/** Sends `type` and waits until a sync of `id` started after it has finished; returns the source. */
async function syncAndWait(type: 'syncNow' | 'addSource', data: unknown, id: string): Promise<SyncStatus['sources'][number]> {
  const asked = new Date().toISOString();
  await ask(page, type, data);
  const status = await pollUntil(
    () => ask<SyncStatus>(page, 'getSyncStatus'),
    (st) => st.progress?.running === false && (st.sources.find((s) => s.id === id)?.lastAttemptAt ?? '') >= asked,
    30_000,
    `a sync of ${id}`,
  );
  return status.sources.find((s) => s.id === id)!;
}

/** "Sync now" for one source and its outcome, as the options page would show it. */
function syncNow(id = SOURCE): Promise<SyncStatus['sources'][number]> {
  return syncAndWait('syncNow', { id }, id);
}

async function source(id = SOURCE): Promise<SyncStatus['sources'][number]> {
  const status = await ask<SyncStatus>(page, 'getSyncStatus');
  return status.sources.find((s) => s.id === id)!;
}

/** Version `version` in the served folder: snapshot and the delta from the version served now. */
function publish(version: number, records: EntityRecord[], dir = 'feed'): void {
  const next = join(root, `${dir}-v${version}`);
  buildFeed(records, { outDir: next, source: SOURCE, title: 'Fault test feed', version });
  diffFeeds(join(served, dir), next, next);
  cpSync(next, join(served, dir), { recursive: true });
}

/** Rewrites the served manifest (after changing it as a broken publisher would). */
function editManifest(edit: (m: Record<string, unknown>) => void, dir = 'feed'): void {
  const path = join(served, dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  edit(manifest);
  writeFileSync(path, JSON.stringify(manifest, null, 2) + '\n');
}

describe('sync against a misbehaving feed', () => {
  it('a first sync, then 304: the manifest is not modified, nothing else is downloaded, nothing changes', async () => {
    expect(await syncAndWait('addSource', { url: feedUrl() }, SOURCE)).toMatchObject({ version: '1', entityCount: COUNT, lastResult: 'updated' });
    const before = await readLiveState(page, SOURCE);

    server.requests.length = 0;
    const after = await syncNow();
    // (A scheduled sync may check too: every request is the manifest, answered 304.)
    expect(server.requests.length).toBeGreaterThan(0);
    expect(server.requests.filter((r) => r !== 'GET /feed/manifest.json 304')).toEqual([]);
    expect(after).toMatchObject({ version: '1', entityCount: COUNT, lastResult: 'up-to-date', lastMessage: 'Up to date (the feed has not changed).' });
    expect(await readLiveState(page, SOURCE)).toEqual(before);
  });

  it('429 with Retry-After: backs off at least that long, shows the next try in the options page, succeeds later', async () => {
    publish(2, people(2));
    await server.setFaults({ status: 429, retryAfter: 7_200, match: 'manifest.json' });
    const asked = Date.now();
    const failed = await syncNow();
    expect(failed.lastError).toMatch(/asked Newslens to slow down \(HTTP 429\)/);
    // Retry-After: 2 h, more than the first backoff step (1 min): the wait honours it.
    expect(failed.nextAttemptAt).toBeGreaterThanOrEqual(asked + 7_200_000);
    expect(failed.nextAttemptAt).toBeLessThanOrEqual(Date.now() + 24 * 3_600_000);
    const options = await extension.context.newPage();
    await options.goto(`${extension.extensionOrigin}/options.html`);
    const error = options.locator(`li.nl-source[data-source-id="${SOURCE}"] [data-field="error"]`);
    await error.getByText(/HTTP 429/).waitFor();
    const shown = /Next try: (.+)\./.exec((await error.textContent()) ?? '')?.[1];
    expect(shown, 'the next attempt time in the options page').toBeTruthy();
    expect(Math.abs(Date.parse(shown!) - failed.nextAttemptAt!)).toBeLessThan(2_000);
    await options.close();
    expect(await source()).toMatchObject({ version: '1', entityCount: COUNT });

    // The server recovers; "Sync now" goes ahead (a manual sync does not wait out the backoff).
    await server.setFaults({});
    const recovered = await syncNow();
    expect(recovered).toMatchObject({ version: '2', entityCount: COUNT, lastResult: 'updated' });
    expect(recovered.lastError).toBeUndefined();
    expect(recovered.nextAttemptAt).toBeUndefined();
  });

  it('wrong checksum: a delta whose result does not verify is discarded and the snapshot fetched at once', async () => {
    publish(3, people(3));
    editManifest((m) => {
      const deltas = m.deltas as { to: number; result: string }[];
      deltas.find((d) => d.to === 3)!.result = 'f'.repeat(64);
    });
    server.requests.length = 0;
    const synced = await syncNow();
    expect(synced).toMatchObject({ version: '3', entityCount: COUNT, lastResult: 'updated' });
    const files = server.requests.filter((r) => !r.includes('manifest.json'));
    expect(files).toEqual([expect.stringMatching(/^GET \/feed\/deltas\/2-3\.ndjson 200/), expect.stringMatching(/^GET \/feed\/snapshots\/3\.ndjson 200/)]);
    const state = await readLiveState(page, SOURCE);
    expect(state.rowsChecksum).toBe(readManifest(join(served, 'feed')).snapshot.result);
  });

  it('wrong checksum: a file with wrong bytes is rejected and the old knowledge base kept', async () => {
    publish(4, people(4));
    editManifest((m) => (m.deltas = [])); // the snapshot, so the whole file is checked
    await server.setFaults({ corrupt: true, match: 'snapshots/' });
    const failed = await syncNow();
    expect(failed.lastError).toMatch(/did not match its SHA-256 checksum/);
    expect(failed).toMatchObject({ version: '3', entityCount: COUNT });
    await server.setFaults({});
  });

  it('malformed records: the version is rejected, the count reported, the old knowledge base kept', async () => {
    publish(5, people(5));
    editManifest((m) => (m.deltas = []));
    // A publisher bug: two records that do not pass the schema, in a file whose checksum is right.
    const manifest = readManifest(join(served, 'feed'));
    const path = join(served, 'feed', manifest.snapshot.url);
    const lines = readFileSync(path, 'utf8').split('\n');
    lines[10] = lines[10]!.replace('"type":"person"', '"type":"alien"');
    lines[11] = '{"id": "not json';
    const text = lines.join('\n');
    writeFileSync(path, text);
    editManifest((m) => {
      const snapshot = m.snapshot as { bytes: number; sha256: string };
      snapshot.bytes = Buffer.byteLength(text);
      snapshot.sha256 = sha256Hex(text);
    });
    const before = await readLiveState(page, SOURCE);
    const failed = await syncNow();
    expect(failed.lastError).toMatch(/^Version 5 was not applied: 2 malformed records \(line 11: .*type.*; line 12: not valid JSON\)\.$/);
    expect(failed).toMatchObject({ version: '3', entityCount: COUNT });
    expect(await readLiveState(page, SOURCE)).toEqual(before);
  });

  it('never rolls back: a manifest older than the local version is refused and the local version kept', async () => {
    // (Version 5 above is broken: version 6 is a snapshot only.)
    buildFeed(people(6), { outDir: join(served, 'feed'), source: SOURCE, title: 'Fault test feed', version: 6 });
    expect(await syncNow()).toMatchObject({ version: '6', lastResult: 'updated' });
    const before = await readLiveState(page, SOURCE);
    // A stale mirror serves version 3 again.
    cpSync(join(root, 'feed-v3', 'manifest.json'), join(served, 'feed', 'manifest.json'));
    const kept = await syncNow();
    expect(kept).toMatchObject({ version: '6', lastResult: 'kept-newer' });
    expect(kept.lastMessage).toMatch(/offers version 3, older than the version 6 you have; yours was kept/);
    expect(await readLiveState(page, SOURCE)).toEqual(before);
  });

  it('bad signature: a manifest not signed by the pinned key is refused with a clear error, old knowledge base kept', async () => {
    const key = newKeyPair(join(root, 'signing.pem'));
    const records = people(1).map((r) => ({ ...r, id: `signed-${r.id}` }));
    buildFeed(records, { outDir: join(served, 'signed'), source: SIGNED, title: 'Signed feed', version: 1, key });
    expect(await syncAndWait('addSource', { url: feedUrl('signed') }, SIGNED)).toMatchObject({ version: '1', entityCount: COUNT, signed: true });
    const before = await readLiveState(page, SIGNED);

    // Version 2, with the signature made by another key (what a tampered mirror could serve).
    buildFeed(records, { outDir: join(served, 'signed'), source: SIGNED, title: 'Signed feed', version: 2, key });
    const other = generateKeyPairSync('ed25519').privateKey;
    const bytes = readFileSync(join(served, 'signed', 'manifest.json'));
    writeFileSync(join(served, 'signed', 'manifest.json.sig'), sign(null, bytes, other).toString('base64') + '\n');
    const refused = await syncNow(SIGNED);
    expect(refused.lastError).toBe("The feed's signature does not match the key pinned when it was added; the update was refused.");
    expect(refused).toMatchObject({ version: '1', entityCount: COUNT });
    expect(await readLiveState(page, SIGNED)).toEqual(before);
  });
});
