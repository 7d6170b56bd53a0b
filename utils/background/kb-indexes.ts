/** Both background indexes, refreshed together after the KB changed (sync flip, import, own entity). */
import type { KbDatabase } from './db/kb-database';
import { refreshSearchIndex } from './search/search-service';
import { refreshSpotIndex } from './spot-index';

/**
 * Builds the new indexes one after the other (together they would double the worker's peak
 * memory); lookups keep using the old ones meanwhile.
 */
export async function refreshKbIndexes(db: KbDatabase, ready: () => Promise<unknown>): Promise<void> {
  await refreshSpotIndex(db, ready);
  await refreshSearchIndex(db, ready);
}
