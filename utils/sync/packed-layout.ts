/**
 * How a generation's entities are stored (schema v3, ADR 4): packed several per row, because
 * IndexedDB in Chromium costs about 0.2 ms per stored row whatever its size, so 100,000 entities
 * written one per row cannot go live in 15 s.
 *
 * A generation's rows in `records` (primary key `[gen+id]`) are told apart by the prefix of `id`
 * (entity ids are lower-case slugs without ":", so they cannot collide with these keys):
 *
 * - `p:<n>` **pack**: up to PACK_MAX_RECORDS entities (≤ PACK_MAX_BYTES of JSON), in the order
 *   the stream wrote them, each as the JSON text of its validated record: a string is stored and
 *   read back by IndexedDB's structured clone at memcpy speed, where a nested object costs a walk
 *   of every field (3–4 s of a 100k snapshot). A pack is never rewritten; a delta appends new packs.
 * - `b:<n>` **bucket** of the id index: every id whose hash falls in bucket n, with the pack that
 *   holds its current version and its record digest (for the state checksum). The index is the
 *   truth of what a generation contains: an entity copy in a pack that its bucket does not point
 *   at (replaced or deleted by a delta) is dead.
 * - `f:<n>` **fragment**: the index entries of one written chunk, before the index is built
 *   (snapshot) or applied (delta). Readers never read fragments.
 *
 * A lookup by id is two keyed reads: its bucket, then its pack.
 */
import type { Table } from 'dexie';
import type { EntityRow } from '../background/db/kb-database';
import type { EntityRecord } from '../shared/kb-schema';
import { toHex } from './sha256';

export interface PackRow {
  gen: number;
  /** `p:<n>` (packKey). */
  id: string;
  kind: 'pack';
  /** The source every record of the pack came from. */
  source: string;
  /** The records' ids, and the records as `JSON.stringify` of the validated `EntityRecord`. */
  ids: string[];
  records: string[];
}

/** A record on its way into a pack. */
export interface PackedRecord {
  id: string;
  json: string;
}

/** A pack row holding `records`. */
export function packRow(gen: number, n: number, source: string, records: readonly PackedRecord[]): PackRow {
  return { gen, id: packKey(n), kind: 'pack', source, ids: records.map((r) => r.id), records: records.map((r) => r.json) };
}

/** Record `i` of a pack as readers get it. */
export function unpack(pack: PackRow, i: number, digest: string | undefined): EntityRow {
  const record = JSON.parse(pack.records[i]!) as EntityRecord;
  return Object.assign(record, { source: pack.source, gen: pack.gen }, digest ? { digest } : {});
}

/**
 * A bucket of the id index (`b:<n>`) or a fragment of it (`f:<n>`): parallel lists, each in ONE
 * string or typed array. IndexedDB's structured clone copies those like memory, where an array of
 * 500 strings and 500 numbers costs a walk of 1,000 values: that walk was most of a delta's flip
 * (writing ~250 buckets) before.
 */
export interface IndexRow {
  gen: number;
  id: string;
  kind: 'bucket' | 'fragment';
  /** The ids, joined by "\n" (ids cannot contain it). Read with indexIds. */
  ids: string;
  /** Pack number holding each id's current version; DELETED in a delta fragment for a tombstone. */
  packs: Int32Array;
  /**
   * Feeds: the ids' record digests, concatenated, each as 32 characters of code 0–255 (one per
   * byte of the SHA-256: stored one byte per character, half the size of hex; one string clones
   * fast). See packDigest.
   */
  digests?: string;
}

export type RecordsRow = PackRow | IndexRow;

/** Where a generation's index and packs stand (kept on the source row for its live generation). */
export interface GenerationLayout {
  /** Number of index buckets (a power of two). */
  buckets: number;
  /** Next free pack number. */
  packs: number;
}

export const isPackRow = (row: RecordsRow | undefined): row is PackRow => row?.kind === 'pack';
export const isIndexRow = (row: RecordsRow | undefined): row is IndexRow => row?.kind === 'bucket' || row?.kind === 'fragment';

