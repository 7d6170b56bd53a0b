/**
 * A worker that wakes after the KB changed (utils/background/stored-index.ts, "After a wake"):
 * with nothing in memory, the stored index answers while the rebuild runs when only the sources
 * changed since it was built; otherwise (own entities changed, a form it cannot load, a KB reset)
 * the first lookup waits for the rebuild, as before.
 *
 * Each `worker()` is a fresh storedIndex over the same stored rows: what a service worker that
 * was killed and woke up again starts with (`invalidate` is not that: see the reset test).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KbDatabase } from '../../utils/background/db/kb-database';
import { replaceSourceEntities } from '../../utils/background/kb-repository';
import { kbStamp, RETRY_AFTER_FAILURE_MS, storedIndex } from '../../utils/background/stored-index';
import { addOwnEntity } from '../../utils/background/user-data/own-entities';
import { closeDb, openDb } from './helpers/sync-feed';
import { entity } from './helpers/entities';
import { settled } from './helpers/settled';

const KEY = 'toy-wake';
const ready = () => Promise.resolve();
const bundled = (version: string) => ({
  id: 'default', title: 'Bundled', kind: 'bundled' as const, version, rejected: 0, rejectedSamples: [], importedAt: '2026-11-29T00:00:00Z', enabled: true,
});
const RUSSIA = entity({ id: 'russia', type: 'country', name: 'Russia' });
const ZORBLAT = entity({ id: 'zorblat-quendrix', type: 'person', name: 'Zorblat Quendrix' });
const OTTOLINE = { name: 'Ottoline Brackwater', type: 'person' as const, aliases: [], description: '' };

/** Gates still closed: opened after each test, so that a failed test leaves no build waiting. */
const open: (() => void)[] = [];


/**
 * A freshly woken worker's toy index: compile reads the stamp, then waits for the next gate (if
 * any); `load` records every form it is given and throws for those in `unreadable` (an older format).
 */
function worker(unreadable: string[] = []) {
  const gates: { promise: Promise<void>; release: () => void; reached: boolean }[] = [];
  const loads: string[] = [];
  let builds = 0;
  let running = 0;
  let maxRunning = 0;
  let failing = false;
  const index = storedIndex<string, string>({
    metaKey: KEY,
    compile: async (db) => {
      builds++;
      if (failing) throw new Error('out of memory');
      const stamp = await kbStamp(db);
      running++;
      maxRunning = Math.max(maxRunning, running);
      const g = gates.shift();
      if (g) {
        g.reached = true;
        await g.promise;
      }
      running--;
      return { stamp, data: `built for ${stamp}` };
    },
    load: (data) => {
      loads.push(data);
      if (unreadable.includes(data)) throw new Error(`cannot read ${data}`);
      return data;
    },
  });
  const gate = () => {
    let release!: () => void;
    const g = { promise: new Promise<void>((r) => (release = r)), release: () => release(), reached: false };
    open.push(g.release);
    gates.push(g);
    return g;
  };
  return { index, gate, loads, builds: () => builds, maxRunning: () => maxRunning, fail: (on: boolean) => (failing = on) };
}

/** Builds and stores the index for the KB as it stands (an earlier worker's life); returns its form. */
async function storedByEarlierWorker(): Promise<string> {
  await worker().index.rebuild(db);
  return `built for ${await kbStamp(db)}`;
}

let db: KbDatabase;
beforeEach(async () => {
  db = await openDb();
});
afterEach(async () => {
  for (const release of open.splice(0)) release();
  vi.restoreAllMocks();
  await closeDb(db);
});

