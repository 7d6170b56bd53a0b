/**
 * The kill test (issue 6, Acceptance): while the extension syncs a 100,000-entity snapshot over a
 * live older version, its service worker is terminated through the DevTools protocol
 * (Target.closeTarget) 20 times, at points chosen by the progress the worker reports: while it
 * checks the manifest, all along the download and staging, right after it wakes, while it
 * verifies, around the flip and during the cleanup. After each kill the KB, read straight from
 * IndexedDB, is exactly the old version or exactly the new one (row count and the state checksum
 * recomputed from the stored rows); then a message from an extension page wakes the worker, whose
 * `getStatus` reports the old or the new full count, and the engine resumes by itself. At the end
 * the new version is live, verified, and nothing else is left.
 *
 * Deterministic: every kill waits for a condition (a progress report, the worker running), never
 * for a fixed time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildFeed } from '../../utils/feed-tools/feed-build';
import { syntheticRecords } from '../../utils/kb-build/synthetic-pack';
import type { FeedManifest } from '../../utils/sync/manifest';
import { CHUNK_LINES } from '../../utils/sync/apply-job';
import { launchExtension, type LaunchedExtension } from './support/launch';
import {
  BrowserDevtools,
  ask,
  pollUntil,
  clearProgressLog,
  progressLog,
  holdWriteLock,
  preGrantedBuild,
  readLiveState,
  recordSyncProgress,
  startKbServe,
  waitForProgress,
  type KbServe,
  type LiveState,
  type ProgressCondition,
} from './support/sync-harness';

const SOURCE = 'kill-feed';
const OLD_COUNT = 1_000;
const NEW_COUNT = 100_000;
/** ms for the whole test: a 100k sync here takes 30–45 s, plus 20 restarts. */
const TEST_TIMEOUT_MS = 240_000;

interface KillPoint {
  label: string;
  /** Kill once the worker reported this; without it, as soon as the worker runs again. */
  when?: ProgressCondition;
  /** Before waiting for `when`: wait for this, then hold a write lock on `sources` (see below). */
  lockAfter?: ProgressCondition;
  /** The version readers must see after this kill, when it is certain. */
  expect?: 1 | 2;
}

// Three chunks before the end: still downloading (the chunk after a report is already being
// written, pipelined, so a kill at the very last report would land after the download).
const LAST_CHUNKS = NEW_COUNT - 3 * CHUNK_LINES;
const KILL_POINTS: KillPoint[] = [
  { label: 'checking the manifest', when: { phases: ['checking'] }, expect: 1 },
  ...Array.from({ length: 15 }, (_, i): KillPoint => {
    const records = Math.round(((i + 1) * NEW_COUNT) / 17);
    return { label: `downloading, ${records} records staged`, when: { phases: ['downloading'], records }, expect: 1 };
  }),
  { label: 'right after waking up', expect: 1 },
  { label: 'writing the last chunks', when: { phases: ['downloading'], records: LAST_CHUNKS }, expect: 1 },
  // The flip needs `sources`: a reader holding a write lock on it stops the worker inside the
  // flip (after it reported "applying", before its transaction can commit).
  { label: 'inside the flip, before it commits', lockAfter: { phases: ['downloading', 'verifying'] }, when: { phases: ['applying'] }, expect: 1 },
  // "cleaning" is reported once the flip committed.
  { label: 'after the flip, cleaning up', when: { phases: ['cleaning'] }, expect: 2 },
];

let root: string;
let server: KbServe;
let extension: LaunchedExtension;
let devtools: BrowserDevtools;
let page: Page;
let v1: FeedManifest;
let v2: FeedManifest;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'newslens-sync-kill-'));
  const feedDir = join(root, 'feed');
  v1 = buildFeed([...syntheticRecords(OLD_COUNT, { seed: 7 })], { outDir: feedDir, source: SOURCE, title: 'Kill test feed', version: 1 });
  server = await startKbServe(feedDir);
  extension = await launchExtension({ extensionDir: preGrantedBuild(root) });
  devtools = await BrowserDevtools.open(extension);
  page = await extension.context.newPage();
  // A quiet extension page: the options page asks the worker for the sync status at every progress
  // report, which would wake a just-killed worker within milliseconds and let it resume (and
  // finish) the sync behind the test's back. This page sends nothing unless the test asks.
  await page.goto(`${extension.extensionOrigin}/add-entity.html`);
  await recordSyncProgress(page);
  // Version 1 goes live normally.
  await ask(page, 'addSource', { url: `${server.url}/manifest.json` });
  await pollUntil(() => readLiveState(page, SOURCE), (s) => s.seq === 1, 30_000, 'version 1');
  // Version 2: 100,000 entities, a snapshot only (no delta from version 1).
  v2 = buildFeed([...syntheticRecords(NEW_COUNT, { seed: 8 })], { outDir: feedDir, source: SOURCE, title: 'Kill test feed', version: 2 });
}, 120_000);

