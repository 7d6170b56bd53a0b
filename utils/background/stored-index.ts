/**
 * The caching both background indexes share (spotting: spot-index.ts; search: search/):
 * compiled from the live KB, stored in the `meta` table with a stamp of the KB state it was
 * built from, loaded as is after the service worker wakes, and rebuilt when the stamp differs.
 *
 * Stored rows, all written by a rebuild in ONE transaction (a half-built index is never stored,
 * and a stamp always describes the forms beside it):
 * - `<metaKey>:stamp` `{stamp, head}`: read alone to decide whether the stored forms are current.
 *   The whole form is tens of MB at 100k entities; reading it just to compare its stamp cost a
 *   full copy of it on every rebuild and on every wake after a KB change.
 * - `<metaKey>` `{stamp, data}`: the whole index; `<metaKey>:head` the optional smaller one.
 *
 * **Stale while rebuilding.** After a KB change `refresh` keeps the index already in memory
 * answering (`get`, `getFirst`) while the new one is built, so a lookup never waits seconds
 * for a rebuild: a page opened meanwhile is marked from the previous KB, and the popup's
 * search answers from it until `fresh` settles (the popup then asks again, see
 * search-service.ts). An index built before the reader's own entities changed is not served
 * stale: they just added or deleted one and expect the next page they open to show it.
 *
 * **After a wake** nothing is in memory, yet the KB may have changed since the stored index was
 * built: the worker was killed during a rebuild, or slept between a sync and the rebuild it
 * called for. Waiting for the rebuild would cost the first lookup seconds at 100k entities, so a
 * lookup that finds no index in memory answers from the stored one, as if it had been in memory,
 * when its stamp differs from the KB's only in the sources (`sameOwnEntities`, for the reason
 * above). Otherwise (own entities changed, nothing stored, a form this code cannot load) it waits.
 * The stale form is read only by a lookup that would wait, never by `refresh` or `fresh`: a
 * rebuild that no lookup comes during costs no extra copy of tens of MB. `invalidate` turns this
 * off until an index for the current KB is in memory, and `forgetStored` for later wakes too: a
 * KB reset wants the next lookup to wait for a current index, not the one stored before it.
 */
import Dexie from 'dexie';
import type { KbDatabase } from './db/kb-database';
import { ownEntitiesRevision } from './user-data/own-entities';

const OWN_PART = '|own#';

/** Identifies a KB state: the sources and their live versions, and the reader's own entities. */
export async function kbStamp(db: KbDatabase): Promise<string> {
  const [sources, own] = await Promise.all([db.sources.toArray(), ownEntitiesRevision(db)]);
  const ownPart = own ? `${OWN_PART}${own}` : '';
  return (
    sources
      // liveGen and enabled too: a sync flip or switching a source off changes what readers see.
      .map((s) => `${s.id}@${s.version}#${s.liveGen ?? ''}${s.enabled ? '' : ':off'}`)
      .sort()
      .join('|') + ownPart
  );
}

/** Whether two KB stamps hold the same revision of the reader's own entities. */
export function sameOwnEntities(a: string, b: string): boolean {
  const own = (stamp: string) => (stamp.includes(OWN_PART) ? stamp.slice(stamp.lastIndexOf(OWN_PART)) : '');
  return own(a) === own(b);
}

/**
 * ms of work between two turns of the event loop in runInSlices: a lookup that arrives during a
 * build waits at most about this long (plus the longest single step) for the worker's thread.
 */
export const BUILD_SLICE_MS = 20;

/**
 * Runs `steps` to the end, letting the event loop run queued tasks (the lookups' messages) every
 * BUILD_SLICE_MS of work. A build that runs in one go blocks the worker's only thread for
 * seconds at 100k entities, and with it every lookup, stale index or not.
 */
export async function runInSlices<R>(steps: Generator<void, R, void>, sliceMs = BUILD_SLICE_MS): Promise<R> {
  let sliceStart = performance.now();
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    if (performance.now() - sliceStart >= sliceMs) {
      await nextTask();
      sliceStart = performance.now();
    }
  }
}

/**
 * Resolves in a new task, after the tasks already queued. A message port rather than
 * setTimeout(0), which browsers clamp to 4 ms once timeouts nest, a quarter of each slice.
 */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof MessageChannel === 'undefined') {
      setTimeout(resolve, 0);
      return;
    }
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(null);
  });
}

