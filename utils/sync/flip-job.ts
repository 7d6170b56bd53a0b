/**
 * The end of a job (apply-job.ts): a verified snapshot gets its id index, then the flip makes the
 * result live in one small transaction.
 *
 * - Snapshot: `indexSnapshot` turns the generation's fragments into index buckets (one
 *   transaction, before the flip; a worker killed in between redoes it). The flip points the
 *   source at the generation; the old one becomes garbage for `cleanupGenerations`.
 * - Deltas: the flip copies the changed records into new packs of the live generation and
 *   rewrites only the index buckets their ids fall in. Copies in older packs that a bucket no
 *   longer points at are dead (readers follow the index). The planner caps a delta chain's size
 *   (MAX_DELTA_RECORDS), so this transaction stays small.
 */
import type { KbDatabase, SourceRow } from '../background/db/kb-database';
import type { SyncJob } from './apply-job';
import { bucketCacheKey, cachedBuckets, forgetBuckets } from './bucket-cache';
import { baseChangedError, SyncError } from './http';
import {
  DELETED,
  NO_DIGEST,
  bucketCountFor,
  bucketKey,
  bucketOf,
  buildBuckets,
  storedDigestAt,
  indexIds,
  isIndexRow,
  isPackRow,
  makeIndexRow,
  kindRange,
  packKey,
  packRow,
  readBuckets,
  splitIntoPacks,
  type GenerationLayout,
  type IndexEntry,
  type IndexRow,
  type PackRow,
  type PackedRecord,
} from './packed-layout';

const interrupted = () => new SyncError('The update was interrupted; it will be resumed.', 'http', { retryable: true });

/** Every entry of a generation's fragments, in the order written (later ones win for an id). */
async function readFragments(db: KbDatabase, gen: number, visit: (entry: IndexEntry) => void): Promise<void> {
  await db.records
    .where(':id')
    .between(...kindRange(gen, 'f:'))
    .each((row) => {
      if (!isIndexRow(row)) return;
      indexIds(row).forEach((id, i) => visit({ id, pack: row.packs[i]!, digest: storedDigestAt(row, i) ?? '' }));
    });
}

/**
 * Builds a fully downloaded and verified snapshot's id index from its fragments, and drops the
 * fragments, in one transaction (readers do not see the generation yet). Refuses a snapshot that
 * lists an id twice.
 */
export async function indexSnapshot(db: KbDatabase, job: SyncJob): Promise<SyncJob> {
  return db.transaction('rw', db.syncJobs, db.records, async () => {
    const stored = await db.syncJobs.get(job.source);
    if (!stored || stored.gen !== job.gen || stored.step < stored.steps.length) throw interrupted();
    if (stored.buckets !== undefined) return stored;
    const entries: IndexEntry[] = [];
    const seen = new Set<string>();
    let duplicate: string | undefined;
    await readFragments(db, job.gen, (entry) => {
      if (seen.has(entry.id)) duplicate ??= entry.id;
      seen.add(entry.id);
      entries.push(entry);
    });
    if (duplicate !== undefined) {
      throw new SyncError(`Version ${job.target.label} was not applied: the snapshot lists "${duplicate}" more than once.`, 'malformed', { restart: true });
    }
    const buckets = bucketCountFor(entries.length);
    await db.records.bulkPut(buildBuckets(job.gen, buckets, entries, true));
    await db.records.where(':id').between(...kindRange(job.gen, 'f:')).delete();
    const next: SyncJob = { ...stored, buckets };
    await db.syncJobs.put(next);
    return next;
  });
}

/** An index bucket being edited: its lists as arrays (the stored row is left as it is). */
interface OpenBucket {
  b: number;
  ids: string[];
  packs: number[];
  digests: string[];
}

function openBucket(row: IndexRow | undefined, b: number): OpenBucket {
  const ids = row ? indexIds(row) : [];
  const digests = ids.map((_, i) => (row && storedDigestAt(row, i)) ?? NO_DIGEST);
  return { b, ids, packs: row ? Array.from(row.packs) : [], digests };
}

/**
 * Applies a verified delta job to the live generation (inside the flip transaction): new packs
 * for the changed records, and the touched buckets rewritten. Returns the new count and layout.
 */
