/**
 * The search index the background answers `search` with, cached like the spotting index
 * (spot-index.ts): compiled from the live KB plus the reader's own entities, stored in `meta`
 * with the KB stamp it was built from, loaded as is after the service worker wakes, dropped when
 * the KB or the own entities change (`invalidateSearchIndex`) and rebuilt off the hot path.
 */
import type { SearchHit, SearchRequest } from '../../shared/protocol';
import type { KbDatabase } from '../db/kb-database';
import { kbStamp } from '../spot-index';
import { allLiveEntities } from '../../sync/generations';
import { listOwnEntities } from '../user-data/own-entities';
import { compileSearchIndex, SearchIndex, type SearchIndexData } from './search-index';

const META_KEY = 'search-index';

interface StoredSearchIndex {
  stamp: string;
  data: SearchIndexData;
}

export async function rebuildSearchIndex(db: KbDatabase): Promise<SearchIndex> {
  const [stamp, live, own] = await db.transaction('r', [db.records, db.sources, db.meta, db.ownEntities], async () => [
    await kbStamp(db),
    await allLiveEntities(db),
    await listOwnEntities(db),
  ] as const);
  // KB entities first: an own entity never hides a KB entity with the same id.
  const data = compileSearchIndex([...live, ...own]);
  await db.meta.put({ key: META_KEY, value: { stamp, data } satisfies StoredSearchIndex });
  return new SearchIndex(data);
}

async function loadOrBuild(db: KbDatabase): Promise<SearchIndex> {
  const [stamp, stored] = await Promise.all([kbStamp(db), db.meta.get(META_KEY)]);
  const value = stored?.value as StoredSearchIndex | undefined;
  if (value && value.stamp === stamp) {
    try {
      return new SearchIndex(value.data);
    } catch {
      // Stored by an older format: rebuild.
    }
  }
  return rebuildSearchIndex(db);
}

let cached: Promise<SearchIndex> | undefined;

export function getSearchIndex(db: KbDatabase, beforeBuild: () => Promise<unknown>): Promise<SearchIndex> {
  cached ??= (async () => {
    await beforeBuild();
    return loadOrBuild(db);
  })().catch((err: unknown) => {
    cached = undefined;
    throw err;
  });
  return cached;
}

export function invalidateSearchIndex(): void {
  cached = undefined;
}

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
