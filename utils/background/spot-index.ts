/**
 * The spotting index the background answers `findMentions` with.
 *
 * Built from the live KB and the reader's own entities into a compiled form
 * (utils/matcher/compiled-index.ts), cached and stored as stored-index.ts describes: loaded as is
 * after the service worker wakes, rebuilt off the hot path when the KB changes (the previous
 * index answering meanwhile).
 */
import type { EntityRecord } from '../shared/kb-schema';
import type { SpotIndex } from '../matcher/spot-mentions';
import { compileIndex, compileIndexSteps, loadCompiledIndex, type CompiledIndexData, type IndexableEntity } from '../matcher/compiled-index';
import { forEachLiveEntity } from './kb-repository';
import { listOwnEntities } from './user-data/own-entities';
import { kbStamp, runInSlices, storedIndex } from './stored-index';

export { kbStamp } from './stored-index';

/**
 * What compileIndex reads of a record (referencedIds included): descriptions, facts that name no
 * entity, treaty articles, links and sources are dropped as each pack is read.
 */
export function indexableOf(e: EntityRecord): IndexableEntity {
  const { id, type, name, aliases, prominence, relations, facts, treaty } = e;
  return {
    id,
    type,
    name,
    aliases,
    prominence,
    relations,
    facts: facts.filter((f) => f.valueId),
    treaty: treaty && { ...treaty, articles: [] },
  };
}

export const spotIndex = storedIndex<SpotIndex, CompiledIndexData>({
  metaKey: 'spot-index',
  async compile(db) {
    const entities: IndexableEntity[] = [];
    const [stamp, own] = await db.transaction('r', [db.records, db.sources, db.meta, db.ownEntities], async () => {
      const stamp = await kbStamp(db);
      await forEachLiveEntity(db, (e) => entities.push(indexableOf(e)));
      return [stamp, await listOwnEntities(db)] as const;
    });
    // KB entities first; an own entity with a KB entity's id (cannot happen: own ids are "user-…") is left out.
    const ownIds = new Set(own.map((o) => o.id));
    const taken = new Set(entities.filter((e) => ownIds.has(e.id)).map((e) => e.id));
    for (const o of own) if (!taken.has(o.id)) entities.push(o);
    return { stamp, data: await runInSlices(compileIndexSteps(entities)) };
  },
  load: loadCompiledIndex,
});

/** The index to answer with now (the previous one while a rebuild after a KB change runs). */
export const getSpotIndex = spotIndex.get;
export const rebuildSpotIndex = spotIndex.rebuild;
/** Drops the index (stale ones too): the next lookup loads or builds one for the current KB. */
export const invalidateSpotIndex = spotIndex.invalidate;
/** Keeps the stored index from answering after a later wake too (a KB reset). */
export const forgetStoredSpotIndex = spotIndex.forgetStored;

/** Builds an index straight from records (tests, eval, benchmarks). */
export function buildSpotIndex(records: Parameters<typeof compileIndex>[0]): SpotIndex {
  return loadCompiledIndex(compileIndex(records));
}