describe('wake after a KB change', () => {
  it('answers from the stored index when only the sources changed, then from the rebuilt one', async () => {
    const old = await storedByEarlierWorker();
    await replaceSourceEntities(db, bundled('p2'), [RUSSIA, ZORBLAT]); // a sync flip, then the worker slept
    const { index, gate, loads, builds, maxRunning } = worker();
    const g = gate();
    // The first lookups do not wait for the rebuild: they get the stored index.
    expect(await index.get(db, ready)).toBe(old);
    expect(await index.getFirst(db, ready)).toBe(old);
    while (!g.reached) await new Promise((r) => setTimeout(r, 5));
    // `fresh` (the popup's warm-up: it asks again once this settles) waits for the current index.
    const fresh = index.fresh(db, ready);
    expect(await settled(fresh)).toBe(false);
    expect(await index.get(db, ready)).toBe(old);

    g.release();
    const current = `built for ${await kbStamp(db)}`;
    expect(await fresh).toBe(current);
    expect(await index.get(db, ready)).toBe(current);
    expect(await index.getFirst(db, ready)).toBe(current);
    expect(builds()).toBe(1);
    expect(maxRunning()).toBe(1);
    expect(loads).toEqual([old, current]); // the stale form read once, for every lookup; then the built one
    expect(((await db.meta.get(`${KEY}:stamp`))?.value as { stamp: string }).stamp).toBe(await kbStamp(db));
  });

  it('answers from the stored index during a refresh begun with nothing in memory (a sync right after a wake)', async () => {
    const old = await storedByEarlierWorker();
    const { index, gate } = worker();
    await replaceSourceEntities(db, bundled('p2'), [RUSSIA, ZORBLAT]);
    const g = gate();
    const refreshed = index.refresh(db, ready);
    expect(await index.get(db, ready)).toBe(old);
    expect(await settled(refreshed)).toBe(false);
    g.release();
    expect(await refreshed).toBe(`built for ${await kbStamp(db)}`);
    expect(await index.get(db, ready)).toBe(`built for ${await kbStamp(db)}`);
  });

  it('waits for the rebuild when the own entities changed since the stored index was built', async () => {
    const old = await storedByEarlierWorker();
    await addOwnEntity(db, OTTOLINE); // then the worker was killed before the rebuild finished
    await replaceSourceEntities(db, bundled('p2'), [RUSSIA, ZORBLAT]);
    const { index, gate, loads } = worker();
    const g = gate();
    const lookup = index.get(db, ready);
    expect(await settled(lookup)).toBe(false); // the reader expects the next page to mark their entity
    g.release();
    expect(await lookup).toBe(`built for ${await kbStamp(db)}`);
    expect(loads).not.toContain(old); // the stamp row decided: the stale form was not even loaded
  });

  it('stops serving the stored index once the own entities change during the rebuild', async () => {
    const old = await storedByEarlierWorker();
    await replaceSourceEntities(db, bundled('p2'), [RUSSIA, ZORBLAT]);
    const { index, gate } = worker();
    const g1 = gate();
    const first = index.get(db, ready);
    expect(await first).toBe(old);
    while (!g1.reached) await new Promise((r) => setTimeout(r, 5));
    await addOwnEntity(db, OTTOLINE);
    const g2 = gate();
    const refreshed = index.refresh(db, ready);
    const lookup = index.get(db, ready);
    g1.release();
    expect(await settled(lookup)).toBe(false);
    g2.release();
    await refreshed;
    expect(await lookup).toBe(`built for ${await kbStamp(db)}`);
  });

  it('waits for the rebuild, without throwing, when the stored index cannot be loaded', async () => {
    const old = await storedByEarlierWorker();
    await replaceSourceEntities(db, bundled('p2'), [RUSSIA, ZORBLAT]);
    const { index, gate, loads } = worker([old]); // stored by an older format
    const g = gate();
    const lookup = index.get(db, ready);
    expect(await settled(lookup)).toBe(false);
    expect(loads).toEqual([old]); // tried, and treated as absent
    g.release();
    expect(await lookup).toBe(`built for ${await kbStamp(db)}`);
  });

  it.each([
    ['the stamp row without the form', () => db.meta.delete(KEY)],
    ['a form that is not a stored one', () => db.meta.put({ key: KEY, value: 'not a stored form' })],
    ['a form that disagrees with its stamp row', () => db.meta.put({ key: KEY, value: { stamp: 'another KB', data: 'x' } })],
    ['a stamp row without a stamp', () => db.meta.put({ key: `${KEY}:stamp`, value: { head: false } })],
  ])('waits for the rebuild when the stored rows are damaged: %s', async (_case, damage) => {
    await storedByEarlierWorker();
    await replaceSourceEntities(db, bundled('p2'), [RUSSIA, ZORBLAT]);
    await damage();
    const { index, gate } = worker();
    const g = gate();
    const lookup = index.get(db, ready);
    expect(await settled(lookup)).toBe(false);
    g.release();
    expect(await lookup).toBe(`built for ${await kbStamp(db)}`);
  });

  it('waits for the rebuild when the stored index cannot be read at all', async () => {
    await storedByEarlierWorker();
    await replaceSourceEntities(db, bundled('p2'), [RUSSIA, ZORBLAT]);
    const { index, gate } = worker();
    const get = db.meta.get.bind(db.meta);
    // The stale read fails (the builds' reads of `meta` go through other paths and still work).
    const read = vi.spyOn(db.meta, 'get').mockImplementation(((key: string) =>
      key === KEY ? Promise.reject(new Error('DataCloneError')) : get(key)) as never);
    const g = gate();
    const lookup = index.get(db, ready);
    expect(await settled(lookup)).toBe(false);
    expect(read).toHaveBeenCalledWith(KEY);
    g.release();
    expect(await lookup).toBe(`built for ${await kbStamp(db)}`);
  });

  it('keeps answering from the stored index after the rebuild failed, and builds again only later', async () => {
    const old = await storedByEarlierWorker();
    await replaceSourceEntities(db, bundled('p2'), [RUSSIA, ZORBLAT]);
    const { index, builds, fail } = worker();
    fail(true);
    expect(await index.get(db, ready)).toBe(old);
    await expect(index.fresh(db, ready)).rejects.toThrow('out of memory');
    const afterFailure = builds();
    for (let i = 0; i < 3; i++) {
      expect(await index.get(db, ready)).toBe(old);
      await new Promise((r) => setTimeout(r, 20)); // a build a lookup started would have begun by now
    }
    expect(builds()).toBe(afterFailure);
    fail(false);
    const now = Date.now();
    vi.spyOn(Date, 'now').mockReturnValue(now + RETRY_AFTER_FAILURE_MS + 1);
    expect(await index.get(db, ready)).toBe(old); // still the stale one while the new build runs
    expect(await index.fresh(db, ready)).toBe(`built for ${await kbStamp(db)}`);
    expect(builds()).toBe(afterFailure + 1);
  });

  it('does not answer from the stored index after invalidate (a KB reset)', async () => {
    await storedByEarlierWorker();
    await replaceSourceEntities(db, bundled('p2'), [RUSSIA, ZORBLAT]);
    const { index, gate } = worker();
    index.invalidate();
    const g = gate();
    const lookup = index.get(db, ready);
    expect(await settled(lookup)).toBe(false);
    g.release();
    expect(await lookup).toBe(`built for ${await kbStamp(db)}`);
  });

  it('does not answer from the stored index in the next worker after forgetStored (a KB reset, then a wake)', async () => {
    const old = await storedByEarlierWorker();
    await replaceSourceEntities(db, bundled('p2'), [RUSSIA, ZORBLAT]);
    await worker().index.forgetStored(db);
    const { index, gate, loads } = worker();
    const g = gate();
    const lookup = index.get(db, ready);
    expect(await settled(lookup)).toBe(false);
    g.release();
    expect(await lookup).toBe(`built for ${await kbStamp(db)}`);
    expect(loads).not.toContain(old);
  });

  it('loads the current stored index as before, with no build and no stale read', async () => {
    const stored = await storedByEarlierWorker();
    const { index, loads, builds } = worker();
    expect(await index.get(db, ready)).toBe(stored);
    expect(builds()).toBe(0);
    expect(loads).toEqual([stored]);
  });
});
