/**
 * Generations: how the KB keeps a complete, consistent version of every source visible while a
 * new one is being written.
 *
 * Every stored row (a pack of entities or a bucket of the id index, see packed-layout.ts) carries
 * the generation (`gen`) it was written in; a source's `liveGen` names the generation readers
 * see, and its `layout` how that generation's index is laid out. A sync writes a new generation beside the live one, in as many
 * transactions as it likes, then makes it live by updating the one `sources` row (the "flip").
 * Rows of generations that are neither live nor being staged are garbage, removed afterwards by
 * `cleanupGenerations`. Readers go through the functions below and never see a staged or a
 * half-deleted generation.
 *
 * When two enabled sources supply the same entity id, the higher-priority source wins: feeds the
 * user added (newest first) over the bundled default pack.
 */
import Dexie from 'dexie';
import type { EntityRow, KbDatabase, SourceRow } from '../background/db/kb-database';
import { searchKeysOf } from '../background/search-keys';
import {
  bucketOf,
  digestAt,
  kindRange,
  packGeneration,
  packKey,
  isIndexRow,
  indexIds,
  isPackRow,
  readBuckets,
  unpack,
  type GenerationLayout,
  type PackRow,
} from './packed-layout';

export const NEXT_GENERATION_KEY = 'next-generation';
/** Rows deleted per transaction when a dead generation is cleaned up. */
const CLEANUP_BATCH = 2_000;

/** Reserves a fresh generation number. Call inside a rw transaction that includes `meta`. */
export async function allocateGeneration(db: KbDatabase): Promise<number> {
  const row = await db.meta.get(NEXT_GENERATION_KEY);
  const gen = typeof row?.value === 'number' ? row.value : 1;
  await db.meta.put({ key: NEXT_GENERATION_KEY, value: gen + 1 });
  return gen;
}

/** Sources in reader priority order: feeds (newest first), then the bundled pack. */
export function byPriority(sources: readonly SourceRow[]): SourceRow[] {
  const rank = (s: SourceRow) => (s.kind === 'bundled' ? 1 : 0);
  return [...sources].sort(
    (a, b) => rank(a) - rank(b) || (b.sync?.addedAt ?? '').localeCompare(a.sync?.addedAt ?? '') || a.id.localeCompare(b.id),
  );
}

export interface LiveView {
  /** Live generations of the enabled sources, highest priority first. */
  gens: number[];
  /** Priority of a live generation (0 = highest), undefined when the generation is not live. */
  rank: Map<number, number>;
  /** Index layout of each live generation. */
  layouts: Map<number, GenerationLayout>;
}

export async function liveView(db: KbDatabase): Promise<LiveView> {
  const sources = byPriority(await db.sources.toArray()).filter((s) => s.enabled && s.liveGen !== undefined);
  const gens = sources.map((s) => s.liveGen!);
  return {
    gens,
    rank: new Map(gens.map((g, i) => [g, i])),
    // A source without a layout has no entities (a v3 flip always writes one).
    layouts: new Map(sources.map((s) => [s.liveGen!, s.layout ?? { buckets: 1, packs: 0 }])),
  };
}

function readTx<T>(db: KbDatabase, fn: () => Promise<T>): Promise<T> {
  return db.transaction('r', db.sources, db.records, fn);
}

/**
 * Looks `ids` up in one generation: one read of their buckets, one of their packs. Returns the
 * rows found, by id.
 */
