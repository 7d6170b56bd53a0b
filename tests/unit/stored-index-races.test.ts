import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KbDatabase } from '../../utils/background/db/kb-database';
import { replaceSourceEntities } from '../../utils/background/kb-repository';
import { kbStamp, RETRY_AFTER_FAILURE_MS, storedIndex } from '../../utils/background/stored-index';
import { addOwnEntity } from '../../utils/background/user-data/own-entities';
import { closeDb, openDb } from './helpers/sync-feed';
import { entity } from './helpers/entities';

const ready = () => Promise.resolve();
const bundled = (version: string) => ({
  id: 'default', title: 'Bundled', kind: 'bundled' as const, version, rejected: 0, rejectedSamples: [], importedAt: '2026-11-29T00:00:00Z', enabled: true,
});
const RUSSIA = entity({ id: 'russia', type: 'country', name: 'Russia' });
const ZORBLAT = entity({ id: 'zorblat-quendrix', type: 'person', name: 'Zorblat Quendrix' });

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
const tick = () => new Promise((r) => setTimeout(r, 20));

/** A toy index: compile reads the stamp, then waits for the next gate in `gates` (if any). */
function toy(key: string) {
  const gates: { promise: Promise<void>; resolve: () => void; reached: boolean }[] = [];
  let running = 0;
  let maxRunning = 0;
  const index = storedIndex<string, string>({
    metaKey: key,
    compile: async (db) => {
      const stamp = await kbStamp(db); // the KB is read here
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
    load: (d) => d,
  });
  const gate = () => {
    const g = { ...deferred(), reached: false };
    gates.push(g);
    return g;
  };
  return { index, gate, maxRunning: () => maxRunning };
}

let db: KbDatabase;
beforeEach(async () => {
  db = await openDb();
});
afterEach(async () => {
  await closeDb(db);
});

/**
 * Races between lookups, KB changes and builds of a stored index (utils/background/stored-index.ts):
 * a build overtaken by a newer change never answers as the stale index, and builds never overlap.
 */
describe('stored-index races', () => {
  it('does not serve, as stale, an overtaken build made before the reader added an own entity', async () => {
    const { index, gate } = toy('toy-own');
    await index.get(db, ready); // S0 in memory
    await replaceSourceEntities(db, bundled('p2'), [RUSSIA, ZORBLAT]); // sync flip
    const g1 = gate();
    const r1 = index.refresh(db, ready);
    while (!g1.reached) await tick(); // L1 has read the KB (before the own entity)
    const before = await kbStamp(db);
    await addOwnEntity(db, { name: 'Ottoline Brackwater', type: 'person', aliases: [], description: '' });
    const g2 = gate();
    const r2 = index.refresh(db, ready, r1); // as kb-indexes chains them
    g1.resolve();
    await r1;
    await tick();
    // L2 is still building. A lookup now must not get the build that predates the own entity.
    const lookup = index.get(db, ready);
    g2.resolve();
    await r2;
    expect(await lookup).not.toBe(`built for ${before}`);
    expect(await lookup).toBe(`built for ${await kbStamp(db)}`);
  });

  it('never runs two builds at once (kb-indexes: "two builds at once would double the peak memory")', async () => {
    const { index, gate, maxRunning } = toy('toy-conc');
    // First lookup after a wake with a stored index that is not current: a build starts (no `after`).
    await replaceSourceEntities(db, bundled('p2'), [RUSSIA, ZORBLAT]);
    const g1 = gate();
    const lookup = index.get(db, ready);
    while (!g1.reached) await tick();
    // The KB changes while it builds (own entity, sync flip): refreshKbIndexes -> refresh(after: running, settled).
    await addOwnEntity(db, { name: 'Ottoline Brackwater', type: 'person', aliases: [], description: '' });
    const g2 = gate();
    const r2 = index.refresh(db, ready, Promise.resolve());
    await tick();
    await tick();
    const concurrent = maxRunning();
    g1.resolve();
    g2.resolve();
    await Promise.all([lookup, r2]);
    expect(concurrent).toBe(1);
  });
});

describe('stored-index failures', () => {
  function counting(key: string) {
    let calls = 0;
    let failing = false;
    const index = storedIndex<string, string>({
      metaKey: key,
      compile: async (db) => {
        calls++;
        if (failing) throw new Error('out of memory');
        const stamp = await kbStamp(db);
        return { stamp, data: `built for ${stamp}` };
      },
      load: (d) => d,
    });
    return { index, calls: () => calls, fail: (on: boolean) => (failing = on) };
  }

  it('keeps answering from the previous index after a failed rebuild, and tries again later', async () => {
    const { index, calls, fail } = counting('toy-fail');
    const first = await index.get(db, ready);
    await replaceSourceEntities(db, bundled('p2'), [RUSSIA, ZORBLAT]);
    fail(true);
    await expect(index.refresh(db, ready)).rejects.toThrow('out of memory');
    const afterFailure = calls();
    // Lookups right after the failure: the previous index, no new build each.
    for (let i = 0; i < 5; i++) {
      expect(await index.get(db, ready)).toBe(first);
      // A build a lookup started would have reached compile by now (a negative check needs time).
      await tick();
    }
    expect(calls()).toBe(afterFailure);
    // Later, a lookup builds again.
    fail(false);
    const now = Date.now();
    vi.spyOn(Date, 'now').mockReturnValue(now + RETRY_AFTER_FAILURE_MS + 1);
    expect(await index.fresh(db, ready)).toBe(`built for ${await kbStamp(db)}`);
    expect(calls()).toBe(afterFailure + 1);
    vi.restoreAllMocks();
  });

  it('answers from an index it built but could not store', async () => {
    const { index } = counting('toy-store');
    const transaction = db.transaction.bind(db) as (...args: unknown[]) => unknown;
    vi.spyOn(db, 'transaction').mockImplementation(((...args: unknown[]) =>
      args[0] === 'rw' ? Promise.reject(new Error('QuotaExceededError')) : transaction(...args)) as never);
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(await index.get(db, ready)).toBe(`built for ${await kbStamp(db)}`);
    vi.restoreAllMocks();
    expect(await db.meta.get('toy-store:stamp')).toBeUndefined();
  });
});
