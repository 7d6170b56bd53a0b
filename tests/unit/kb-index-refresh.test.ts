/**
 * Renewing both background indexes after the KB changed (kb-indexes.ts, stored-index.ts): lookups
 * meanwhile are answered from the previous index (stale while rebuilding), a stored index is
 * used as the current one only when its stamp is current, and none is stored half-built or for
 * an older KB. `invalidate` stands in for a wake here; a real wake (a fresh storedIndex, which
 * may serve the stored index of an earlier KB meanwhile) is in stored-index-wake.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EntityRow, KbDatabase } from '../../utils/background/db/kb-database';
import { refreshKbIndexes } from '../../utils/background/kb-indexes';
import { forEachLiveEntity, replaceSourceEntities } from '../../utils/background/kb-repository';
import { getSpotIndex, invalidateSpotIndex, kbStamp, spotIndex } from '../../utils/background/spot-index';
import { getSearchIndex, invalidateSearchIndex, toHits } from '../../utils/background/search/search-service';
import { compileSearchIndex, compileSearchIndexSteps } from '../../utils/background/search/search-index';
import { runInSlices, storedIndex } from '../../utils/background/stored-index';
import { addOwnEntity } from '../../utils/background/user-data/own-entities';
import { buildSpotIndex } from '../../utils/background/spot-index';
import type { EntityRecord } from '../../utils/shared/kb-schema';
import { allLiveEntities } from '../../utils/sync/generations';
import { syncSource } from '../../utils/sync/sync-source';
import { SOURCE, addFeed, closeDb, feedFixture, openDb, people } from './helpers/sync-feed';
import { entity } from './helpers/entities';
import { settled } from './helpers/settled';

const ready = () => Promise.resolve();

/** Gates still closed: opened after each test, so that a failed test leaves no build waiting. */
const gates: (() => void)[] = [];

/** A `ready` (the bundled-pack check every build waits for) that holds builds until released. */
function gate() {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  gates.push(release);
  return { ready: () => held, release };
}


const bundled = (version: string) => ({
  id: 'default', title: 'Bundled', kind: 'bundled' as const, version, rejected: 0, rejectedSamples: [], importedAt: '2026-11-29T00:00:00Z', enabled: true,
});
const RUSSIA = entity({ id: 'russia', type: 'country', name: 'Russia' });
const ZORBLAT = entity({ id: 'zorblat-quendrix', type: 'person', name: 'Zorblat Quendrix' });

const spotted = async (text: string) => (await getSpotIndex(db, ready)).matcher.match(text).map((m) => text.slice(m.start, m.end));
const searched = async (query: string) => (await toHits(await getSearchIndex(db, ready), { query })).map((h) => h.id);

let db: KbDatabase;
beforeEach(async () => {
  invalidateSpotIndex();
  invalidateSearchIndex();
  db = await openDb(); // bundled source "default" with "russia"
});
afterEach(async () => {
  for (const release of gates.splice(0)) release();
  await closeDb(db);
});