async function lookUpIn(db: KbDatabase, gen: number, layout: GenerationLayout, ids: readonly string[]): Promise<Map<string, EntityRow>> {
  const found = new Map<string, EntityRow>();
  if (!ids.length || !layout.packs) return found;
  const byBucket = await readBuckets(db.records, gen, layout, [...new Set(ids.map((id) => bucketOf(id, layout.buckets)))]);
  const where = new Map<string, { pack: number; digest?: string }>();
  for (const id of ids) {
    const bucket = byBucket.get(bucketOf(id, layout.buckets));
    if (!bucket) continue;
    const i = indexIds(bucket).indexOf(id);
    if (i >= 0) where.set(id, { pack: bucket.packs[i]!, digest: digestAt(bucket, i) });
  }
  const packNos = [...new Set([...where.values()].map((w) => w.pack))];
  const packs = await db.records.bulkGet(packNos.map((n) => [gen, packKey(n)] as [number, string]));
  const byPack = new Map(packNos.map((n, i) => [n, packs[i]]));
  for (const [id, w] of where) {
    const pack = byPack.get(w.pack);
    const i = isPackRow(pack) ? pack.ids.indexOf(id) : -1;
    if (i >= 0) found.set(id, unpack(pack as PackRow, i, w.digest));
  }
  return found;
}

/** The live rows for `ids`, in the same order (undefined where an id is not in the KB). */
export function getLiveEntities(db: KbDatabase, ids: readonly string[]): Promise<(EntityRow | undefined)[]> {
  return readTx(db, async () => {
    const view = await liveView(db);
    const result = new Map<string, EntityRow>();
    // Highest priority first: an id found there is not looked up in lower ones.
    for (const gen of view.gens) {
      const missing = [...new Set(ids)].filter((id) => !result.has(id));
      if (!missing.length) break;
      for (const [id, row] of await lookUpIn(db, gen, view.layouts.get(gen)!, missing)) result.set(id, row);
    }
    return ids.map((id) => result.get(id));
  });
}

export async function getLiveEntity(db: KbDatabase, id: string): Promise<EntityRow | undefined> {
  return (await getLiveEntities(db, [id]))[0];
}

/**
 * Every entity of one generation that its index points at, passed to `visit`: the buckets are
 * read first (ids → pack), then the packs in key order, skipping copies a delta replaced or
 * deleted.
 */
async function forEachInGeneration(db: KbDatabase, gen: number, visit: (row: EntityRow) => void): Promise<void> {
  const current = new Map<string, { pack: number; digest?: string }>();
  await db.records
    .where(':id')
    .between(...kindRange(gen, 'b:'))
    .each((row) => {
      if (!isIndexRow(row)) return;
      indexIds(row).forEach((id, i) => current.set(id, { pack: row.packs[i]!, digest: digestAt(row, i) }));
    });
  await db.records
    .where(':id')
    .between(...kindRange(gen, 'p:'))
    .each((row) => {
      if (!isPackRow(row)) return;
      const n = Number(row.id.slice(2));
      row.ids.forEach((id, i) => {
        const at = current.get(id);
        if (at?.pack === n) visit(unpack(row, i, at.digest));
      });
    });
}

/** Every live entity (one row per id). */
export function allLiveEntities(db: KbDatabase): Promise<EntityRow[]> {
  return readTx(db, async () => {
    const view = await liveView(db);
    const byId = new Map<string, EntityRow>();
    // Lowest priority first, so a higher-priority row overwrites.
    for (const gen of [...view.gens].reverse()) await forEachInGeneration(db, gen, (row) => byId.set(row.id, row));
    return [...byId.values()];
  });
}

/**
 * Live rows with a search key starting with `prefix`, at most `limit` distinct ids, one row per
 * id (the winning source's). The packed store (v3) has no per-key index: this scans the live KB,
 * which is fine for what uses it (tests and tools; the popup searches the search index).
 */
export async function searchLiveRows(db: KbDatabase, prefix: string, limit: number): Promise<EntityRow[]> {
  const found: EntityRow[] = [];
  for (const row of await allLiveEntities(db)) {
    if (found.length >= limit) break;
    const keys = searchKeysOf(row);
    if (keys.some((k) => k.startsWith(prefix))) found.push({ ...row, keys });
  }
  return found;
}

/**
 * Replaces a source's records with `rows` as a new generation in ONE transaction, flip included.
 * Used by the bundled pack import: the pack is small (hundreds of records) and ships inside the
 * extension, so it needs no download, resume or staging across transactions; feeds go through
 * utils/sync/apply-job.ts instead. The old generation is deleted in the same transaction.
 */
