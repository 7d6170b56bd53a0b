/**
 * The search index the background answers `search` with: compiled from the live KB plus the
 * reader's own entities, cached and stored like the spotting index (see ../stored-index.ts).
 *
 * Beside the whole index a *head* is stored: the same index over the most prominent entities
 * (and all own entities), a tenth of the size at 100k entities. After the worker wakes, the head
 * loads first and answers the popup's first keystrokes (their best hits are prominent names)
 * while the whole index is read; from then on the whole index answers.
 */
import type { SearchHit, SearchRequest } from '../../shared/protocol';
import type { KbDatabase } from '../db/kb-database';
import type { EntityRecord } from '../../shared/kb-schema';
import { kbStamp, runInSlices, storedIndex } from '../stored-index';
import { forEachLiveEntity } from '../kb-repository';
import { listOwnEntities } from '../user-data/own-entities';
import { headEntities } from './search-head';
import { compileSearchIndexSteps, SearchIndex, type SearchableEntity, type SearchIndexData } from './search-index';

/** What the search index reads of a record: the rest is dropped as each pack is read. */
export function searchableOf(e: EntityRecord): SearchableEntity {
  const { id, type, name, description, aliases, prominence } = e;
  return { id, type, name, description, aliases, prominence };
}

export const searchIndex = storedIndex<SearchIndex, SearchIndexData>({
  metaKey: 'search-index',
  async compile(db) {
    const live: SearchableEntity[] = [];
    const [stamp, own] = await db.transaction('r', [db.records, db.sources, db.meta, db.ownEntities], async () => {
      const stamp = await kbStamp(db);
      await forEachLiveEntity(db, (e) => live.push(searchableOf(e)));
      return [stamp, await listOwnEntities(db)] as const;
    });
    // KB entities first: an own entity never hides a KB entity with the same id. Built in slices,
    // so that lookups are answered (from the previous index) while it runs.
    const data = await runInSlices(compileSearchIndexSteps(concat<SearchableEntity>(live, own)));
    const head = headEntities(live, own);
    live.length = 0; // the head holds what it needs
    return { stamp, data, head: head && (await runInSlices(compileSearchIndexSteps(head))) };
  },
  load: (data) => new SearchIndex(data),
});

function* concat<T>(...lists: readonly (readonly T[])[]): Generator<T> {
  for (const list of lists) yield* list;
}

/**
 * The index to answer with now, and the whole index for the current KB (the same one once it is
 * loaded and no rebuild runs).
 */
export interface SearchIndexHandle {
  now: SearchIndex;
  whole: Promise<SearchIndex>;
}

/**
 * Resolves as soon as searches can be answered: with the head while the whole index loads after
 * a wake, with the previous KB's index while a rebuild runs (stale-while-rebuilding, see
 * ../stored-index.ts). `whole` waits for the current KB's index, so the popup's warm-up answer
 * tells it to ask again once that one answers.
 */
export async function getSearchIndex(db: KbDatabase, ready: () => Promise<unknown>): Promise<SearchIndexHandle> {
  const now = await searchIndex.getFirst(db, ready);
  const whole = searchIndex.fresh(db, ready);
  whole.catch(() => undefined); // a failed load is reported to whoever awaits it, not as unhandled
  return { now, whole };
}
export const rebuildSearchIndex = searchIndex.rebuild;
/** Drops the index (stale ones too): the next search loads or builds one for the current KB. */
export const invalidateSearchIndex = searchIndex.invalidate;
/** Keeps the stored index from answering after a later wake too (a KB reset). */
export const forgetStoredSearchIndex = searchIndex.forgetStored;

/**
 * The hits for a request. An empty query only warms the index: the popup sends one when it opens
 * and its answer comes once the whole index is loaded, so the popup knows to ask again for
 * results it got from the head.
 */
export async function toHits(source: SearchIndex | SearchIndexHandle, req: SearchRequest): Promise<SearchHit[]> {
  if (source instanceof SearchIndex) return hitsOf(source, req);
  if (!req.query.trim()) {
    await source.whole;
    return [];
  }
  return hitsOf(source.now, req);
}

function hitsOf(index: SearchIndex, req: SearchRequest): SearchHit[] {
  return index.search(req.query, { limit: req.limit ?? 20, type: req.type }).map((r) => ({
    id: index.id(r.entity),
    type: index.type(r.entity),
    name: index.name(r.entity),
    description: index.description(r.entity),
    matched: index.keyText(r.key),
    // The popup shows both kinds of typo alike ("close match"); the protocol has one kind for them.
    kind: r.tier === 'prefix-typo' ? 'typo' : r.tier,
  }));
}
