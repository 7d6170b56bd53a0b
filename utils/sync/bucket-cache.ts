/**
 * The live index buckets a delta's chunks read (for the digests they replace), kept in memory
 * for its flip, which would otherwise read the same rows again (at 100k entities a 1,000-change
 * delta touches nearly every bucket: megabytes each time).
 *
 * Safe because a live generation's buckets change only at a flip of their source, and every
 * flip moves the source's `seq` and `layout.packs`: the key below names one exact content. A
 * cache that does not match (another worker's life, another version) is simply not used.
 */
import type { SourceRow } from '../background/db/kb-database';
import type { IndexRow } from './packed-layout';

let cache: { key: string; rows: Map<number, IndexRow> } | undefined;

/** Identifies the content of a source's live buckets. */
export function bucketCacheKey(source: SourceRow): string {
  return `${source.id}|${source.liveGen ?? ''}|${source.seq ?? ''}|${source.layout?.packs ?? ''}|${source.layout?.buckets ?? ''}`;
}

/** Keeps bucket rows just read (never mutated by their users: the flip edits copies). */
export function rememberBuckets(key: string, rows: ReadonlyMap<number, IndexRow>): void {
  if (cache?.key !== key) cache = { key, rows: new Map() };
  for (const [b, row] of rows) cache.rows.set(b, row);
}

export function cachedBuckets(key: string): ReadonlyMap<number, IndexRow> | undefined {
  return cache?.key === key ? cache.rows : undefined;
}

export function forgetBuckets(): void {
  cache = undefined;
}