describe('stale while rebuilding', () => {
  it('answers lookups during a rebuild from the previous indexes, then from the new ones', async () => {
    await refreshKbIndexes(db, ready);
    expect(await spotted('Zorblat Quendrix met Russia')).toEqual(['Russia']);

    await replaceSourceEntities(db, bundled('p2'), [RUSSIA, ZORBLAT]); // a new KB generation goes live
    const hold = gate();
    const refreshed = refreshKbIndexes(db, hold.ready);
    // The build waits: lookups do not, and see the previous KB.
    expect(await spotted('Zorblat Quendrix met Russia')).toEqual(['Russia']);
    expect(await searched('zorblat')).toEqual([]);
    // The popup's warm-up (an empty query) waits for the new search index: it then asks again.
    const warmUp = toHits(await getSearchIndex(db, ready), { query: '' });
    expect(await settled(warmUp)).toBe(false);
    expect(await settled(refreshed)).toBe(false);

    hold.release();
    await refreshed;
    await warmUp;
    expect(await spotted('Zorblat Quendrix met Russia')).toEqual(['Zorblat Quendrix', 'Russia']);
    expect(await searched('zorblat')).toEqual(['zorblat-quendrix']);
  });

  it('keeps answering from the previous index when a rebuild fails, and builds again on the next lookup', async () => {
    let fail = false;
    const index = storedIndex<string, string>({
      metaKey: 'toy-failing',
      compile: async (db) => {
        if (fail) throw new Error('disk full');
        const stamp = await kbStamp(db);
        return { stamp, data: `built for ${stamp}` };
      },
      load: (data) => data,
    });
    const old = await index.get(db, ready);
    await replaceSourceEntities(db, bundled('p2'), [RUSSIA, ZORBLAT]);
    fail = true;
    await expect(index.refresh(db, ready)).rejects.toThrow('disk full');
    expect(await index.get(db, ready)).toBe(old); // starts another build, in the background
    await expect(index.fresh(db, ready)).rejects.toThrow('disk full');
    fail = false;
    expect(await index.get(db, ready)).toBe(old);
    expect(await index.fresh(db, ready)).toBe(`built for ${await kbStamp(db)}`);
    expect(await index.get(db, ready)).toBe(`built for ${await kbStamp(db)}`);
  });

  it('makes a lookup wait when no index is in memory (first lookup after a wake)', async () => {
    await replaceSourceEntities(db, bundled('p2'), [RUSSIA, ZORBLAT]);
    const hold = gate();
    const index = getSpotIndex(db, hold.ready);
    expect(await settled(index)).toBe(false);
    hold.release();
    expect((await index).info('zorblat-quendrix')).toBeDefined();
  });

  it('does not answer from an index built before the reader added an entity of their own', async () => {
    await refreshKbIndexes(db, ready);
    await addOwnEntity(db, { name: 'Ottoline Brackwater', type: 'person', aliases: [], description: '' });
    const hold = gate();
    const refreshed = refreshKbIndexes(db, hold.ready);
    const index = getSpotIndex(db, ready);
    expect(await settled(index)).toBe(false); // the reader expects the next page to mark it
    hold.release();
    await refreshed;
    expect((await index).matcher.match('Ottoline Brackwater').length).toBe(1);
  });

  it('leaves the indexes consistent with the KB after refreshes that overlap', async () => {
    await refreshKbIndexes(db, ready);
    const hold = gate();
    await replaceSourceEntities(db, bundled('p2'), [RUSSIA, entity({ id: 'vexmoor-tallith', type: 'person', name: 'Vexmoor Tallith' })]);
    const first = refreshKbIndexes(db, hold.ready);
    await replaceSourceEntities(db, bundled('p3'), [RUSSIA, ZORBLAT]); // a second flip before the first rebuild ran
    const second = refreshKbIndexes(db, ready);
    hold.release();
    await Promise.all([first, second]);
    expect(await spotted('Vexmoor Tallith and Zorblat Quendrix')).toEqual(['Zorblat Quendrix']);
    expect(await searched('vexmoor')).toEqual([]);
    // What is stored is the index of the KB as it stands: a wake loads it as is.
    const stored = (await db.meta.get('spot-index:stamp'))?.value as { stamp: string };
    expect(stored.stamp).toBe(await kbStamp(db));
    invalidateSpotIndex();
    expect(await spotted('Zorblat Quendrix')).toEqual(['Zorblat Quendrix']);
  });
});

describe('builds in slices', () => {
  it('lets a task queued during a build (a lookup) run before the build ends', async () => {
    let finished = false;
    let ranDuringBuild: boolean | undefined;
    function* build(): Generator<void, string, void> {
      for (let i = 0; i < 50; i++) {
        const until = performance.now() + 2;
        while (performance.now() < until) yield; // 2 ms of work per round
      }
      finished = true;
      return 'built';
    }
    setTimeout(() => (ranDuringBuild = !finished), 0);
    expect(await runInSlices(build(), 5)).toBe('built');
    expect(ranDuringBuild).toBe(true);
  });

  it('compiles the same search index in steps as in one go', async () => {
    const records = [...people(1200), entity({ id: 'russia', type: 'country', name: 'Russia', aliases: [{ text: 'Russian Federation' }] })];
    expect(await runInSlices(compileSearchIndexSteps(records), 0)).toEqual(compileSearchIndex(records));
  });
});