/** The build under way (or the last one, settled), of any stored index. */
let buildChain: Promise<unknown> = Promise.resolve();

/**
 * Runs `build` after every build already started, of this index or another: a lookup that finds
 * no index in memory starts one, and a KB change another, and two at once would double the
 * worker's peak memory (and the later one is the one that matters).
 */
function oneBuildAtATime<R>(build: () => Promise<R>): Promise<R> {
  const run = buildChain.then(build, build);
  buildChain = run.catch(() => undefined);
  return run;
}

/**
 * ms after a failed build during which lookups keep the previous index (when there is one)
 * instead of each starting another build: a failure that repeats (a corrupt row, memory) would
 * otherwise cost a multi-second build per page opened. A KB change (refresh) tries at once.
 */
export const RETRY_AFTER_FAILURE_MS = 60_000;

export interface StoredIndexOptions<T, D> {
  /** Key of the stored form in the `meta` table. */
  metaKey: string;
  /**
   * Reads the KB (and its stamp, in the same transaction) and compiles the storable form. `head`
   * is an optional smaller index (stored beside it under `${metaKey}:head`) that `getFirst` answers
   * with while the whole one loads after the worker wakes.
   */
  compile(db: KbDatabase): Promise<{ stamp: string; data: D; head?: D }>;
  /** Wraps a stored form; throws for a form it does not understand (it is then rebuilt). */
  load(data: D): T;
}

export interface StoredIndex<T> {
  /**
   * The index to answer with now: the one for the current KB if it is ready, else the previous
   * one while the new one is built (stale while rebuilding; after a wake, the stored one when
   * only the sources changed since), else the current one once loaded or built.
   */
  get: (db: KbDatabase, beforeBuild: () => Promise<unknown>) => Promise<T>;
  /** Like `get`, but with no index in memory, the stored head if it is current and comes first. */
  getFirst: (db: KbDatabase, beforeBuild: () => Promise<unknown>) => Promise<T>;
  /** The index for the current KB state, loaded or built (never a stale one). */
  fresh: (db: KbDatabase, beforeBuild: () => Promise<unknown>) => Promise<T>;
  /**
   * The KB changed: builds (or loads) the index for its new state, after `after` settles (one
   * build at a time: two would double the worker's peak memory), while `get` keeps answering
   * with the previous one. Resolves with the new index.
   */
  refresh: (db: KbDatabase, beforeBuild: () => Promise<unknown>, after?: Promise<unknown>) => Promise<T>;
  /** Compiles and stores the index for the current KB (without touching the cached one). */
  rebuild: (db: KbDatabase) => Promise<T>;
  /**
   * Drops every index in memory, stale ones included, and keeps a stored one of an earlier KB
   * from answering until a current one is in memory: the next lookup waits for a current one.
   */
  invalidate: () => void;
  /**
   * Deletes the stored stamp, so that the stored index is never loaded again, not even by the
   * next worker after a wake (`invalidate` covers only this one): for a KB reset, whose
   * earlier index would otherwise answer, stale, for entities that are gone.
   */
  forgetStored: (db: KbDatabase) => Promise<void>;
}

interface Stored<D> {
  stamp: string;
  data: D;
}

/** The small row read first (`<metaKey>:stamp`). */
interface StoredStamp {
  stamp: string;
  /** Whether a head was stored with this stamp. */
  head: boolean;
}

/** An index and the KB stamp it was built for. */
interface Built<T> {
  index: T;
  stamp: string;
}

/** One load (or build) of an index for one KB state: the head (when stored and current) and the whole. */
interface Loading<T> {
  whole: Promise<Built<T>>;
  first: Promise<T>;
  /** Set once `whole` resolved. */
  done?: Built<T>;
  /** Settles once refresh has decided whether the stale index may answer (own entities unchanged). */
  staleChecked?: Promise<unknown>;
  /** Settles once a lookup that found no index in memory has looked for a stored stale one. */
  storedStaleRead?: Promise<unknown>;
}

