/** Both background indexes, renewed together after the KB changed (sync flip, import, own entity). */
import type { KbDatabase } from './db/kb-database';
import { searchIndex } from './search/search-service';
import { spotIndex } from './spot-index';

/** The refresh under way (or the last one, settled): the next one starts after it. */
let running: Promise<unknown> = Promise.resolve();

/**
 * Builds the indexes for the KB as it now stands, off the hot path, one after the other and
 * after any refresh still under way (two builds at once would double the worker's peak memory).
 * Meanwhile lookups are answered from the indexes already in memory, or after a wake from the
 * stored ones when only the sources changed (stored-index.ts: stale while rebuilding): a page
 * opened during the few seconds of a rebuild at 100k entities is
 * marked from the previous KB, and the popup shows the previous KB's hits until the new search
 * index is ready, then asks again. Both are marked stale here, synchronously, before any await:
 * a warm-up search sent right after the KB changed waits for the new search index.
 */
export async function refreshKbIndexes(db: KbDatabase, ready: () => Promise<unknown>): Promise<void> {
  const spot = spotIndex.refresh(db, ready, running);
  const search = searchIndex.refresh(db, ready, spot);
  const both = Promise.allSettled([spot, search]);
  running = both;
  const failures = (await both).flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  if (failures.length) throw new AggregateError(failures, 'Newslens could not rebuild its indexes');
}
