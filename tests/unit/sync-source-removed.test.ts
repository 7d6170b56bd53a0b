/**
 * A feed removed while it syncs: the sync stops quietly (no job created for it, no error recorded
 * or reported for a source that is gone), and job rows orphaned by such a race in the past are
 * dropped with their downloaded records instead of being resumed forever or flipped live when the
 * same feed is added again. Real feed server, fake IndexedDB.
 */
import { describe, expect, it } from 'vitest';
import type { KbDatabase } from '../../utils/background/db/kb-database';
import { readManifest } from '../../utils/feed-tools/feed-files';
import { createJob, runJob } from '../../utils/sync/apply-job';
import { getLiveEntity } from '../../utils/sync/generations';
import { resolveFileUrl } from '../../utils/sync/manifest';
import { isIndexRow, isPackRow } from '../../utils/sync/packed-layout';
import { syncSource } from '../../utils/sync/sync-source';
import { removeSource, resumePending } from '../../utils/sync/sync-service';
import { SOURCE, addFeed, people, type FeedFixture, withFeedAndDb } from './helpers/sync-feed';

let feed: FeedFixture;
let db: KbDatabase;
withFeedAndDb((f, d) => ([feed, db] = [f, d]));

const feedPacks = async () => (await db.records.toArray()).filter((r) => isPackRow(r) && r.source === SOURCE);

/**
 * What a sync that raced a removal used to leave: a complete, verified, indexed download of the
 * published snapshot in a job row whose source row is gone.
 */
async function orphanJob(): Promise<void> {
  await addFeed(db, feed);
  const m = readManifest(feed.feedDir);
  const step = { ...m.snapshot, url: resolveFileUrl(feed.manifestUrl, m.snapshot.url), to: m.version };
  const job = await createJob(db, { source: SOURCE, kind: 'snapshot', steps: [step], target: { version: m.version, label: String(m.version), title: m.title } }, undefined);
  await runJob(db, job!);
  await db.sources.delete(SOURCE); // not removeSource: that deletes the job in the same transaction
  expect(await db.syncJobs.count()).toBe(1);
}

describe('a feed removed while it syncs', () => {
  it('removed while its manifest is being fetched: no job is created, nothing is downloaded or reported', async () => {
    feed.publish(people(200));
    await addFeed(db, feed);
    feed.server.setFaults({ delayMs: 300, match: 'manifest.json' });
    const sync = syncSource(db, SOURCE, { manual: true, hooks: { chunkLines: 50 } });
    await new Promise((r) => setTimeout(r, 100));
    await removeSource(db, SOURCE); // the user clicks "Remove" during "checking"
    feed.server.setFaults({});
    expect(await sync).toMatchObject({ result: 'skipped', changed: false });
    expect(feed.requests.map((r) => r.path)).not.toContain('/feed/snapshots/1.ndjson');
    await resumePending({ db, onKbChanged: () => undefined }); // next worker start
    expect(await db.syncJobs.count()).toBe(0);
    expect(await feedPacks()).toHaveLength(0);
    expect((await db.records.toArray()).filter(isIndexRow).length).toBeLessThan(5);
    expect(await db.sources.get(SOURCE)).toBeUndefined();
  });

  it('switched off while its manifest is being fetched: no job, and no result recorded on it', async () => {
    feed.publish(people(20));
    await addFeed(db, feed);
    feed.server.setFaults({ delayMs: 200, match: 'manifest.json' });
    const sync = syncSource(db, SOURCE, { manual: true });
    await new Promise((r) => setTimeout(r, 50));
    await db.sources.update(SOURCE, { enabled: false });
    feed.server.setFaults({});
    expect(await sync).toMatchObject({ result: 'skipped' });
    expect(await db.syncJobs.count()).toBe(0);
    const state = (await db.sources.get(SOURCE))?.sync;
    expect([state?.failures, state?.lastResult, state?.lastError]).toEqual([0, undefined, undefined]);
  });

  it('removed during the download: the sync stops without an error about the removed source', async () => {
    feed.publish(people(60));
    await addFeed(db, feed);
    let chunks = 0;
    const outcome = await syncSource(db, SOURCE, {
      manual: true,
      hooks: {
        chunkLines: 10,
        afterChunk: async () => {
          if (++chunks === 2) await removeSource(db, SOURCE);
        },
      },
    });
    expect(outcome).toMatchObject({ result: 'skipped', changed: false });
    expect(outcome.message).not.toMatch(/Another sync/);
    expect(await db.syncJobs.count()).toBe(0);
    expect(await feedPacks()).toHaveLength(0);
  });
});

describe('jobs orphaned by an earlier removal', () => {
  it('are dropped with their records at the next worker start, not resumed', async () => {
    feed.publish(people(30));
    await orphanJob();
    expect((await feedPacks()).length).toBeGreaterThan(0);
    feed.requests.length = 0;
    await resumePending({ db, onKbChanged: () => undefined });
    expect(await db.syncJobs.count()).toBe(0);
    expect(await feedPacks()).toHaveLength(0);
    expect(feed.requests).toHaveLength(0); // nothing was synced for it
  });

  it('are not flipped live when the same feed is added again', async () => {
    feed.publish(people(30, 'stale'));
    await orphanJob();
    feed.publish(people(30, 'fresh'), { delta: false, version: 2 });
    await addFeed(db, feed);
    expect(await syncSource(db, SOURCE, { manual: true })).toMatchObject({ result: 'updated' });
    expect(await db.sources.get(SOURCE)).toMatchObject({ seq: 2, entityCount: 30 });
    expect((await getLiveEntity(db, 'person-3'))?.description).toContain('(fresh)');
  });
});
