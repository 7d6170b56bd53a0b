/**
 * The spotting index the background answers `findMentions` with.
 *
 * Built from the live KB and the reader's own entities into a compiled form
 * (utils/matcher/compiled-index.ts), cached and stored as stored-index.ts describes: loaded as is
 * after the service worker wakes, rebuilt off the hot path when the KB changes.
 */
import type { SpotIndex } from '../matcher/spot-mentions';
import { compileIndex, loadCompiledIndex, type CompiledIndexData } from '../matcher/compiled-index';
import { allLiveEntities } from '../sync/generations';
import { listOwnEntities } from './user-data/own-entities';
import { kbStamp, storedIndex } from './stored-index';

export { kbStamp } from './stored-index';

const spotIndex = storedIndex<SpotIndex, CompiledIndexData>({
  metaKey: 'spot-index',
  async compile(db) {
    const [stamp, records, own] = await db.transaction('r', [db.records, db.sources, db.meta, db.ownEntities], async () => [
      await kbStamp(db),
      await allLiveEntities(db),
      await listOwnEntities(db),
    ] as const);
    // KB entities first; an own entity with a KB entity's id (cannot happen: own ids are "user-…") is left out.
    const ids = new Set(records.map((r) => r.id));
    return { stamp, data: compileIndex([...records, ...own.filter((o) => !ids.has(o.id))]) };
  },
  load: loadCompiledIndex,
});

export const getSpotIndex = spotIndex.get;
export const rebuildSpotIndex = spotIndex.rebuild;
/** Drops the index: the next lookup loads or builds one for the current KB. */
export const invalidateSpotIndex = spotIndex.invalidate;

/** Builds an index straight from records (tests, eval, benchmarks). */
export function buildSpotIndex(records: Parameters<typeof compileIndex>[0]): SpotIndex {
  return loadCompiledIndex(compileIndex(records));
}
