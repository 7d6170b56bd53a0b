/**
 * The spotting index the background answers `findMentions` with.
 *
 * Built from the KB into a compiled form (utils/matcher/compiled-index.ts) that is stored in the
 * `meta` table with a stamp of the KB state it was built from. After the service worker wakes,
 * the stored form is loaded as is (no rebuild); when the KB changes, `rebuildSpotIndex` compiles
 * and stores a new one, and lookups wait for it only if no valid index exists.
 */
import type { SpotIndex } from '../matcher/spot-mentions';
import { compileIndex, loadCompiledIndex, type CompiledIndexData } from '../matcher/compiled-index';
import type { KbDatabase } from './db/kb-database';
import { allLiveEntities } from '../sync/generations';
import { listOwnEntities, ownEntitiesRevision } from './user-data/own-entities';

const META_KEY = 'spot-index';

interface StoredIndex {
  stamp: string;
  data: CompiledIndexData;
}

/** Identifies a KB state: the sources and their versions. Changes whenever an import lands. */
export async function kbStamp(db: KbDatabase): Promise<string> {
  const [sources, own] = await Promise.all([db.sources.toArray(), ownEntitiesRevision(db)]);
  // The reader's own entities are spotted too (issue 7): their revision is part of the state.
  const ownPart = own ? `|own#${own}` : '';
  return sources
    // liveGen and enabled too: a sync flip or switching a source off changes what readers see.
    .map((s) => `${s.id}@${s.version}#${s.liveGen ?? ''}${s.enabled ? '' : ':off'}`)
    .sort()
    .join('|') + ownPart;
}

export async function rebuildSpotIndex(db: KbDatabase): Promise<SpotIndex> {
  const [stamp, records, own] = await db.transaction('r', [db.records, db.sources, db.meta, db.ownEntities], async () => [
    await kbStamp(db),
    await allLiveEntities(db),
    await listOwnEntities(db),
  ] as const);
  // KB entities first; an own entity with a KB entity's id (cannot happen: own ids are "user-…") is left out.
  const ids = new Set(records.map((r) => r.id));
  const data = compileIndex([...records, ...own.filter((o) => !ids.has(o.id))]);
  await db.meta.put({ key: META_KEY, value: { stamp, data } satisfies StoredIndex });
  return loadCompiledIndex(data);
}

async function loadOrBuild(db: KbDatabase): Promise<SpotIndex> {
  const [stamp, stored] = await Promise.all([kbStamp(db), db.meta.get(META_KEY)]);
  const value = stored?.value as StoredIndex | undefined;
  if (value && value.stamp === stamp) {
    try {
      return loadCompiledIndex(value.data);
    } catch {
      // An index from an older format: fall through and rebuild.
    }
  }
  return rebuildSpotIndex(db);
}

// One index per worker lifetime; dropped when the KB changes.
let cached: Promise<SpotIndex> | undefined;

export function getSpotIndex(db: KbDatabase, beforeBuild: () => Promise<unknown>): Promise<SpotIndex> {
  cached ??= (async () => {
    await beforeBuild();
    return loadOrBuild(db);
  })().catch((err: unknown) => {
    cached = undefined;
    throw err;
  });
  return cached;
}

/** Call after the KB changed: the next lookup loads or builds the index for the new state. */
export function invalidateSpotIndex(): void {
  cached = undefined;
}

/** Builds an index straight from records (tests, eval, benchmarks). */
export function buildSpotIndex(records: Parameters<typeof compileIndex>[0]): SpotIndex {
  return loadCompiledIndex(compileIndex(records));
}