describe('stored index stamps', () => {
  /** A toy index whose stored form is a string; records which forms were loaded. */
  function toyIndex(compile?: () => Promise<string>) {
    const loads: string[] = [];
    let builds = 0;
    const index = storedIndex<string, string>({
      metaKey: 'toy-index',
      compile: async (db) => {
        builds++;
        const stamp = await kbStamp(db);
        return { stamp, data: compile ? await compile() : `built for ${stamp}` };
      },
      load: (data) => {
        loads.push(data);
        return data;
      },
    });
    return { index, loads, builds: () => builds };
  }

  it('does not read or use a stored form whose stamp row is stale', async () => {
    const { index, loads, builds } = toyIndex();
    await index.rebuild(db);
    await db.meta.put({ key: 'toy-index', value: { stamp: await kbStamp(db), data: 'not read' } });
    await db.meta.put({ key: 'toy-index:stamp', value: { stamp: 'an older KB', head: false } });
    loads.length = 0;
    index.invalidate();
    expect(await index.get(db, ready)).toBe(`built for ${await kbStamp(db)}`);
    expect(loads).not.toContain('not read');
    expect(builds()).toBe(2);
  });

  it('does not use a stored form whose own stamp disagrees with the stamp row', async () => {
    const { index } = toyIndex();
    await index.rebuild(db);
    await db.meta.put({ key: 'toy-index', value: { stamp: 'an older KB', data: 'stale' } });
    index.invalidate();
    expect(await index.get(db, ready)).not.toBe('stale');
  });

  it('rebuilds a stored form written before the stamp row existed', async () => {
    const { index, builds } = toyIndex();
    await db.meta.put({ key: 'toy-index', value: { stamp: await kbStamp(db), data: 'old layout' } });
    expect(await index.get(db, ready)).toBe(`built for ${await kbStamp(db)}`);
    expect(builds()).toBe(1);
  });

  it('stores nothing when the build fails, and keeps the previous stored index', async () => {
    const ok = toyIndex();
    await ok.index.rebuild(db);
    const before = await db.meta.bulkGet(['toy-index', 'toy-index:stamp']);
    const failing = toyIndex(() => Promise.reject(new Error('out of memory')));
    await expect(failing.index.rebuild(db)).rejects.toThrow('out of memory');
    expect(await db.meta.bulkGet(['toy-index', 'toy-index:stamp'])).toEqual(before);
  });

  it('does not store an index built for a KB state that changed while it was built', async () => {
    // The KB changes while the index is compiled (a flip during the rebuild).
    const { index } = toyIndex(async () => {
      await replaceSourceEntities(db, bundled('p2'), [RUSSIA, ZORBLAT]);
      return 'built for the old KB';
    });
    expect(await index.rebuild(db)).toBe('built for the old KB');
    expect(await db.meta.get('toy-index')).toBeUndefined();
    expect(await db.meta.get('toy-index:stamp')).toBeUndefined();
  });
});

describe('forEachLiveEntity', () => {
  it('visits what allLiveEntities lists, one record per id, after deltas and with a feed shadowing the pack', async () => {
    const feed = await feedFixture();
    try {
      const russiaFromFeed = entity({ id: 'russia', type: 'country', name: 'Russian Federation' });
      feed.publish([...people(40), russiaFromFeed]);
      await addFeed(db, feed);
      await syncSource(db, SOURCE, { manual: true, hooks: { chunkLines: 7 } });
      // A delta: changed, removed and added records (the replaced copies stay in old packs).
      feed.publish([...people(30), ...people(5, 'v2', 30), russiaFromFeed, entity({ id: 'new-one', type: 'term', name: 'New One' })]);
      expect(await syncSource(db, SOURCE, { manual: true, hooks: { chunkLines: 7 } })).toMatchObject({ result: 'updated' });

      const visited: EntityRecord[] = [];
      await forEachLiveEntity(db, (e) => visited.push(e));
      const strip = ({ source: _s, gen: _g, digest: _d, keys: _k, ...record }: EntityRow): EntityRecord => record;
      const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
      expect(visited.map((e) => e.id)).toHaveLength(new Set(visited.map((e) => e.id)).size);
      expect([...visited].sort(byId)).toEqual((await allLiveEntities(db)).map(strip).sort(byId));
      expect(visited.find((e) => e.id === 'russia')?.name).toBe('Russian Federation');
      expect(visited.find((e) => e.id === 'person-31')?.description).toContain('(v2)');
    } finally {
      await feed.close();
    }
  });
});

describe('index built pack by pack', () => {
  it('matches and links like an index built from the whole records', async () => {
    const records = [
      entity({ id: 'kim-jong-un', type: 'person', name: 'Kim Jong Un', aliases: [{ text: 'Kim Jong-un' }], facts: [{ label: 'Office', value: 'leader', valueId: 'north-korea', asOf: '2026', source: { title: 't' } }] }),
      entity({ id: 'north-korea', type: 'country', name: 'North Korea', aliases: [{ text: 'DPRK', caseSensitive: true }] }),
      entity({ id: 'pyongyang', type: 'place', name: 'Pyongyang', relations: [{ type: 'capital-of', target: 'north-korea' }] }),
      entity({ id: 'pact', type: 'treaty', name: 'The Pact', treaty: { status: 'in-force', parties: ['north-korea'], articles: [{ number: '1', kind: 'official', text: 'A long article.' }] } }),
    ];
    await replaceSourceEntities(db, bundled('p2'), records);
    await refreshKbIndexes(db, ready);
    const direct = buildSpotIndex(records);
    const built = await spotIndex.fresh(db, ready);
    const text = 'Kim Jong-un said the DPRK, Pyongyang and The Pact; Pyongyang replied.';
    expect(built.matcher.match(text)).toEqual(direct.matcher.match(text));
    for (const r of records) expect(built.info(r.id)).toEqual(direct.info(r.id));
  });
});