export function storedIndex<T, D>(options: StoredIndexOptions<T, D>): StoredIndex<T> {
  // Module state is only a cache: the stored form is the truth.
  /** Loading (or loaded) index for the latest KB state seen. */
  let current: Loading<T> | undefined;
  /** An earlier KB state's index, answering while `current` is not done. */
  let stale: Built<T> | undefined;
  /** When the last build failed (Date.now()), or 0. */
  let failedAt = 0;
  /** The loading whose build failed last. */
  let failed: Loading<T> | undefined;
  /** Whether a stored index of an earlier KB may answer (see the header): not after invalidate. */
  let storedMayAnswer = true;
  /** A previous index to answer with instead of starting a build right after one failed. */
  const holdingAfterFailure = (): T | undefined =>
    !current && stale && Date.now() - failedAt < RETRY_AFTER_FAILURE_MS ? stale.index : undefined;
  const stampKey = `${options.metaKey}:stamp`;
  const headKey = `${options.metaKey}:head`;

  async function compileAndStore(db: KbDatabase): Promise<Built<T>> {
    const { stamp, data, head } = await options.compile(db);
    // One transaction: the stamp row, the whole index and its head are stored together or not
    // at all. Not stored if the KB changed since it was read: a build overtaken by a newer one
    // must not replace what that one stored (the newer refresh stores its own).
    try {
      await db.transaction('rw', db.meta, db.sources, async () => {
        if ((await kbStamp(db)) !== stamp) return;
        await db.meta.put({ key: stampKey, value: { stamp, head: Boolean(head) } satisfies StoredStamp });
        await db.meta.put({ key: options.metaKey, value: { stamp, data } satisfies Stored<D> });
        if (head) await db.meta.put({ key: headKey, value: { stamp, data: head } satisfies Stored<D> });
        else await db.meta.delete(headKey);
      });
    } catch (err) {
      // Not stored (disk full, database closing…): the index built is still right, so this
      // worker answers from it; the next one to wake builds again.
      console.warn(`Newslens: could not store ${options.metaKey}`, err);
    }
    return { index: options.load(data), stamp };
  }

  /**
   * The stored form under `key` if `wanted(stored stamp, current KB stamp)` and this code reads
   * it. Only the small stamp row is read to decide; the form itself only when it is wanted.
   */
  async function loadStored(db: KbDatabase, key: string, wanted: (mark: StoredStamp, stamp: string) => boolean): Promise<Built<T> | undefined> {
    const value = await db.transaction('r', db.sources, db.meta, async () => {
      const [stamp, marker] = await Promise.all([kbStamp(db), db.meta.get(stampKey)]);
      const mark = marker?.value as StoredStamp | undefined;
      // Stored before the stamp row existed: rebuilt, like a stale one (once, after an update).
      if (typeof mark?.stamp !== 'string' || !wanted(mark, stamp)) return undefined;
      const stored = (await db.meta.get(key))?.value as Stored<D> | undefined;
      return stored?.stamp === mark.stamp ? stored : undefined;
    });
    if (!value) return undefined;
    try {
      return { index: options.load(value.data), stamp: value.stamp };
    } catch {
      return undefined; // stored by an older format: rebuilt (and, stale, not served)
    }
  }
  const isCurrent = (mark: StoredStamp, stamp: string) => mark.stamp === stamp;
  const headIsCurrent = (mark: StoredStamp, stamp: string) => mark.stamp === stamp && mark.head;
  /** Built for an earlier KB state that differs from the current one only in its sources (see the header). */
  const sourcesStale = (mark: StoredStamp, stamp: string) => mark.stamp !== stamp && sameOwnEntities(mark.stamp, stamp);

  /**
   * Keeps the stored stale index (if any) as the one answering while `loading` runs, or after it
   * failed (RETRY_AFTER_FAILURE_MS), unless something newer came meanwhile: `loading` done, a
   * stale index in memory, or a KB change (a refresh replaced `loading`, and the own-entities
   * check this read made may be out of date).
   */
  async function serveStoredStale(db: KbDatabase, loading: Loading<T>): Promise<void> {
    // Unreadable: the lookup waits for the build, as with nothing stored.
    const stored = await Dexie.ignoreTransaction(() => loadStored(db, options.metaKey, sourcesStale)).catch(() => undefined);
    const live = current === loading || (!current && failed === loading);
    if (stored && live && !loading.done && !stale && storedMayAnswer) stale = stored;
  }

  function begin(db: KbDatabase, beforeBuild: () => Promise<unknown>, after?: Promise<unknown>): Loading<T> {
    // Outside any transaction the caller may be in: Dexie would otherwise run these reads as a
    // nested transaction of it (and fail for tables outside its scope).
    //
    // The head does not wait for `beforeBuild` (the bundled pack check, which reads and validates
    // the whole pack file on a wake-up): a head whose stamp matches the KB as it stands is right
    // for it, and anything that changes the KB afterwards invalidates this cache.
    const head = Dexie.ignoreTransaction(() => loadStored(db, headKey, headIsCurrent)).catch(() => undefined);
    // The whole index is read after the head: both are deserialised on this one thread, and the
    // head is what the first query needs.
    const whole = Dexie.ignoreTransaction(async () => {
      await head;
      await after?.catch(() => undefined);
      await beforeBuild();
      return (await loadStored(db, options.metaKey, isCurrent)) ?? oneBuildAtATime(() => compileAndStore(db));
    });
    const loading: Loading<T> = { whole, first: head.then((h) => h?.index ?? whole.then((w) => w.index)) };
    loading.first.catch(() => undefined); // a failed build is reported to whoever awaits it, not as unhandled
    whole.then(
      (built) => {
        // A build overtaken by a newer KB change is not promoted to the stale index: it may
        // predate a change to the reader's own entities that refresh has just checked for.
        if (current === loading) {
          loading.done = built;
          loading.first = whole.then((w) => w.index); // lets the head go
          stale = undefined;
          failed = undefined;
          storedMayAnswer = true;
        }
      },
      // A failed build drops the cache, so that a later lookup builds again (not at once while
      // a previous index can answer: see RETRY_AFTER_FAILURE_MS).
      () => {
        if (current !== loading) return;
        current = undefined;
        failedAt = Date.now();
        failed = loading;
      },
    );
    return loading;
  }

  /**
   * The index to answer with now (see StoredIndex.get). `wait` is called only when there is none
   * to answer with: a promise made and left unawaited would report a failed build as unhandled.
   */
  function now(db: KbDatabase, loading: Loading<T>, wait: () => Promise<T>): Promise<T> {
    if (loading.done) return Promise.resolve(loading.done.index);
    // None in memory (after a wake): the stored one, if it may answer while the build runs.
    if (!stale && storedMayAnswer) loading.storedStaleRead ??= serveStoredStale(db, loading);
    else if (!stale) return wait();
    return Promise.all([loading.staleChecked, loading.storedStaleRead]).then(() => loading.done?.index ?? stale?.index ?? wait());
  }

  /** get and getFirst: what answers now, else `wait` of the loading under way (begun if none). */
  function answer(db: KbDatabase, beforeBuild: () => Promise<unknown>, wait: (loading: Loading<T>) => Promise<T>): Promise<T> {
    const held = holdingAfterFailure();
    if (held) return Promise.resolve(held);
    const loading = (current ??= begin(db, beforeBuild));
    return now(db, loading, () => wait(loading));
  }

  return {
    get: (db, beforeBuild) => answer(db, beforeBuild, (loading) => loading.whole.then((w) => w.index)),
    getFirst: (db, beforeBuild) => answer(db, beforeBuild, (loading) => loading.first),
    fresh(db, beforeBuild) {
      return (current ??= begin(db, beforeBuild)).whole.then((w) => w.index);
    },
    refresh(db, beforeBuild, after) {
      if (current?.done) stale = current.done;
      const loading = (current = begin(db, beforeBuild, after));
      if (stale) {
        // The reader's own entities changed: lookups wait for the new index (see the header).
        const kept = stale;
        loading.staleChecked = Dexie.ignoreTransaction(() => kbStamp(db))
          .then((stamp) => {
            if (stale === kept && current === loading && !sameOwnEntities(kept.stamp, stamp)) stale = undefined;
          })
          .catch(() => undefined);
      }
      return loading.whole.then((w) => w.index);
    },
    rebuild: async (db) => (await compileAndStore(db)).index,
    invalidate() {
      current = undefined;
      stale = undefined;
      failed = undefined;
      storedMayAnswer = false;
    },
    forgetStored: async (db) => {
      await db.meta.delete(stampKey);
    },
  };
}