/** Pack number of a tombstone in a delta fragment. */
export const DELETED = -1;
export const DIGEST_HEX = 64;
/** Characters of one stored digest (packDigest). */
export const DIGEST_CHARS = 32;
/** The stored digest of an entry without one (a tombstone in a delta fragment). */
export const NO_DIGEST = '\0'.repeat(DIGEST_CHARS);

/** A hex SHA-256 digest in its stored form: 32 characters, one per byte. */
export function packDigest(hex: string): string {
  let s = '';
  for (let i = 0; i < DIGEST_HEX; i += 2) s += String.fromCharCode(parseInt(hex.slice(i, i + 2), 16));
  return s;
}

/** The hex digest of a stored one. */
export function unpackDigest(stored: string): string {
  const bytes = new Uint8Array(DIGEST_CHARS);
  for (let i = 0; i < DIGEST_CHARS; i++) bytes[i] = stored.charCodeAt(i);
  return toHex(bytes);
}

export const PACK_MAX_RECORDS = 64;
/**
 * Chromium stores an IndexedDB value over 64 kB as a separate blob file, which costs more than a
 * row; packs stay under that (sized by the NDJSON bytes, a little more than the stored clone).
 */
export const PACK_MAX_BYTES = 48 * 1024;
/**
 * Index entries per bucket aimed at (~60 bytes each). Measured with bench:sync at 100k entities,
 * a 1,000-change delta: ~512 per bucket (256 buckets, ~250 rewritten, 6 MB) flipped in ~0.5 s,
 * ~128 (1,024 buckets, ~640 rewritten, 3.6 MB) in ~0.3 s, ~64 no better; a snapshot's index
 * build grows with the bucket count (0.4 s → 0.8 s).
 */
const BUCKET_TARGET = 128;
const MAX_BUCKETS = 4096;

const pad = (n: number, width: number) => String(n).padStart(width, '0');
export const packKey = (n: number): string => `p:${pad(n, 8)}`;
export const bucketKey = (n: number): string => `b:${pad(n, 5)}`;
export const fragmentKey = (n: number): string => `f:${pad(n, 8)}`;

/** Key range bounds of one kind of row in a generation (`[gen, 'p:']` … `[gen, 'p:\uffff']`). */
export function kindRange(gen: number, prefix: 'p:' | 'b:' | 'f:'): [[number, string], [number, string]] {
  return [
    [gen, prefix],
    [gen, `${prefix}\uffff`],
  ];
}

/** Buckets for a generation of `count` entities: a power of two, ~BUCKET_TARGET ids each. */
export function bucketCountFor(count: number): number {
  let b = 1;
  while (b < MAX_BUCKETS && b * BUCKET_TARGET < count) b *= 2;
  return b;
}

/** FNV-1a over the id's UTF-16 code units: stable across browsers and versions (it is stored). */
export function bucketOf(id: string, buckets: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) & (buckets - 1);
}

/** An index row from its parallel lists. */
export function makeIndexRow(gen: number, id: string, kind: IndexRow['kind'], ids: readonly string[], packs: ArrayLike<number>, digests?: string): IndexRow {
  return { gen, id, kind, ids: ids.join('\n'), packs: Int32Array.from(packs), ...(digests === undefined ? {} : { digests }) };
}

/** The ids of an index row, in entry order. */
export function indexIds(row: IndexRow): string[] {
  return row.ids ? row.ids.split('\n') : [];
}

/** The stored digest of entry `i` of an index row, or undefined when the row keeps none. */
export function storedDigestAt(row: IndexRow, i: number): string | undefined {
  return row.digests ? row.digests.slice(i * DIGEST_CHARS, (i + 1) * DIGEST_CHARS) : undefined;
}

/** The hex digest of entry `i` of an index row, or undefined when the row keeps none. */
export function digestAt(row: IndexRow, i: number): string | undefined {
  const stored = storedDigestAt(row, i);
  return stored === undefined ? undefined : unpackDigest(stored);
}

