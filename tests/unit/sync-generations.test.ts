/** Generations: readers see only live, enabled generations; priority between sources; cleanup. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KbDatabase, SourceRow } from '../../utils/background/db/kb-database';
import { searchEntities } from '../../utils/background/kb-repository';
import { allLiveEntities, cleanupGenerations, getLiveEntities, getLiveEntity } from '../../utils/sync/generations';
import { readLines } from '../../utils/sync/ndjson';
import { packGeneration } from '../../utils/sync/packed-layout';
import { closeDb, openDb } from './helpers/sync-feed';
import { entity } from './helpers/entities';

let db: KbDatabase;
beforeEach(async () => {
  db = await openDb(); // bundled source "default" with "russia", live generation 1
});
afterEach(async () => closeDb(db));

const feedRow = (id: string, liveGen: number | undefined, addedAt: string): SourceRow => ({
  id, title: id, kind: 'feed', version: '1', entityCount: 1, rejected: 0, rejectedSamples: [], importedAt: '', enabled: true, liveGen,
  layout: liveGen === undefined ? undefined : { buckets: 1, packs: 1 }, // as `generation` below lays out one entity
  sync: { addedAt, failures: 0 },
});
/** A generation holding one entity "russia" named `name`, in the packed form (packs + index). */
const generation = (gen: number, source: string, name: string) =>
  packGeneration(gen, source, [{ ...entity({ id: 'russia', type: 'country', name }), source }]).rows;
const rowGens = async () => [...new Set((await db.records.toCollection().primaryKeys()).map(([g]) => g))].sort();

describe('generations', () => {
  it('hides staged generations, prefers feeds (newest first) over the bundled pack, and honours "off"', async () => {
    await db.records.bulkPut([...generation(10, 'feed-a', 'Russia A'), ...generation(11, 'feed-b', 'Russia B'), ...generation(12, 'feed-b', 'Russia staged')]);
    expect((await getLiveEntity(db, 'russia'))?.name).toBe('Russia');
    await db.sources.bulkPut([feedRow('feed-a', 10, '2026-11-01'), feedRow('feed-b', 11, '2026-11-02')]);
    expect((await getLiveEntity(db, 'russia'))?.name).toBe('Russia B');
    expect((await allLiveEntities(db)).map((e) => e.name)).toEqual(['Russia B']);
    await db.sources.update('feed-b', { enabled: false });
    expect((await getLiveEntities(db, ['russia', 'nope'])).map((e) => e?.name)).toEqual(['Russia A', undefined]);
    // Search does not show the hidden rows' names.
    expect((await searchEntities(db, { query: 'russia' })).map((h) => h.name)).toEqual(['Russia A']);
  });

  it('cleans up generations that are neither live nor staged by a job', async () => {
    await db.records.bulkPut([...generation(20, 'feed-a', 'old'), ...generation(21, 'feed-a', 'live'), ...generation(22, 'feed-a', 'staging'), ...generation(99, 'feed-a', 'gone')]);
    await db.sources.put(feedRow('feed-a', 21, '2026-11-01'));
    await db.syncJobs.put({ source: 'feed-a', gen: 22 } as never);
    await cleanupGenerations(db);
    expect(await rowGens()).toEqual([1, 21, 22]);
  });
});

describe('NDJSON reader', () => {
  const stream = (parts: string[]) =>
    new ReadableStream<Uint8Array>({
      start(c) {
        for (const p of parts) c.enqueue(new TextEncoder().encode(p));
        c.close();
      },
    });

  it('splits lines across chunk boundaries with their end offsets, and reports a cut tail', async () => {
    let tail = 0;
    const lines: [string, number][] = [];
    for await (const l of readLines(stream(['{"a"', ':1}\n{"b":2}\n\n{"c', '":3}\n{"d":']), 100, (n) => (tail = n))) {
      lines.push([new TextDecoder().decode(l.bytes), l.end]);
    }
    expect(lines).toEqual([['{"a":1}', 108], ['{"b":2}', 116], ['', 117], ['{"c":3}', 125]]);
    expect(tail).toBe(5);
  });
});