export async function replaceWithNewGeneration(
  db: KbDatabase,
  source: Omit<SourceRow, 'liveGen' | 'layout'>,
  rows: readonly Omit<EntityRow, 'gen'>[],
): Promise<number> {
  return db.transaction('rw', db.records, db.sources, db.meta, async () => {
    const previous = await db.sources.get(source.id);
    const gen = await allocateGeneration(db);
    const packed = packGeneration(gen, source.id, rows);
    await db.records.bulkPut(packed.rows);
    await db.sources.put({ ...previous, ...source, liveGen: gen, layout: packed.layout });
    if (previous?.liveGen !== undefined) {
      await db.records.where(':id').between([previous.liveGen, Dexie.minKey], [previous.liveGen, Dexie.maxKey]).delete();
    }
    return gen;
  });
}

/**
 * Deletes the rows of every generation that is neither live for some source nor the staging
 * generation of an unfinished sync job of an existing source (jobs of removed sources are
 * dropped first), in small transactions (readers never see these rows, so
 * it can be interrupted anywhere and resumed later). Returns the number of rows deleted.
 *
 * Generations are found by walking the primary key `[gen+id]` one generation at a time (one
 * keyed lookup each) and deleted as primary-key ranges: a scan of the `gen` index for its
 * distinct values, or deleting key by key, costs minutes at 100,000 rows in Chromium.
 */
export async function cleanupGenerations(db: KbDatabase): Promise<number> {
  let deleted = 0;
  const keep = await db.transaction('rw', db.sources, db.syncJobs, async () => {
    // A job whose source is gone (left by a sync that raced a removal, before createJob checked
    // for that) would keep its generation forever: it goes, and its generation with it below.
    const ids = new Set(await db.sources.toCollection().primaryKeys());
    const orphans = (await db.syncJobs.toCollection().primaryKeys()).filter((source) => !ids.has(source));
    if (orphans.length) await db.syncJobs.bulkDelete(orphans);
    const gens = new Set<number>();
    for (const s of await db.sources.toArray()) if (s.liveGen !== undefined) gens.add(s.liveGen);
    for (const j of await db.syncJobs.toArray()) gens.add(j.gen);
    return gens;
  });
  let after: number | undefined;
  for (;;) {
    // The next generation present in `records`, after `after`.
    const next = await (after === undefined ? db.records.orderBy(':id') : db.records.where(':id').above([after, Dexie.maxKey]))
      .limit(1)
      .primaryKeys();
    if (!next.length) break;
    const gen = next[0]![0];
    after = gen;
    if (keep.has(gen)) continue;
    for (;;) {
      // Recheck inside each write: a job could have claimed the number in between (it cannot:
      // generation numbers are never reused, but the check is cheap and keeps this obviously safe).
      const n = await db.transaction('rw', db.sources, db.syncJobs, db.records, async () => {
        if ((await db.sources.filter((s) => s.liveGen === gen).count()) > 0) return 0;
        if ((await db.syncJobs.filter((j) => j.gen === gen).count()) > 0) return 0;
        const keys = await db.records
          .where(':id')
          .between([gen, Dexie.minKey], [gen, Dexie.maxKey])
          .limit(CLEANUP_BATCH)
          .primaryKeys();
        if (!keys.length) return 0;
        await db.records.where(':id').between([gen, Dexie.minKey], keys[keys.length - 1]!, true, true).delete();
        return keys.length;
      });
      deleted += n;
      if (n < CLEANUP_BATCH) break;
    }
  }
  return deleted;
}

/**
 * True when source `id` no longer exists; its job row, if any, is then deleted in the same
 * transaction (an orphan: its generation becomes garbage for `cleanupGenerations`).
 */
export async function dropJobIfSourceGone(db: KbDatabase, id: string): Promise<boolean> {
  return db.transaction('rw', db.sources, db.syncJobs, async () => {
    if (await db.sources.get(id)) return false;
    await db.syncJobs.delete(id);
    return true;
  });
}
