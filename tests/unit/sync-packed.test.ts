/**
 * The packed storage of schema v3 (ADR 4, utils/sync/packed-layout.ts) through the real sync
 * engine: a snapshot takes far fewer rows than entities, a delta appends packs and rewrites only
 * the index buckets of the ids it changes, a snapshot listing an id twice is refused, and the
 * stored index always sums to the source's state checksum.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KbDatabase } from '../../utils/background/db/kb-database';
import { readManifest, sha256Hex, writeManifest } from '../../utils/feed-tools/feed-files';
import { getLiveEntities, getLiveEntity } from '../../utils/sync/generations';
import { bucketCountFor, bucketOf, digestAt, indexIds, isIndexRow, type RecordsRow } from '../../utils/sync/packed-layout';
import { StateChecksum } from '../../utils/sync/state-checksum';
import { syncSource } from '../../utils/sync/sync-source';
import { SOURCE, addFeed, people, type FeedFixture, withFeedAndDb } from './helpers/sync-feed';

let feed: FeedFixture;
let db: KbDatabase;
withFeedAndDb((f, d) => ([feed, db] = [f, d]));

const manual = { manual: true, hooks: { chunkLines: 100 } };
const COUNT = 1_200; // 3 buckets' worth at ~512 ids a bucket: 4 buckets

/** The live generation's rows, by key. */
async function liveRowsOf(): Promise<Map<string, RecordsRow>> {
  const gen = (await db.sources.get(SOURCE))!.liveGen!;
  const rows: RecordsRow[] = await db.records.where(':id').between([gen, ''], [gen, '\uffff']).toArray();
  return new Map(rows.map((r) => [r.id, r]));
}

/** The same, as comparable text (to see which ones a sync rewrote). */
async function liveRows(): Promise<Map<string, string>> {
  const text = (r: RecordsRow) => JSON.stringify(r, (_, v: unknown) => (v instanceof Int32Array ? [...v] : v));
  return new Map([...(await liveRowsOf())].map(([k, r]) => [k, text(r)]));
}

/** Sum of the digests the live index holds: must be the source's state checksum. */
async function indexChecksum(): Promise<string> {
  const sum = new StateChecksum();
  for (const row of (await liveRowsOf()).values()) {
    if (!isIndexRow(row) || !row.digests) continue;
    for (let i = 0; i < indexIds(row).length; i++) sum.add(digestAt(row, i)!);
  }
  return sum.hex();
}