async function applyDelta(db: KbDatabase, job: SyncJob, source: SourceRow): Promise<{ entityCount: number; layout: GenerationLayout }> {
  const gen = job.baseGen!;
  const layout = source.layout ?? { buckets: 1, packs: 0 };
  const final = new Map<string, IndexEntry>();
  await readFragments(db, job.gen, (entry) => final.set(entry.id, entry));
  // The staged records (the version each id ends with), read from the job's packs.
  const packNos = [...new Set([...final.values()].filter((e) => e.pack !== DELETED).map((e) => e.pack))];
  const staged = await db.records.bulkGet(packNos.map((n) => [job.gen, packKey(n)] as [number, string]));
  const puts: PackedRecord[] = [];
  staged.forEach((pack, i) => {
    if (!isPackRow(pack)) throw interrupted();
    pack.ids.forEach((id, j) => {
      if (final.get(id)?.pack === packNos[i]) puts.push({ id, json: pack.records[j]! });
    });
  });
  const newPacks: PackRow[] = [];
  const newPackOf = new Map<string, number>();
  for (const group of splitIntoPacks(puts, (p) => p.json.length)) {
    const n = layout.packs + newPacks.length;
    newPacks.push(packRow(gen, n, job.source, group));
    for (const p of group) newPackOf.set(p.id, n);
  }
  // Only the buckets the changed ids fall in are read and rewritten.
  const bucketNos = [...new Set([...final.keys()].map((id) => bucketOf(id, layout.buckets)))];
  // Most were read by the chunks already (bucket-cache.ts): only the others are read here.
  const cached = cachedBuckets(bucketCacheKey(source));
  const rows = await readBuckets(db.records, gen, layout, bucketNos.filter((b) => !cached?.has(b)));
  const open = new Map(bucketNos.map((b) => [b, openBucket(rows.get(b) ?? cached?.get(b), b)]));
  let entityCount = source.entityCount;
  for (const [id, entry] of final) {
    const bucket = open.get(bucketOf(id, layout.buckets))!;
    const i = bucket.ids.indexOf(id);
    if (entry.pack === DELETED) {
      if (i < 0) continue;
      bucket.ids.splice(i, 1);
      bucket.packs.splice(i, 1);
      bucket.digests.splice(i, 1);
      entityCount--;
    } else if (i >= 0) {
      bucket.packs[i] = newPackOf.get(id)!;
      bucket.digests[i] = entry.digest;
    } else {
      bucket.ids.push(id);
      bucket.packs.push(newPackOf.get(id)!);
      bucket.digests.push(entry.digest);
      entityCount++;
    }
  }
  const buckets = [...open.values()].map((o) => makeIndexRow(gen, bucketKey(o.b), 'bucket', o.ids, o.packs, o.digests.join('')));
  await db.records.bulkPut([...newPacks, ...buckets]);
  return { entityCount, layout: { buckets: layout.buckets, packs: layout.packs + newPacks.length } };
}

export interface FlipResult {
  entityCount: number;
}

/**
 * Makes a fully downloaded and verified job live, in one transaction: the source row points at
 * the new generation (snapshot) or the staged changes are applied to the live one (deltas,
 * bounded in size by the planner), and the job row goes. `update` adds the sync-state fields.
 */
export async function flipJob(
  db: KbDatabase,
  job: SyncJob,
  update: (entityCount: number, source: SourceRow) => Partial<SourceRow>,
): Promise<FlipResult> {
  try {
    return await flipTransaction(db, job, update);
  } finally {
    // The flip moved the source on (or failed): the kept buckets are of no further use.
    forgetBuckets();
  }
}

function flipTransaction(
  db: KbDatabase,
  job: SyncJob,
  update: (entityCount: number, source: SourceRow) => Partial<SourceRow>,
): Promise<FlipResult> {
  return db.transaction('rw', db.sources, db.syncJobs, db.records, async () => {
    const source = await db.sources.get(job.source);
    const stored = await db.syncJobs.get(job.source);
    if (!source || !stored || stored.gen !== job.gen || stored.step < job.steps.length) throw interrupted();
    if (source.seq !== undefined && source.seq >= job.target.version) {
      // Never roll back, not even to an equal version by another path.
      await db.syncJobs.delete(job.source);
      return { entityCount: source.entityCount };
    }
    let entityCount: number;
    if (job.kind === 'snapshot') {
      if (stored.buckets === undefined) throw interrupted();
      entityCount = stored.rows ?? 0;
      const layout = { buckets: stored.buckets, packs: stored.packs ?? 0 };
      await db.sources.put({ ...source, ...update(entityCount, source), liveGen: job.gen, layout });
    } else {
      if (source.liveGen !== job.baseGen || source.seq !== job.baseSeq) {
        await db.syncJobs.delete(job.source);
        throw baseChangedError();
      }
      const applied = await applyDelta(db, stored, source);
      entityCount = applied.entityCount;
      await db.sources.put({ ...source, ...update(entityCount, source), layout: applied.layout });
    }
    // The job's generation (a delta's staged packs) is garbage from here on.
    await db.syncJobs.delete(job.source);
    return { entityCount };
  });
}
