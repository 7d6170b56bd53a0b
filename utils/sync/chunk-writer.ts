/**
 * Writes one chunk of a download (≤ 1,000 lines or 1 MB) and the advanced resume cursor in ONE
 * transaction, in the packed form of packed-layout.ts: the chunk's records as a few packs of
 * the job's generation plus one index fragment (ids, packs, digests). A snapshot's fragments
 * become its index once the whole file is verified (flip-job.ts, indexSnapshot); a delta's are
 * applied to the live generation's index at the flip.
 */
import type { KbDatabase } from '../background/db/kb-database';
import type { SyncJob } from './apply-job';
import { bucketCacheKey, cachedBuckets, rememberBuckets } from './bucket-cache';
import { baseChangedError, SyncError } from './http';
import type { RawLine } from './ndjson';
import {
  DELETED,
  NO_DIGEST,
  bucketOf,
  digestAt,
  fragmentKey,
  indexIds,
  isIndexRow,
  kindRange,
  makeIndexRow,
  packDigest,
  packRow,
  readBuckets,
  splitIntoPacks,
  type RecordsRow,
} from './packed-layout';
import type { Sha256State } from './sha256';
import { StateChecksum } from './state-checksum';

/** How many malformed-record reasons are kept for the report. */
const MAX_SAMPLES = 5;

export type Parsed =
  /** A valid record: its id, `JSON.stringify` of the validated record, its line's digest and size. */
  | { kind: 'put'; id: string; json: string; digest: string; bytes: number }
  | { kind: 'delete'; id: string }
  | { kind: 'bad'; reason: string }
  | { kind: 'skip' };

/**
 * A delta's view of the state it builds on, for the ids of one chunk: the digest each has now
 * (undefined: not in the KB), from this job's earlier fragments (earlier chunks and files of the
 * chain) or else from the live generation's index buckets.
 */
async function currentDigests(db: KbDatabase, job: SyncJob, ids: readonly string[]): Promise<Map<string, string | undefined>> {
  const current = new Map<string, string | undefined>();
  const wanted = new Set(ids);
  await db.records
    .where(':id')
    .between(...kindRange(job.gen, 'f:'))
    .each((row) => {
      if (!isIndexRow(row)) return;
      indexIds(row).forEach((id, i) => {
        if (wanted.has(id)) current.set(id, row.packs[i] === DELETED ? undefined : digestAt(row, i));
      });
    });
  const source = await db.sources.get(job.source);
  if (!source || source.liveGen !== job.baseGen) {
    throw baseChangedError();
  }
  const layout = source.layout ?? { buckets: 1, packs: 0 };
  const rest = ids.filter((id) => !current.has(id));
  const key = bucketCacheKey(source);
  const cached = cachedBuckets(key);
  const missing = [...new Set(rest.map((id) => bucketOf(id, layout.buckets)))].filter((b) => !cached?.has(b));
  const read = await readBuckets(db.records, job.baseGen!, layout, missing);
  rememberBuckets(key, read);
  const byBucket = cachedBuckets(key)!;
  for (const id of rest) {
    const bucket = byBucket.get(bucketOf(id, layout.buckets));
    const i = bucket ? indexIds(bucket).indexOf(id) : -1;
    current.set(id, bucket && i >= 0 ? digestAt(bucket, i) : undefined);
  }
  return current;
}

/**
 * Writes one chunk and the advanced cursor in one transaction; returns the new job state.
 * Refuses (and writes nothing) if the stored cursor is not where this runner expects it, which
 * means another runner got there first.
 */
