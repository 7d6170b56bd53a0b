/**
 * Generations: how the KB keeps a complete, consistent version of every source visible while a
 * new one is being written.
 *
 * Every entity row carries the generation (`gen`) it was written in; a source's `liveGen` names
 * the generation readers see. A sync writes a new generation beside the live one, in as many
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

export const NEXT_GENERATION_KEY = 'next-generation';
/** Rows deleted per transaction when a dead generation is cleaned up. */
const CLEANUP_BATCH = 5_000;

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
}

export async function liveView(db: KbDatabase): Promise<LiveView> {
  const sources = byPriority(await db.sources.toArray()).filter((s) => s.enabled && s.liveGen !== undefined);
  const gens = sources.map((s) => s.liveGen!);
  return { gens, rank: new Map(gens.map((g, i) => [g, i])) };
}

/** Of several rows for one id, the one readers see (or undefined when none is live). */
function winner(rows: readonly EntityRow[], view: LiveView): EntityRow | undefined {
  let best: EntityRow | undefined;
  for (const row of rows) {
    const rank = view.rank.get(row.gen);
    if (rank === undefined) continue;
    if (!best || rank < view.rank.get(best.gen)!) best = row;
  }
  return best;
}

function readTx<T>(db: KbDatabase, fn: () => Promise<T>): Promise<T> {
  return db.transaction('r', db.sources, db.records, fn);
}

/** The live rows for `ids`, in the same order (undefined where an id is not in the KB). */
export function getLiveEntities(db: KbDatabase, ids: readonly string[]): Promise<(EntityRow | undefined)[]> {
  return readTx(db, async () => {
    const view = await liveView(db);
    const rows = ids.length ? await db.records.where('id').anyOf([...ids]).toArray() : [];
    const byId = new Map<string, EntityRow[]>();
    for (const row of rows) byId.set(row.id, [...(byId.get(row.id) ?? []), row]);
    return ids.map((id) => winner(byId.get(id) ?? [], view));
  });
}

export async function getLiveEntity(db: KbDatabase, id: string): Promise<EntityRow | undefined> {
  return (await getLiveEntities(db, [id]))[0];
}

/** Every live entity (one row per id). */
export function allLiveEntities(db: KbDatabase): Promise<EntityRow[]> {
  return readTx(db, async () => {
    const view = await liveView(db);
    const byId = new Map<string, EntityRow>();
    // Lowest priority first, so a higher-priority row overwrites.
    for (const gen of [...view.gens].reverse()) {
      for (const row of await db.records.where('gen').equals(gen).toArray()) byId.set(row.id, row);
    }
    return [...byId.values()];
  });
}

/**
 * Live rows with a search key starting with `prefix`, at most `limit` distinct ids, one row per
 * id. A row hidden by a higher-priority source's row for the same id is left out.
 */
export function searchLiveRows(db: KbDatabase, prefix: string, limit: number): Promise<EntityRow[]> {
  return readTx(db, async () => {
    const view = await liveView(db);
    const found = await db.records
      .where('keys')
      .startsWith(prefix)
      .filter((row) => view.rank.has(row.gen))
      .limit(limit)
      .toArray();
    if (view.gens.length < 2) return dedupe(found);
    const ids = [...new Set(found.map((r) => r.id))];
    const all = await db.records.where('id').anyOf(ids).toArray();
    const winners = new Map<string, EntityRow>();
    for (const id of ids) {
      const w = winner(
        all.filter((r) => r.id === id),
        view,
      );
      if (w) winners.set(id, w);
    }
    return dedupe(found.filter((r) => winners.get(r.id)?.gen === r.gen));
  });
}

function dedupe(rows: readonly EntityRow[]): EntityRow[] {
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(r.id) && seen.add(r.id));
}

/**
 * Replaces a source's records with `rows` as a new generation in ONE transaction, flip included.
 * Used by the bundled pack import: the pack is small (hundreds of records) and ships inside the
 * extension, so it needs no download, resume or staging across transactions; feeds go through
 * utils/sync/apply-job.ts instead. The old generation is deleted in the same transaction.
 */
export async function replaceWithNewGeneration(
  db: KbDatabase,
  source: Omit<SourceRow, 'liveGen'>,
  rows: readonly Omit<EntityRow, 'gen'>[],
): Promise<number> {
  return db.transaction('rw', db.records, db.sources, db.meta, async () => {
    const previous = await db.sources.get(source.id);
    const gen = await allocateGeneration(db);
    await db.records.bulkPut(rows.map((r) => ({ ...r, gen })));
    await db.sources.put({ ...previous, ...source, liveGen: gen });
    if (previous?.liveGen !== undefined) await db.records.where('gen').equals(previous.liveGen).delete();
    return gen;
  });
}

/**
 * Deletes the rows of every generation that is neither live for some source nor the staging
 * generation of an unfinished sync job, in small transactions (readers never see these rows, so
 * it can be interrupted anywhere and resumed later). Returns the number of rows deleted.
 *
 * Generations are found by walking the primary key `[gen+id]` one generation at a time (one
 * keyed lookup each) and deleted as primary-key ranges: a scan of the `gen` index for its
 * distinct values, or deleting key by key, costs minutes at 100,000 rows in Chromium.
 */
export async function cleanupGenerations(db: KbDatabase): Promise<number> {
  let deleted = 0;
  const keep = await db.transaction('r', db.sources, db.syncJobs, async () => {
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
  // Staged delta changes of jobs that no longer exist.
  const jobGens = new Set((await db.syncJobs.toArray()).map((j) => j.gen));
  const stagedGens = (await db.staging.orderBy('gen').uniqueKeys()) as number[];
  for (const gen of stagedGens) {
    if (!jobGens.has(gen)) deleted += await db.staging.where('gen').equals(gen).delete();
  }
  return deleted;
}
