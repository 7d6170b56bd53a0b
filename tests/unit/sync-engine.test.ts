/**
 * The sync engine end to end in Node: real feed folders (`kb build`/`kb diff` code), the real
 * feed server on 127.0.0.1 with its fault switches, and a fake IndexedDB. Each test checks what
 * readers see (utils/sync/generations.ts) before and after.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KbDatabase } from '../../utils/background/db/kb-database';
import { toRow } from '../../utils/background/user-data/own-entities';
import { getCardWithOwn } from '../../utils/background/user-data/own-lookups';
import { allLiveEntities, getLiveEntity } from '../../utils/sync/generations';
import { indexIds, isIndexRow } from '../../utils/sync/packed-layout';
import { syncSource } from '../../utils/sync/sync-source';
import { getSyncStatus, removeSource, resetSyncedData, syncAll } from '../../utils/sync/sync-service';
import { SOURCE, addFeed, breakRecords, closeDb, feedFixture, openDb, people, type FeedFixture, withFeedAndDb } from './helpers/sync-feed';
import { entity } from './helpers/entities';

let feed: FeedFixture;
let db: KbDatabase;
withFeedAndDb((f, d) => ([feed, db] = [f, d]));
afterEach(() => {
  vi.restoreAllMocks();
});

const manual = { manual: true, hooks: { chunkLines: 7 } };
const liveIds = async () => (await allLiveEntities(db)).map((e) => e.id).sort();
const source = async () => (await db.sources.get(SOURCE))!;
/** Entities indexed in `records`, every generation (live, staged and garbage) counted. */
const recordRows = async () => (await db.records.toArray()).filter(isIndexRow).reduce((n, row) => n + indexIds(row).length, 0);

async function syncedAt(records: ReturnType<typeof people>) {
  feed.publish(records);
  await addFeed(db, feed);
  const outcome = await syncSource(db, SOURCE, manual);
  expect(outcome).toMatchObject({ result: 'updated', changed: true });
}