/** One index entry: an id, the pack holding it (or DELETED) and its stored digest ('' when none). */
export interface IndexEntry {
  id: string;
  pack: number;
  digest: string;
}

/** Splits entities into pack-sized groups (by count and by their NDJSON size, when known). */
export function splitIntoPacks<T>(items: readonly T[], bytesOf: (item: T) => number): T[][] {
  const packs: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = bytesOf(item);
    if (current.length && (current.length >= PACK_MAX_RECORDS || bytes + size > PACK_MAX_BYTES)) {
      packs.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length) packs.push(current);
  return packs;
}

/** The bucket rows of an index holding `entries` (every bucket, empty ones included). */
export function buildBuckets(gen: number, buckets: number, entries: Iterable<IndexEntry>, withDigests: boolean): IndexRow[] {
  const lists = Array.from({ length: buckets }, () => ({ ids: [] as string[], packs: [] as number[], digests: [] as string[] }));
  for (const e of entries) {
    const list = lists[bucketOf(e.id, buckets)]!;
    list.ids.push(e.id);
    list.packs.push(e.pack);
    list.digests.push(e.digest);
  }
  return lists.map((l, b) => makeIndexRow(gen, bucketKey(b), 'bucket', l.ids, l.packs, withDigests ? l.digests.join('') : undefined));
}

// The schema v3 upgrade (db/versions.ts) packs the stored generations with packGeneration: a
// shipped migration must keep writing what it wrote, so before changing this function's output,
// copy the current version into the migration.
/**
 * A whole generation in packed form, built in memory: the bundled pack import (hundreds of
 * records, one transaction) and the v2 → v3 upgrade. Feeds are written chunk by chunk instead
 * (chunk-writer.ts) and indexed at the end (flip-job.ts).
 */
export function packGeneration(
  gen: number,
  source: string,
  rows: readonly (Omit<EntityRow, 'gen' | 'source'> & { gen?: number; source?: string })[],
): { rows: RecordsRow[]; layout: GenerationLayout } {
  const withDigests = rows.length > 0 && rows.every((r) => typeof r.digest === 'string' && r.digest.length === DIGEST_HEX);
  const items = rows.map(({ gen: _gen, source: _source, keys: _keys, digest, ...record }) => ({
    id: record.id,
    json: JSON.stringify(record),
    digest: withDigests ? packDigest(digest!) : '',
  }));
  const groups = splitIntoPacks(items, (r) => r.json.length);
  const out: RecordsRow[] = [];
  const entries: IndexEntry[] = [];
  groups.forEach((group, n) => {
    out.push(packRow(gen, n, source, group));
    for (const r of group) entries.push({ id: r.id, pack: n, digest: r.digest });
  });
  const buckets = bucketCountFor(rows.length);
  out.push(...buildBuckets(gen, buckets, entries, withDigests));
  return { rows: out, layout: { buckets, packs: groups.length } };
}

/**
 * Reads the buckets numbered `wanted` of a generation. When they are a good share of all its
 * buckets (a delta touches most of them), one `getAll` over the bucket range costs far less than
 * a keyed get each (every request is a round trip to the browser's IndexedDB process).
 */
export async function readBuckets(
  records: Table<RecordsRow, [number, string]>,
  gen: number,
  layout: GenerationLayout,
  wanted: readonly number[],
): Promise<Map<number, IndexRow>> {
  const found = new Map<number, IndexRow>();
  const keep = (row: RecordsRow | undefined) => {
    if (isIndexRow(row) && row.kind === 'bucket') found.set(Number(row.id.slice(2)), row);
  };
  if (wanted.length * 4 >= layout.buckets) {
    const want = new Set(wanted);
    for (const row of await records.where(':id').between(...kindRange(gen, 'b:')).toArray()) {
      if (want.has(Number(row.id.slice(2)))) keep(row);
    }
  } else {
    for (const row of await records.bulkGet(wanted.map((b): [number, string] => [gen, bucketKey(b)]))) keep(row);
  }
  return found;
}
