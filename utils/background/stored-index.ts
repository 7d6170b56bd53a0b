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
  /** Reads the KB (and its stamp, in the same transaction) and compiles the storable form. */
  compile(db: KbDatabase): Promise<{ stamp: string; data: D }>;
  /** Wraps a stored form; throws for a form it does not understand (it is then rebuilt). */
  load(data: D): T;
}

export interface StoredIndex<T> {
  get: (db: KbDatabase, beforeBuild: () => Promise<unknown>) => Promise<T>;
  /** Compiles and stores the index for the current KB (without touching the cached one). */
  rebuild: (db: KbDatabase) => Promise<T>;
  invalidate: () => void;
}

export function storedIndex<T, D>(options: StoredIndexOptions<T, D>): StoredIndex<T> {
  // One index per worker lifetime (module state is only a cache: the stored form is the truth).
  let cached: Promise<T> | undefined;
  let latest = 0;

  async function rebuild(db: KbDatabase): Promise<T> {
    const { stamp, data } = await options.compile(db);
    await db.meta.put({ key: options.metaKey, value: { stamp, data } });
    return options.load(data);
  }

  async function loadOrBuild(db: KbDatabase): Promise<T> {
    const [stamp, stored] = await Promise.all([kbStamp(db), db.meta.get(options.metaKey)]);
    const value = stored?.value as { stamp: string; data: D } | undefined;
    if (value && value.stamp === stamp) {
      try {
        return options.load(value.data);
      } catch {
        // Stored by an older format: rebuild.
      }
    }
    return rebuild(db);
  }

  function start(db: KbDatabase, beforeBuild: () => Promise<unknown>): Promise<T> {
    const ticket = ++latest;
    // Build outside any transaction the caller may be in: Dexie would otherwise run the build's
    // reads as a nested transaction of it (and fail for tables outside its scope).
    const next = Dexie.ignoreTransaction(async () => {
      await beforeBuild();
      return loadOrBuild(db);
    });
    // A failed build drops the cache, so that the next lookup builds again.
    next.catch(() => {
      if (ticket === latest) cached = undefined;
    });
    return next;
  }

  return {
    get(db, beforeBuild) {
      return (cached ??= start(db, beforeBuild));
    },
    rebuild,
    invalidate() {
      cached = undefined;
      latest++;
    },
  };
}