describe('packed storage (schema v3)', () => {
  it('stores a snapshot in packs and buckets: far fewer rows than entities, every id found', async () => {
    feed.publish(people(COUNT));
    await addFeed(db, feed);
    expect(await syncSource(db, SOURCE, manual)).toMatchObject({ result: 'updated' });
    const source = (await db.sources.get(SOURCE))!;
    expect(source.layout).toEqual({ buckets: bucketCountFor(COUNT), packs: expect.any(Number) as number });
    const rows = await liveRows();
    expect(rows.size).toBeLessThan(COUNT / 20);
    expect([...rows.keys()].filter((k) => k.startsWith('f:'))).toEqual([]); // fragments became the index
    const ids = people(COUNT).map((p) => p.id);
    expect((await getLiveEntities(db, ids)).map((e) => e?.id)).toEqual(ids);
    expect(await indexChecksum()).toBe(source.checksum);
  });

  it('applies a delta by appending packs and rewriting only the buckets of the changed ids', async () => {
    feed.publish(people(COUNT));
    await addFeed(db, feed);
    await syncSource(db, SOURCE, manual);
    const before = await liveRows();
    const { buckets } = (await db.sources.get(SOURCE))!.layout!;
    // Change person-5, delete person-6: at most two buckets change.
    const next = people(COUNT).filter((p) => p.id !== 'person-6');
    next[5] = { ...next[5]!, description: 'Changed (v2).' };
    feed.publish(next);
    expect(await syncSource(db, SOURCE, manual)).toMatchObject({ result: 'updated' });
    const after = await liveRows();
    const changed = [...after].filter(([k, v]) => before.get(k) !== v).map(([k]) => k);
    const touched = new Set(['person-5', 'person-6'].map((id) => bucketOf(id, buckets)));
    expect(changed.filter((k) => k.startsWith('b:')).map((k) => Number(k.slice(2))).sort()).toEqual([...touched].sort());
    // One new pack; no existing pack rewritten, none removed.
    expect(changed.filter((k) => k.startsWith('p:'))).toHaveLength(1);
    expect([...before.keys()].every((k) => after.has(k))).toBe(true);
    expect((await getLiveEntity(db, 'person-5'))?.description).toBe('Changed (v2).');
    expect(await getLiveEntity(db, 'person-6')).toBeUndefined();
    const source = (await db.sources.get(SOURCE))!;
    expect(source.entityCount).toBe(COUNT - 1);
    expect(await indexChecksum()).toBe(source.checksum);
  });

  it('applies a delta line by line: an id deleted then put again, or put twice, in one chunk', async () => {
    feed.publish(people(10));
    await addFeed(db, feed);
    await syncSource(db, SOURCE, manual);
    const next = people(10);
    next[5] = { ...next[5]!, description: 'Changed (v2).' };
    next[6] = { ...next[6]!, description: 'Changed twice (v2).' };
    feed.publish(next);
    // Rewrite the delta as a publisher may: person-5 deleted and then put again, person-6 put
    // with a stale text and then with the final one. The resulting state (and so its checksum)
    // is the same; only the hashes of the file change.
    const manifest = readManifest(feed.feedDir);
    const delta = manifest.deltas.at(-1)!;
    const path = join(feed.feedDir, delta.url);
    const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
    const stale = JSON.stringify({ ...next[6], description: 'Stale (v1.5).' });
    const data = `${[JSON.stringify({ id: 'person-5', deleted: true }), stale, ...lines].join('\n')}\n`;
    writeFileSync(path, data);
    writeManifest(feed.feedDir, {
      ...manifest,
      deltas: manifest.deltas.map((d) => (d === delta ? { ...d, bytes: Buffer.byteLength(data), records: lines.length + 2, sha256: sha256Hex(data) } : d)),
    });
    expect(await syncSource(db, SOURCE, manual)).toMatchObject({ result: 'updated' });
    expect((await getLiveEntity(db, 'person-5'))?.description).toBe('Changed (v2).');
    expect((await getLiveEntity(db, 'person-6'))?.description).toBe('Changed twice (v2).');
    expect((await getLiveEntities(db, people(10).map((p) => p.id))).every(Boolean)).toBe(true);
    expect(await indexChecksum()).toBe((await db.sources.get(SOURCE))!.checksum);
  });

  it('refuses a snapshot that lists an id twice, and keeps the old version', async () => {
    feed.publish(people(10));
    await addFeed(db, feed);
    await syncSource(db, SOURCE, manual);
    feed.publish(people(10, 'v2'), { delta: false });
    // Duplicate a line and re-publish the hashes and checksum, as a buggy publisher would.
    const manifest = readManifest(feed.feedDir);
    const path = join(feed.feedDir, manifest.snapshot.url);
    const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
    lines.push(lines[0]!);
    const sum = new StateChecksum();
    for (const line of lines) sum.add(sha256Hex(line));
    const data = `${lines.join('\n')}\n`;
    writeFileSync(path, data);
    writeManifest(feed.feedDir, {
      ...manifest,
      snapshot: { ...manifest.snapshot, bytes: Buffer.byteLength(data), records: lines.length, sha256: sha256Hex(data), result: sum.hex() },
    });
    // Chunks of 5 lines: the copy is in another chunk than the original (within one chunk the
    // running checksum already comes out wrong).
    const outcome = await syncSource(db, SOURCE, { manual: true, hooks: { chunkLines: 5 } });
    expect(outcome.result).toBe('error');
    expect(outcome.message).toMatch(/lists "person-0" more than once/);
    expect((await getLiveEntity(db, 'person-0'))?.description).toContain('(v1)');
    expect(await db.syncJobs.count()).toBe(0);
  });
});
