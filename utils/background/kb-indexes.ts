/** Both background indexes, renewed together after the KB changed (sync flip, import, own entity). */
import type { KbDatabase } from './db/kb-database';
import { getSearchIndex, invalidateSearchIndex } from './search/search-service';
import { getSpotIndex, invalidateSpotIndex } from './spot-index';

/**
 * Drops both indexes at once (no lookup may be answered from the old KB), then builds the new
 * ones one after the other, off the hot path (together they would double the worker's peak
 * memory). A lookup arriving meanwhile waits for the build already under way.
 */
export async function refreshKbIndexes(db: KbDatabase, ready: () => Promise<unknown>): Promise<void> {
  invalidateSpotIndex();
  invalidateSearchIndex();
  const failures: unknown[] = [];
  await getSpotIndex(db, ready).catch((err: unknown) => failures.push(err));
  await getSearchIndex(db, ready).catch((err: unknown) => failures.push(err));
  if (failures.length) throw new AggregateError(failures, 'Newslens could not rebuild its indexes');
}
