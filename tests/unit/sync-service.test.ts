/**
 * The sync service's scheduling in one worker: a request that arrives while a sync runs is not
 * lost, and a sync interrupted before its download started (no job row yet) resumes at the next
 * worker start. Real feed server, fake IndexedDB.
 */
import { describe, expect, it } from 'vitest';
import type { KbDatabase } from '../../utils/background/db/kb-database';
import { getLiveEntity } from '../../utils/sync/generations';
import { SYNC_PENDING_KEY, mergeSyncOptions, resumePending, syncAll, type SyncServiceDeps } from '../../utils/sync/sync-service';
import { SOURCE, addFeed, people, type FeedFixture, withFeedAndDb } from './helpers/sync-feed';

let feed: FeedFixture;
let db: KbDatabase;
let deps: SyncServiceDeps;

withFeedAndDb((f, d) => {
  [feed, db] = [f, d];
  deps = { db, onKbChanged: () => undefined };
});

describe('sync service', () => {
  it('runs a request made during a running sync afterwards, instead of joining it and missing its source', async () => {
    feed.publish(people(10));
    const first = syncAll(deps); // lists no feed: none is added yet
    await addFeed(db, feed);
    const second = syncAll(deps, { manual: true, only: SOURCE });
    expect((await first).outcomes).toEqual({});
    expect((await second).outcomes[SOURCE]).toMatchObject({ result: 'updated' });
    expect(await getLiveEntity(db, 'person-3')).toBeDefined();
  });

  it('merges a queued scheduled sync with "Sync now" for one source: only that source ignores its backoff', async () => {
    feed.publish(people(10));
    await addFeed(db, feed);
    const later = Date.now() + 60 * 60_000;
    const backoff = { addedAt: '2026-11-01T00:00:00Z', failures: 2, nextAttemptAt: later };
    await db.sources.update(SOURCE, { sync: backoff });
    // Another feed, failing and waiting for its retry (its address serves nothing).
    const other = { ...(await db.sources.get(SOURCE))!, id: 'other-feed', url: `${feed.server.url}/other/manifest.json`, sync: backoff };
    await db.sources.put(other);
    const running = syncAll(deps); // a scheduled sync runs...
    const alarm = syncAll(deps); // ...an alarm queues another...
    const syncNow = syncAll(deps, { manual: true, only: SOURCE }); // ...and "Sync now" for one source joins it.
    await running;
    expect(await alarm).toBe(await syncNow);
    const { outcomes } = await syncNow;
    expect(outcomes[SOURCE]).toMatchObject({ result: 'updated' });
    expect(outcomes['other-feed']).toMatchObject({ result: 'waiting' });
    expect((await db.sources.get('other-feed'))?.sync).toMatchObject({ failures: 2, nextAttemptAt: later });
  });

  it('merges requests: the sources are the union, "manual" stays with the sources it was asked for', () => {
    expect(mergeSyncOptions({}, { manual: true, only: 'a' })).toEqual({ manual: false, manualFor: ['a'] });
    expect(mergeSyncOptions({ manual: true, only: 'a' }, { manual: true, only: 'b' })).toEqual({ manual: false, manualFor: ['a', 'b'] });
    expect(mergeSyncOptions({ manual: true, only: 'a' }, { manual: true, only: 'a' })).toEqual({ manual: true, only: 'a' });
    expect(mergeSyncOptions({ manual: false, manualFor: ['a'] }, { manual: true })).toEqual({ manual: true });
    expect(mergeSyncOptions({ only: 'a' }, { only: 'b' })).toEqual({ manual: false });
  });

  it('resumes a sync that was interrupted before its download began, and leaves no marker behind', async () => {
    feed.publish(people(10));
    await addFeed(db, feed);
    // What a worker killed while fetching the manifest leaves: the marker, no job.
    await db.meta.put({ key: SYNC_PENDING_KEY, value: { manual: false } });
    await resumePending(deps);
    expect((await db.sources.get(SOURCE))?.entityCount).toBe(10);
    expect(await db.meta.get(SYNC_PENDING_KEY)).toBeUndefined();
  });
});
