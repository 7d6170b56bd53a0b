/**
 * The caching both background indexes share (spotting: spot-index.ts; search: search/):
 * compiled from the live KB, stored in the `meta` table with a stamp of the KB state it was
 * built from, loaded as is after the service worker wakes, and rebuilt when the stamp differs.
 *
 * After a KB change `invalidate` drops the cached index; the next lookup (or a warm-up right
 * after the change) loads or builds the one for the new KB state.
 */
import Dexie from 'dexie';
import type { KbDatabase } from './db/kb-database';
import { ownEntitiesRevision } from './user-data/own-entities';

/** Identifies a KB state: the sources and their live versions, and the reader's own entities. */
export async function kbStamp(db: KbDatabase): Promise<string> {
  const [sources, own] = await Promise.all([db.sources.toArray(), ownEntitiesRevision(db)]);
  const ownPart = own ? `|own#${own}` : '';
  return (
    sources
      // liveGen and enabled too: a sync flip or switching a source off changes what readers see.
      .map((s) => `${s.id}@${s.version}#${s.liveGen ?? ''}${s.enabled ? '' : ':off'}`)
      .sort()
      .join('|') + ownPart
  );
}

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
  /** The whole index for the current KB, loaded or built. */
  get: (db: KbDatabase, beforeBuild: () => Promise<unknown>) => Promise<T>;
  /**
   * The whole index if it is ready, else the stored head if one is stored for the current KB and
   * comes first (it is a fraction of the size), else the whole index once loaded or built.
   */
  getFirst: (db: KbDatabase, beforeBuild: () => Promise<unknown>) => Promise<T>;
  /** Compiles and stores the index for the current KB (without touching the cached one). */
  rebuild: (db: KbDatabase) => Promise<T>;
  invalidate: () => void;
}

interface Stored<D> {
  stamp: string;
  data: D;
}

/** One load of an index: the head (when stored and current) and the whole. */
interface Loading<T> {
  whole: Promise<T>;
  first: Promise<T>;
}

export function storedIndex<T, D>(options: StoredIndexOptions<T, D>): StoredIndex<T> {
  // One index per worker lifetime (module state is only a cache: the stored form is the truth).
  let current: Loading<T> | undefined;
  const headKey = `${options.metaKey}:head`;

  async function rebuild(db: KbDatabase): Promise<T> {
    const { stamp, data, head } = await options.compile(db);
    // One transaction: a head never outlives (or predates) the whole index it was built with.
    await db.transaction('rw', db.meta, async () => {
      await db.meta.put({ key: options.metaKey, value: { stamp, data } satisfies Stored<D> });
      if (head) await db.meta.put({ key: headKey, value: { stamp, data: head } satisfies Stored<D> });
      else await db.meta.delete(headKey);
    });
    return options.load(data);
  }

  /** The stored form under `key` if it was built for the current KB and this code reads it. */
  async function loadStored(db: KbDatabase, key: string): Promise<T | undefined> {
    const [stamp, stored] = await Promise.all([kbStamp(db), db.meta.get(key)]);
    const value = stored?.value as Stored<D> | undefined;
    if (!value || value.stamp !== stamp) return undefined;
    try {
      return options.load(value.data);
    } catch {
      return undefined; // stored by an older format: rebuilt below
    }
  }

  function begin(db: KbDatabase, beforeBuild: () => Promise<unknown>): Loading<T> {
    // Outside any transaction the caller may be in: Dexie would otherwise run these reads as a
    // nested transaction of it (and fail for tables outside its scope).
    //
    // The head does not wait for `beforeBuild` (the bundled pack check, which reads and validates
    // the whole pack file on a wake-up): a head whose stamp matches the KB as it stands is right
    // for it, and anything that changes the KB afterwards invalidates this cache.
    const head = Dexie.ignoreTransaction(() => loadStored(db, headKey)).catch(() => undefined);
    // The whole index is read after the head: both are deserialised on this one thread, and the
    // head is what the first query needs.
    const whole = Dexie.ignoreTransaction(async () => {
      await head;
      await beforeBuild();
      return (await loadStored(db, options.metaKey)) ?? rebuild(db);
    });
    const loading: Loading<T> = { whole, first: head.then((h) => h ?? whole) };
    whole.then(
      () => (loading.first = whole),
      // A failed build drops the cache, so that the next lookup builds again.
      () => {
        if (current === loading) current = undefined;
      },
    );
    return loading;
  }

  return {
    get(db, beforeBuild) {
      return (current ??= begin(db, beforeBuild)).whole;
    },
    getFirst(db, beforeBuild) {
      return (current ??= begin(db, beforeBuild)).first;
    },
    rebuild,
    invalidate() {
      current = undefined;
    },
  };
}