export async function writeChunk(db: KbDatabase, job: SyncJob, lines: readonly RawLine[], parsed: readonly Parsed[], hash: Sha256State): Promise<SyncJob> {
  // A delta reads its base's layout from `sources`; a snapshot's chunks leave `sources` alone (a
  // reader holding it, as the kill test does, must not stall the download).
  const tables = job.kind === 'delta' ? [db.syncJobs, db.records, db.sources] : [db.syncJobs, db.records];
  return db.transaction('rw', tables, async () => {
    const stored = await db.syncJobs.get(job.source);
    if (!stored || stored.gen !== job.gen || stored.step !== job.step || stored.offset !== job.offset) {
      // Another runner (or a restart) moved the cursor: this one must not write.
      throw new SyncError('Another sync of this source is already running.', 'http', { retryable: false });
    }
    const sum = new StateChecksum(job.checksum);
    const ids = parsed.flatMap((p) => (p.kind === 'put' ? [p.id] : p.kind === 'delete' ? [p.id] : []));
    // A snapshot's generation starts empty (a restarted file gets a fresh one) and an id appears
    // once per file: nothing to take out of the sum, so no read per chunk. (A duplicate id is
    // refused when the index is built.) A delta takes out the digest each id has now.
    const current = job.kind === 'delta' ? await currentDigests(db, job, ids) : new Map<string, string | undefined>();
    let malformed = job.malformed;
    const samples = [...job.malformedSamples];
    const puts: Extract<Parsed, { kind: 'put' }>[] = [];
    const deletes: string[] = [];
    // A delta's lines apply in order, so for an id listed twice in one chunk only its last line
    // counts (a delete then a put keeps the entity; two puts keep the second). A snapshot keeps
    // every line: an id listed twice there is refused when its index is built.
    const lastOfDelta = new Map<string, Extract<Parsed, { kind: 'put' }> | null>();
    parsed.forEach((p, i) => {
      if (p.kind === 'skip') return;
      if (p.kind === 'bad') {
        malformed++;
        if (samples.length < MAX_SAMPLES) samples.push(`line ${job.lines + i + 1}: ${p.reason}`);
        return;
      }
      const id = p.id;
      const old = current.get(id);
      if (old) sum.remove(old);
      if (p.kind === 'put') {
        sum.add(p.digest);
        current.set(id, p.digest);
      } else {
        current.set(id, undefined);
      }
      if (job.kind === 'delta') {
        lastOfDelta.delete(id); // re-inserted: the map keeps the order of last occurrences
        lastOfDelta.set(id, p.kind === 'put' ? p : null);
      } else if (p.kind === 'put') puts.push(p);
      else deletes.push(id);
    });
    for (const [id, put] of lastOfDelta) {
      if (put) puts.push(put);
      else deletes.push(id);
    }
    let packNo = job.packs ?? 0;
    let chunkNo = job.chunks ?? 0;
    const rows: RecordsRow[] = [];
    const fragment = { ids: [] as string[], packs: [] as number[] };
    const digests: string[] = [];
    for (const group of splitIntoPacks(puts, (p) => p.bytes)) {
      rows.push(packRow(job.gen, packNo, job.source, group));
      for (const p of group) {
        fragment.ids.push(p.id);
        fragment.packs.push(packNo);
        digests.push(packDigest(p.digest));
      }
      packNo++;
    }
    for (const id of deletes) {
      fragment.ids.push(id);
      fragment.packs.push(DELETED);
      digests.push(NO_DIGEST);
    }
    if (fragment.ids.length) {
      rows.push(makeIndexRow(job.gen, fragmentKey(chunkNo), 'fragment', fragment.ids, fragment.packs, digests.join('')));
      chunkNo++;
    }
    if (rows.length) await db.records.bulkPut(rows);
    const last = lines[lines.length - 1]!;
    const next: SyncJob = {
      ...job,
      offset: last.end,
      lines: job.lines + lines.length,
      hash,
      checksum: sum.hex(),
      malformed,
      malformedSamples: samples,
      recordsDone: job.recordsDone + lines.length,
      bytesDone: job.bytesDone + (last.end - job.offset),
      rows: job.rows === undefined ? undefined : job.rows + puts.length,
      packs: packNo,
      chunks: chunkNo,
    };
    await db.syncJobs.put(next);
    return next;
  });
}
