/**
 * The sync service's scheduling in one worker: a request that arrives while a sync runs is not
 * lost, and a sync interrupted before its download started (no job row yet) resumes at the next
 * worker start. Real feed server, fake IndexedDB.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KbDatabase } from '../../utils/background/db/kb-database';
import { getLiveEntity } from '../../utils/sync/generations';
import { SYNC_PENDING_KEY, resumePending, syncAll, type SyncServiceDeps } from '../../utils/sync/sync-service';
import { SOURCE, addFeed, closeDb, feedFixture, openDb, people, type FeedFixture } from './helpers/sync-feed';

let feed: FeedFixture;
let db: KbDatabase;
let deps: SyncServiceDeps;

beforeEach(async () => {
  feed = await feedFixture();
  db = await openDb();
  deps = { db, onKbChanged: () => undefined };
});
afterEach(async () => {
  await closeDb(db);
  await feed.close();
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
