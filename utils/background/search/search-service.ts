/**
 * The search index the background answers `search` with: compiled from the live KB plus the
 * reader's own entities, cached and stored like the spotting index (see ../stored-index.ts).
 */
import type { SearchHit, SearchRequest } from '../../shared/protocol';
import { kbStamp, storedIndex } from '../stored-index';
import { allLiveEntities } from '../../sync/generations';
import { listOwnEntities } from '../user-data/own-entities';
import { compileSearchIndex, SearchIndex, type SearchIndexData } from './search-index';

const searchIndex = storedIndex<SearchIndex, SearchIndexData>({
  metaKey: 'search-index',
  async compile(db) {
    const [stamp, live, own] = await db.transaction('r', [db.records, db.sources, db.meta, db.ownEntities], async () => [
      await kbStamp(db),
      await allLiveEntities(db),
      await listOwnEntities(db),
    ] as const);
    // KB entities first: an own entity never hides a KB entity with the same id.
    return { stamp, data: compileSearchIndex([...live, ...own]) };
  },
  load: (data) => new SearchIndex(data),
});

export const getSearchIndex = searchIndex.get;
export const rebuildSearchIndex = searchIndex.rebuild;
export const invalidateSearchIndex = searchIndex.invalidate;

export function toHits(index: SearchIndex, req: SearchRequest): SearchHit[] {
  return index.search(req.query, { limit: req.limit ?? 20, type: req.type }).map((r) => ({
    id: index.id(r.entity),
    type: index.type(r.entity),
    name: index.name(r.entity),
    description: index.description(r.entity),
    matched: index.keyText(r.key),
    kind: r.tier,
  }));
}