describe('sync engine', () => {
  it('applies a snapshot: records become live with their source, count and checksum', async () => {
    await syncedAt(people(40));
    const s = await source();
    expect(s).toMatchObject({ version: '1', seq: 1, entityCount: 40, enabled: true });
    expect(s.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(s.sync).toMatchObject({ lastResult: 'updated', failures: 0 });
    expect(s.sync?.lastMessage).toMatch(/Updated to version 1 \(40 entities\)/);
    expect(await getLiveEntity(db, 'person-7')).toMatchObject({ name: 'Person Number7', source: SOURCE });
    expect(await liveIds()).toHaveLength(41); // + the bundled pack's one
    expect(await db.syncJobs.count()).toBe(0);
    expect(await recordRows()).toBe(41); // no garbage generation left
  });

  it('applies a delta chain, and only the changed records are downloaded', async () => {
    await syncedAt(people(40));
    feed.publish([...people(30), ...people(5, 'v2', 30), entity({ id: 'new-one', type: 'term', name: 'New One' })]);
    feed.publish([...people(30), ...people(5, 'v3', 30), entity({ id: 'new-one', type: 'term', name: 'New One' })]);
    feed.requests.length = 0;
    expect(await syncSource(db, SOURCE, manual)).toMatchObject({ result: 'updated' });
    const paths = feed.requests.map((r) => r.path);
    expect(paths).toContain('/feed/deltas/1-2.ndjson');
    expect(paths).toContain('/feed/deltas/2-3.ndjson');
    expect(paths.some((p) => p.includes('snapshots'))).toBe(false);
    expect(await source()).toMatchObject({ seq: 3, entityCount: 36 });
    expect((await getLiveEntity(db, 'person-31'))?.description).toContain('(v3)');
    expect(await getLiveEntity(db, 'person-39')).toBeUndefined(); // tombstoned
    expect(await getLiveEntity(db, 'new-one')).toBeDefined();
    // The delta's staged packs went with its job: only live generations are left.
    expect(await db.syncJobs.count()).toBe(0);
  });

  it('a delta whose result checksum does not match is thrown away and the snapshot fetched', async () => {
    await syncedAt(people(20));
    // The local KB drifted (as if a bit flipped on disk): the delta's result cannot match.
    const s = await source();
    await db.sources.put({ ...s, checksum: '1'.repeat(64) });
    feed.publish([...people(18), ...people(2, 'v2', 18)]);
    feed.requests.length = 0;
    expect(await syncSource(db, SOURCE, manual)).toMatchObject({ result: 'updated' });
    const paths = feed.requests.map((r) => r.path);
    expect(paths).toContain('/feed/deltas/1-2.ndjson');
    expect(paths).toContain('/feed/snapshots/2.ndjson');
    expect((await getLiveEntity(db, 'person-19'))?.description).toContain('(v2)');
    expect((await source()).checksum).not.toBe('1'.repeat(64));
  });

  it('a snapshot with wrong bytes is rejected and the old KB kept', async () => {
    await syncedAt(people(20));
    feed.publish(people(25, 'v2'), { delta: false });
    feed.server.setFaults({ corrupt: true, match: 'snapshots/' });
    const outcome = await syncSource(db, SOURCE, manual);
    expect(outcome.result).toBe('error');
    expect(outcome.message).toMatch(/SHA-256/);
    expect(await source()).toMatchObject({ seq: 1, entityCount: 20 });
    expect(await liveIds()).toHaveLength(21);
    expect((await getLiveEntity(db, 'person-3'))?.description).toContain('(v1)');
  });

  it('a truncated download is reported, keeps the old KB, and resumes with a Range request', async () => {
    await syncedAt(people(20));
    feed.publish(people(60, 'v2'), { delta: false });
    const { snapshot } = JSON.parse(await (await fetch(feed.manifestUrl)).text()) as { snapshot: { bytes: number } };
    feed.server.setFaults({ truncate: Math.floor(snapshot.bytes * 0.6), match: 'snapshots/' });
    const outcome = await syncSource(db, SOURCE, manual);
    expect(outcome).toMatchObject({ result: 'error' });
    expect(outcome.message).toMatch(/cut short/);
    expect(await source()).toMatchObject({ seq: 1, entityCount: 20 });
    expect((await source()).sync?.lastError).toMatch(/cut short/);
    expect(await liveIds()).toHaveLength(21);
    const job = (await db.syncJobs.get(SOURCE))!;
    expect(job.offset).toBeGreaterThan(0);

    feed.server.setFaults({});
    feed.requests.length = 0;
    expect(await syncSource(db, SOURCE, manual)).toMatchObject({ result: 'updated' });
    const snapshotRequest = feed.requests.find((r) => r.path.includes('snapshots/'));
    expect(snapshotRequest).toMatchObject({ status: 206, range: `bytes=${job.offset}-` });
    expect(await source()).toMatchObject({ seq: 2, entityCount: 60 });
  });

  it('a broken connection mid-download is reported as such and resumed later', async () => {
    await syncedAt(people(10));
    feed.publish(people(50, 'v2'), { delta: false });
    feed.server.setFaults({ breakAfter: 9_000, match: 'snapshots/' });
    const outcome = await syncSource(db, SOURCE, manual);
    expect(outcome.result).toBe('error');
    expect(await source()).toMatchObject({ seq: 1 });
    feed.server.setFaults({});
    expect(await syncSource(db, SOURCE, manual)).toMatchObject({ result: 'updated' });
    expect(await source()).toMatchObject({ seq: 2, entityCount: 50 });
  });

  it('starts a file over when the server ignores the Range request', async () => {
    await syncedAt(people(10));
    feed.publish(people(50, 'v2'), { delta: false });
    feed.server.setFaults({ truncate: 6_000, match: 'snapshots/' });
    await syncSource(db, SOURCE, manual);
    feed.server.setFaults({ noRange: true });
    expect(await syncSource(db, SOURCE, manual)).toMatchObject({ result: 'updated' });
    expect(await source()).toMatchObject({ seq: 2, entityCount: 50 });
    const fresh = await openDb();
    try {
      await addFeedTo(fresh);
      expect((await fresh.sources.get(SOURCE))?.checksum).toBe((await source()).checksum);
    } finally {
      await closeDb(fresh);
    }
  });

  async function addFeedTo(other: KbDatabase) {
    await addFeed(other, feed);
    expect(await syncSource(other, SOURCE, manual)).toMatchObject({ result: 'updated' });
  }

  it('a 304 on the manifest changes nothing and downloads nothing else', async () => {
    await syncedAt(people(10));
    const before = await source();
    feed.requests.length = 0;
    expect(await syncSource(db, SOURCE, manual)).toMatchObject({ result: 'up-to-date', changed: false });
    expect(feed.requests).toEqual([expect.objectContaining({ path: '/feed/manifest.json', status: 304 })]);
    const after = await source();
    expect(after).toMatchObject({ liveGen: before.liveGen, seq: 1, checksum: before.checksum });
    expect(after.sync?.lastResult).toBe('up-to-date');
  });

  it('backs off after a 500, honours Retry-After on a 429, and succeeds later', async () => {
    feed.publish(people(10));
    await addFeed(db, feed);
    let now = Date.parse('2026-11-29T10:00:00Z');
    const clock = { now: () => now, random: () => 0.5 };
    feed.server.setFaults({ status: 500 });
    expect(await syncSource(db, SOURCE, { ...clock })).toMatchObject({ result: 'error' });
    let s = await source();
    expect(s.sync).toMatchObject({ failures: 1, lastResult: 'error' });
    expect(s.sync?.lastError).toMatch(/had a problem \(HTTP 500\)/);
    expect(s.sync!.nextAttemptAt! - now).toBe(45_000);
    // A scheduled run before the backoff is over leaves it alone.
    feed.requests.length = 0;
    expect(await syncSource(db, SOURCE, { ...clock })).toMatchObject({ result: 'waiting' });
    expect(feed.requests).toHaveLength(0);

    now += 60_000;
    feed.server.setFaults({ status: 429, retryAfter: 3600 });
    expect(await syncSource(db, SOURCE, { ...clock })).toMatchObject({ result: 'error' });
    s = await source();
    expect(s.sync?.failures).toBe(2);
    expect(s.sync!.nextAttemptAt! - now).toBe(3_600_000);
    expect(s.sync?.lastError).toMatch(/slow down \(HTTP 429\)/);

    now += 3_600_000;
    feed.server.setFaults({});
    expect(await syncSource(db, SOURCE, { ...clock })).toMatchObject({ result: 'updated' });
    s = await source();
    expect(s.sync).toMatchObject({ failures: 0, lastResult: 'updated' });
    expect(s.sync?.nextAttemptAt).toBeUndefined();
    expect(s.sync?.lastError).toBeUndefined();
  });

  it('never rolls back when the feed offers an older version', async () => {
    feed.publish(people(10), { version: 5 });
    await addFeed(db, feed);
    await syncSource(db, SOURCE, manual);
    feed.publish(people(3, 'old'), { version: 4, delta: false });
    const outcome = await syncSource(db, SOURCE, manual);
    expect(outcome).toMatchObject({ result: 'kept-newer', changed: false });
    expect(outcome.message).toMatch(/older than the version 5 you have/);
    expect(await source()).toMatchObject({ seq: 5, entityCount: 10 });
    expect((await getLiveEntity(db, 'person-1'))?.description).toContain('(v1)');
  });

  it('rejects a version with malformed records, reports them, and keeps the old KB', async () => {
    await syncedAt(people(10));
    feed.publish(people(12, 'v2'), { delta: false });
    // Corrupt two lines of the published snapshot and fix up its hashes, as a buggy publisher would.
    breakRecords(feed.feedDir, ['person-4', 'person-9']);
    const outcome = await syncSource(db, SOURCE, manual);
    expect(outcome.result).toBe('error');
    expect(outcome.message).toMatch(/Version 2 was not applied: 2 malformed records/);
    expect(outcome.message).toMatch(/person-4: type/);
    expect(await source()).toMatchObject({ seq: 1, entityCount: 10 });
    expect((await source()).sync?.badVersion).toBe(2);
    // A scheduled sync does not download the rejected version again.
    feed.requests.length = 0;
    await syncSource(db, SOURCE, {});
    expect(feed.requests.map((r) => r.path)).toEqual(['/feed/manifest.json']);
  });

  it('refuses a version with "user-" ids (the reader\'s own entities\'), which would shadow the reader\'s own', async () => {
    const mine = entity({ id: 'user-my-minister-abc123', type: 'person', name: 'My Minister' });
    await db.ownEntities.add(toRow(mine, '2026-11-29T00:00:00Z'));
    await syncedAt(people(5));
    feed.publish([...people(5), { ...mine, name: 'Impostor' }], { delta: false });
    const outcome = await syncSource(db, SOURCE, manual);
    expect(outcome.result).toBe('error');
    expect(outcome.message).toMatch(/1 malformed record \(line 6: user-my-minister-abc123: ids starting with "user-" are reserved/);
    expect(await source()).toMatchObject({ seq: 1, entityCount: 5 });
    expect(await getLiveEntity(db, mine.id)).toBeUndefined();
    expect((await getCardWithOwn(db, mine.id))?.entity.name).toBe('My Minister');
  });

  it('a quota error is reported in plain words and leaves the old KB intact', async () => {
    await syncedAt(people(20));
    feed.publish(people(40, 'v2'), { delta: false });
    const real = db.records.bulkPut.bind(db.records);
    let calls = 0;
    vi.spyOn(db.records, 'bulkPut').mockImplementation(((rows: never) => {
      if (++calls === 3) return Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
      return real(rows);
    }) as never);
    const outcome = await syncSource(db, SOURCE, manual);
    expect(outcome.result).toBe('error');
    expect(outcome.message).toMatch(/not enough storage space for version 2/);
    expect(await source()).toMatchObject({ seq: 1, entityCount: 20 });
    expect((await getLiveEntity(db, 'person-3'))?.description).toContain('(v1)');
    // The half-written generation was dropped at once.
    expect(await db.syncJobs.count()).toBe(0);
    expect(await recordRows()).toBe(21);
  });

  it('resumes after the worker is killed mid-apply; readers only ever see the old or the new version', async () => {
    await syncedAt(people(30));
    const oldIds = await liveIds();
    feed.publish(people(80, 'v2'), { delta: false });
    const expected = await (async () => {
      const other = await openDb();
      await addFeed(other, feed);
      await syncSource(other, SOURCE, manual);
      const s = (await other.sources.get(SOURCE))!;
      await closeDb(other);
      return s;
    })();

    let kills = 0;
    for (const killAfter of [2, 3, 1, 4]) {
      let chunks = 0;
      const outcome = await syncSource(db, SOURCE, {
        manual: true,
        hooks: {
          chunkLines: 7,
          afterChunk: () => {
            if (++chunks === killAfter) throw new Error('worker killed');
          },
        },
      });
      if (outcome.result === 'updated') break;
      kills++;
      // Between kills the live KB is exactly the old version.
      expect(await liveIds()).toEqual(oldIds);
      expect(await source()).toMatchObject({ seq: 1, entityCount: 30 });
    }
    expect(kills).toBeGreaterThanOrEqual(3);
    if ((await source()).seq !== 2) expect(await syncSource(db, SOURCE, manual)).toMatchObject({ result: 'updated' });
    const s = await source();
    expect(s).toMatchObject({ seq: 2, entityCount: 80, checksum: expected.checksum });
    expect(await liveIds()).toHaveLength(81);
    expect(await recordRows()).toBe(81);
  });

  it('syncs several sources, each with its own state; removing one drops its records only', async () => {
    await syncedAt(people(5));
    const second = await feedFixture();
    try {
      const { buildFeed } = await import('../../utils/feed-tools/feed-build');
      buildFeed([entity({ id: 'other-thing', type: 'term', name: 'Other Thing' })], {
        outDir: second.feedDir,
        source: 'second-feed',
        title: 'Second',
      });
      await addFeed(db, second);
      second.server.setFaults({ status: 503 });
      const changed = vi.fn();
      const run = await syncAll({ db, onKbChanged: changed }, { manual: true });
      expect(run.outcomes['second-feed']?.result).toBe('error');
      expect(run.outcomes[SOURCE]?.result).toBe('up-to-date');
      second.server.setFaults({});
      await syncAll({ db, onKbChanged: changed }, { manual: true });
      expect(changed).toHaveBeenCalledTimes(1);
      expect(await getLiveEntity(db, 'other-thing')).toBeDefined();
      const status = await getSyncStatus(db);
      expect(status.sources.map((s) => [s.id, s.lastResult])).toEqual([
        ['second-feed', 'updated'],
        [SOURCE, 'up-to-date'],
        ['default', 'updated'],
      ]);
      await removeSource(db, 'second-feed');
      expect(await getLiveEntity(db, 'other-thing')).toBeUndefined();
      expect(await liveIds()).toHaveLength(6);
    } finally {
      await second.close();
    }
  });

  it('never touches user data; a reset keeps feeds added and re-downloads them', async () => {
    await db.notes.add({ entityId: 'person-1', text: 'mine', updatedAt: '2026-11-29T00:00:00Z' });
    await syncedAt(people(10));
    feed.publish(people(10, 'v2'));
    await syncSource(db, SOURCE, manual);
    expect(await db.notes.count()).toBe(1);
    await resetSyncedData(db);
    expect(await db.notes.count()).toBe(1);
    expect(await source()).toMatchObject({ version: '', entityCount: 0 });
    expect(await db.sources.get('default')).toBeUndefined();
    expect(await syncSource(db, SOURCE, manual)).toMatchObject({ result: 'updated' });
    expect(await source()).toMatchObject({ seq: 2, entityCount: 10 });
  });
});