afterAll(async () => {
  await devtools?.detach();
  await extension?.close();
  await server?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** Exactly version 1 or exactly version 2: what readers see is one complete, verified version. */
function expectWholeVersion(state: LiveState, where: string): 1 | 2 {
  expect(state.rowsChecksum, `${where}: the stored rows sum to the source's checksum`).toBe(state.checksum);
  expect(state.entityCount, `${where}: the count readers are told is the rows stored`).toBe(state.rows);
  const old = state.seq === 1 && state.rows === OLD_COUNT && state.checksum === v1.snapshot.result;
  const next = state.seq === 2 && state.rows === NEW_COUNT && state.checksum === v2.snapshot.result;
  expect(old || next, `${where}: ${JSON.stringify({ seq: state.seq, rows: state.rows })}`).toBe(true);
  return old ? 1 : 2;
}

describe('a sync survives its service worker being killed', () => {
  it(
    `applies a ${NEW_COUNT.toLocaleString('en')}-entity snapshot through ${KILL_POINTS.length} kills; readers only ever see the old or the new version`,
    async () => {
      const before = await readLiveState(page, SOURCE);
      expect(expectWholeVersion(before, 'before')).toBe(1);
      const bundled = (await ask<{ entityCount: number }>(page, 'getStatus')).entityCount - OLD_COUNT;

      await clearProgressLog(page);
      await ask(page, 'syncNow', { id: SOURCE });
      const seen: string[] = [];
      const t0 = Date.now();
      for (const point of KILL_POINTS) {
        let lock: { release(): Promise<void> } | undefined;
        try {
          if (point.lockAfter) {
            await waitForProgress(page, point.lockAfter, 90_000);
            lock = await holdWriteLock(page, ['sources']);
          }
          if (point.when) await waitForProgress(page, point.when, 90_000);
          else await devtools.waitForWorker(true);
        } catch (e) {
          const reports = (await progressLog(page)).map((p) => `${p.phase}${p.records ? ` ${p.records}` : ''}`).join(', ');
          throw new Error(
            `waiting to kill at "${point.label}" (after ${seen.join(', ')}): ${String(e)}; state ${JSON.stringify(await readLiveState(page, SOURCE))}; reports since the last kill: ${reports}`,
          );
        }
        expect(await devtools.killWorker(), `a worker to kill at "${point.label}"`).toBe(true);
        await devtools.waitForWorker(false);
        await lock?.release();
        await clearProgressLog(page);
        const version = expectWholeVersion(await readLiveState(page, SOURCE), `killed ${point.label}`);
        if (point.expect) expect(version, `the version live after a kill at "${point.label}"`).toBe(point.expect);
        seen.push(`${point.label}: v${version}`);
        process.stderr.write(`kill ${seen.length} at ${((Date.now() - t0) / 1000).toFixed(1)} s: ${seen.at(-1)}\n`);
        // Wake the worker the way any extension page does; it resumes the sync by itself.
        const status = await ask<{ entityCount: number }>(page, 'getStatus');
        expect([bundled + OLD_COUNT, bundled + NEW_COUNT], `getStatus after "${point.label}"`).toContain(status.entityCount);
      }

      // After the last restart the sync finishes: the new version alone, verified, no job left.
      await expect
        .poll(async () => {
          const s = await readLiveState(page, SOURCE);
          return { seq: s.seq, jobs: s.jobs, total: s.totalRows };
        }, { timeout: 60_000, interval: 250 })
        .toEqual({ seq: 2, jobs: 0, total: bundled + NEW_COUNT });
      const after = await readLiveState(page, SOURCE);
      expect(expectWholeVersion(after, 'after')).toBe(2);
      expect((await ask<{ entityCount: number }>(page, 'getStatus')).entityCount).toBe(bundled + NEW_COUNT);
    },
    TEST_TIMEOUT_MS,
  );
});
