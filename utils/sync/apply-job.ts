/**
 * Downloading and applying one update of one source: a snapshot, or a chain of deltas.
 *
 * A job is a row in `syncJobs`. It names a fresh staging generation and carries the resume
 * cursor: which file, how many bytes and lines of it are applied, the file hash state and the
 * state checksum so far. Records are streamed, validated and written in chunks; each chunk's
 * rows and the advanced cursor are written in the SAME transaction, so after the service worker
 * is killed anywhere the job resumes exactly after the last chunk written (a ranged GET from the
 * cursor's byte offset). When every file is in and verified, `flipJob` makes the result live in
 * one small transaction. Until then readers see the old generation, complete.
 *
 * - Snapshot: records go to `records` under the staging generation; the flip points the source
 *   at it, and the old generation becomes garbage for `cleanupGenerations`.
 * - Deltas: changes (records and tombstones) go to `staging`; the flip writes them into the live
 *   generation. The planner caps a delta chain's size (PlanOptions.maxDeltaRecords), so the flip
 *   transaction stays small; bigger changes come as a snapshot.
 */
import { EntityId, EntityRecord, describeIssues } from '../shared/kb-schema';
import type { EntityRow, KbDatabase, SourceRow } from '../background/db/kb-database';
import { searchKeysOf } from '../background/search-keys';
import { allocateGeneration } from './generations';
import { SyncError, openFile } from './http';
import { readLines, type RawLine } from './ndjson';
import { Sha256, digestHex, type Sha256State } from './sha256';
import { EMPTY_STATE_CHECKSUM, StateChecksum } from './state-checksum';

/** Lines per chunk transaction: big enough to amortise a transaction, small for memory. */
export const CHUNK_LINES = 500;
/** ...or fewer when they are large (1 MB of NDJSON per transaction at most). */
const CHUNK_BYTES = 1 << 20;
/** How many malformed-record reasons are kept for the report. */
const MAX_SAMPLES = 5;

export interface JobStep {
  url: string;
  bytes: number;
  records: number;
  sha256: string;
  /** State checksum expected after this file. */
  result: string;
  /** Deltas: the versions it goes between. */
  from?: number;
  to: number;
}

export interface SyncJob {
  source: string;
  /** Staging generation: snapshot rows in `records`, delta changes in `staging`. */
  gen: number;
  kind: 'snapshot' | 'delta';
  steps: JobStep[];
  target: { version: number; label: string; title: string; etag?: string; lastModified?: string };
  /** Deltas: the live generation and version they apply to. */
  baseGen?: number;
  baseSeq?: number;
  // The cursor.
  step: number;
  offset: number;
  lines: number;
  hash: Sha256State;
  checksum: string;
  malformed: number;
  malformedSamples: string[];
  /** Progress across all steps. */
  recordsDone: number;
  bytesDone: number;
  /** Snapshot: rows written into the staging generation so far (the entity count at the flip). */
  rows?: number;
  startedAt: string;
}

/** A change of a delta, staged until the flip. */
export interface StagedChange {
  gen: number;
  id: string;
  /** The new record (with source and keys; `gen` is set at the flip), absent for a deletion. */
  row?: Omit<EntityRow, 'gen'>;
  digest?: string;
}

export interface JobProgress {
  phase: 'downloading' | 'verifying' | 'applying';
  records: number;
  recordsTotal: number;
  bytes: number;
  bytesTotal: number;
}

export interface RunHooks {
  onProgress?(p: JobProgress): void;
  /** Called after each chunk transaction committed (tests simulate a kill by throwing here). */
  afterChunk?(job: SyncJob): void | Promise<void>;
  /** Lines per chunk (tests use small chunks). */
  chunkLines?: number;
}

export async function createJob(
  db: KbDatabase,
  init: Pick<SyncJob, 'source' | 'kind' | 'steps' | 'target' | 'baseGen' | 'baseSeq'>,
  baseChecksum: string | undefined,
): Promise<SyncJob> {
  return db.transaction('rw', db.syncJobs, db.meta, async () => {
    const job: SyncJob = {
      ...init,
      gen: await allocateGeneration(db),
      step: 0,
      offset: 0,
      lines: 0,
      hash: new Sha256().state(),
      checksum: init.kind === 'delta' ? (baseChecksum ?? EMPTY_STATE_CHECKSUM) : EMPTY_STATE_CHECKSUM,
      malformed: 0,
      malformedSamples: [],
      recordsDone: 0,
      bytesDone: 0,
      rows: 0,
      startedAt: new Date().toISOString(),
    };
    await db.syncJobs.put(job);
    return job;
  });
}

/** Drops a job; its staging rows become garbage for cleanupGenerations. */
export async function dropJob(db: KbDatabase, source: string): Promise<void> {
  await db.syncJobs.delete(source);
}

type Parsed =
  | { kind: 'put'; row: Omit<EntityRow, 'gen'>; digest: string }
  | { kind: 'delete'; id: string }
  | { kind: 'bad'; reason: string }
  | { kind: 'skip' };

const decoder = new TextDecoder('utf-8', { fatal: true });

async function parseLines(lines: readonly RawLine[], job: SyncJob): Promise<Parsed[]> {
  const parsed: Parsed[] = lines.map((line) => {
    if (line.bytes.length === 0) return { kind: 'skip' };
    let json: unknown;
    try {
      json = JSON.parse(decoder.decode(line.bytes));
    } catch {
      return { kind: 'bad', reason: 'not valid JSON' };
    }
    if (job.kind === 'delta' && typeof json === 'object' && json && (json as { deleted?: unknown }).deleted === true) {
      const id = EntityId.safeParse((json as { id?: unknown }).id);
      return id.success ? { kind: 'delete', id: id.data } : { kind: 'bad', reason: 'tombstone without a valid id' };
    }
    const record = EntityRecord.safeParse(json);
    if (!record.success) {
      const id = typeof json === 'object' && json && typeof (json as { id?: unknown }).id === 'string' ? `${(json as { id: string }).id}: ` : '';
      return { kind: 'bad', reason: `${id}${describeIssues(record.error, 2)}` };
    }
    return { kind: 'put', row: { ...record.data, source: job.source, keys: searchKeysOf(record.data) }, digest: '' };
  });
  // Digests with WebCrypto, outside any IndexedDB transaction (awaiting anything else would
  // commit it early).
  await Promise.all(
    parsed.map(async (p, i) => {
      if (p.kind === 'put') p.digest = await digestHex(lines[i]!.bytes);
    }),
  );
  return parsed;
}

/**
 * Writes one chunk and the advanced cursor in one transaction. Returns the new job state.
 * Refuses (and writes nothing) if the stored cursor is not where this runner expects it, which
 * means another runner got there first.
 */
async function writeChunk(db: KbDatabase, job: SyncJob, lines: readonly RawLine[], parsed: readonly Parsed[], hash: Sha256State): Promise<SyncJob> {
  return db.transaction('rw', db.syncJobs, db.records, db.staging, async () => {
    const stored = await db.syncJobs.get(job.source);
    if (!stored || stored.gen !== job.gen || stored.step !== job.step || stored.offset !== job.offset) {
      // Another runner (or a restart) moved the cursor: this one must not write.
      throw new SyncError('Another sync of this source is already running.', 'http', { retryable: false });
    }
    const sum = new StateChecksum(job.checksum);
    const ids = parsed.flatMap((p) => (p.kind === 'put' ? [p.row.id] : p.kind === 'delete' ? [p.id] : []));
    // The digest each id has in the state being built, to take it out before the new one goes in.
    const current = new Map<string, string | undefined>();
    if (job.kind === 'snapshot') {
      // A snapshot's staging generation starts empty (a restarted file gets a fresh one), and an
      // id appears once per file: nothing to take out, so no read per chunk. A duplicate id (a
      // broken feed) leaves the sum wrong and the version is refused at the result check.
    } else {
      const staged = await db.staging.bulkGet(ids.map((id) => [job.gen, id] as [number, string]));
      const live = await db.records.bulkGet(ids.map((id) => [job.baseGen!, id] as [number, string]));
      ids.forEach((id, i) => current.set(id, staged[i] ? staged[i].digest : live[i]?.digest));
    }
    let malformed = job.malformed;
    const samples = [...job.malformedSamples];
    const puts: EntityRow[] = [];
    const changes: StagedChange[] = [];
    parsed.forEach((p, i) => {
      if (p.kind === 'skip') return;
      if (p.kind === 'bad') {
        malformed++;
        if (samples.length < MAX_SAMPLES) samples.push(`line ${job.lines + i + 1}: ${p.reason}`);
        return;
      }
      const id = p.kind === 'put' ? p.row.id : p.id;
      const old = current.get(id);
      if (old) sum.remove(old);
      if (p.kind === 'put') {
        sum.add(p.digest);
        current.set(id, p.digest);
        if (job.kind === 'snapshot') puts.push({ ...p.row, gen: job.gen, digest: p.digest });
        else changes.push({ gen: job.gen, id, row: { ...p.row, digest: p.digest }, digest: p.digest });
      } else {
        current.set(id, undefined);
        changes.push({ gen: job.gen, id });
      }
    });
    if (puts.length) await db.records.bulkPut(puts);
    if (changes.length) await db.staging.bulkPut(changes);
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
    };
    await db.syncJobs.put(next);
    return next;
  });
}

/** Streams the current step from the cursor to its end, chunk by chunk. */
async function downloadStep(db: KbDatabase, job: SyncJob, hooks: RunHooks): Promise<SyncJob> {
  const step = job.steps[job.step]!;
  if (job.offset >= step.bytes) return job; // killed after the last chunk, before verification
  let opened = await openFile(step.url, job.offset);
  if (job.offset > 0 && !opened.fromOffset) {
    // The server ignored the Range header: start this file over. A snapshot gets a fresh, empty
    // generation; in a delta re-applying a line is harmless (the checksum takes out the digest
    // of what it replaces).
    await opened.body.cancel().catch(() => undefined);
    job = await db.transaction('rw', db.syncJobs, db.meta, async () => {
      const restarted: SyncJob = {
        ...job,
        bytesDone: job.bytesDone - job.offset,
        recordsDone: job.recordsDone - job.lines,
        offset: 0,
        lines: 0,
        hash: new Sha256().state(),
      };
      if (job.kind === 'snapshot') {
        // Start from an empty generation (the old one becomes garbage for cleanupGenerations).
        restarted.gen = await allocateGeneration(db);
        restarted.checksum = EMPTY_STATE_CHECKSUM;
        restarted.rows = 0;
      }
      await db.syncJobs.put(restarted);
      return restarted;
    });
    opened = await openFile(step.url, 0);
  }
  const hasher = new Sha256(job.hash);
  const chunkLines = hooks.chunkLines ?? CHUNK_LINES;
  let tail = 0;
  let batch: RawLine[] = [];
  let batchBytes = 0;
  const total = { records: job.steps.reduce((n, s) => n + s.records, 0), bytes: job.steps.reduce((n, s) => n + s.bytes, 0) };
  // Pipelined: while one chunk's transaction commits (IndexedDB works in another process), the
  // next chunk is read, parsed, validated and digested here. Chunks are still written strictly
  // in order, each after the previous one committed, so the cursor stays exact.
  let inflight: Promise<void> | undefined;
  const flush = async () => {
    if (!batch.length) return;
    const lines = batch;
    // The file hash as of the end of this chunk: the cursor stored with it must match it exactly.
    const hash = hasher.state();
    batch = [];
    batchBytes = 0;
    const parsed = await parseLines(lines, job);
    if (inflight) await inflight;
    inflight = writeChunk(db, job, lines, parsed, hash).then(async (next) => {
      job = next;
      hooks.onProgress?.({ phase: 'downloading', records: job.recordsDone, recordsTotal: total.records, bytes: job.bytesDone, bytesTotal: total.bytes });
      await hooks.afterChunk?.(job);
    });
    // Awaited at the next flush or at the end; this only keeps a failure from being reported
    // as unhandled in between.
    inflight.catch(() => undefined);
  };
  for await (const line of readLines(opened.body, job.offset, (n) => (tail = n))) {
    if (line.end > step.bytes) {
      throw new SyncError('The feed sent more data than its manifest announced; the download was discarded.', 'checksum', { restart: true, retryable: true });
    }
    hasher.update(line.bytes).update(NEWLINE_BYTE);
    batch.push(line);
    batchBytes += line.bytes.length + 1;
    if (batch.length >= chunkLines || batchBytes >= CHUNK_BYTES) await flush();
  }
  await flush();
  if (inflight) await inflight;
  if (job.offset < step.bytes) {
    const got = job.offset + tail;
    throw new SyncError(
      `The download was cut short (${formatBytes(got)} of ${formatBytes(step.bytes)}); the current knowledge base is kept and the download will resume later.`,
      'truncated',
      { retryable: true },
    );
  }
  return job;
}

const NEWLINE_BYTE = new Uint8Array([0x0a]);

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} kB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Verifies the finished step and moves the cursor to the next one (one transaction). */
async function finishStep(db: KbDatabase, job: SyncJob): Promise<SyncJob> {
  const step = job.steps[job.step]!;
  const fileHash = new Sha256(job.hash).hex();
  if (fileHash !== step.sha256) {
    throw new SyncError('The downloaded file did not match its SHA-256 checksum; it was discarded.', 'checksum', { restart: true, retryable: true });
  }
  if (job.malformed > 0) {
    throw new SyncError(
      `Version ${job.target.label} was not applied: ${job.malformed} malformed record${job.malformed === 1 ? '' : 's'} (${job.malformedSamples.join('; ')}).`,
      'malformed',
      { restart: true },
    );
  }
  if (job.checksum !== step.result) {
    throw new SyncError('The knowledge base built from the download did not match the feed\'s checksum; it was discarded.', 'checksum', {
      restart: true,
      retryable: true,
    });
  }
  return db.transaction('rw', db.syncJobs, async () => {
    const next: SyncJob = { ...job, step: job.step + 1, offset: 0, lines: 0, hash: new Sha256().state() };
    await db.syncJobs.put(next);
    return next;
  });
}

/** Downloads and verifies every remaining step of a job. Resumable at any point. */
export async function runJob(db: KbDatabase, job: SyncJob, hooks: RunHooks = {}): Promise<SyncJob> {
  while (job.step < job.steps.length) {
    job = await downloadStep(db, job, hooks);
    hooks.onProgress?.({ phase: 'verifying', records: job.recordsDone, recordsTotal: job.recordsDone, bytes: job.bytesDone, bytesTotal: job.bytesDone });
    job = await finishStep(db, job);
  }
  return job;
}

export interface FlipResult {
  entityCount: number;
}

/**
 * Makes a fully downloaded and verified job live, in one transaction: the source row points at
 * the new generation (snapshot) or the staged changes are written into the live one (deltas,
 * bounded in size by the planner), and the job row goes. `update` adds the sync-state fields.
 */
export async function flipJob(
  db: KbDatabase,
  job: SyncJob,
  update: (entityCount: number, source: SourceRow) => Partial<SourceRow>,
): Promise<FlipResult> {
  return db.transaction('rw', db.sources, db.syncJobs, db.records, db.staging, async () => {
    const source = await db.sources.get(job.source);
    const stored = await db.syncJobs.get(job.source);
    if (!source || !stored || stored.gen !== job.gen || stored.step < job.steps.length) {
      throw new SyncError('The update was interrupted; it will be resumed.', 'http', { retryable: true });
    }
    if (source.seq !== undefined && source.seq >= job.target.version) {
      // Never roll back, not even to an equal version by another path.
      await db.syncJobs.delete(job.source);
      return { entityCount: source.entityCount };
    }
    let entityCount: number;
    if (job.kind === 'snapshot') {
      // Counted as the chunks were written (a job stored by an older version counts the rows).
      entityCount = stored.rows ?? (await db.records.where('gen').equals(job.gen).count());
      await db.sources.put({ ...source, ...update(entityCount, source), liveGen: job.gen });
    } else {
      if (source.liveGen !== job.baseGen || source.seq !== job.baseSeq) {
        await db.syncJobs.delete(job.source);
        throw new SyncError('The knowledge base changed while the update was downloading; it will be fetched again.', 'http', { restart: true, retryable: true });
      }
      const changes = await db.staging.where('gen').equals(job.gen).toArray();
      const existing = await db.records.bulkGet(changes.map((c) => [job.baseGen!, c.id] as [number, string]));
      entityCount = source.entityCount;
      changes.forEach((c, i) => {
        if (c.row && !existing[i]) entityCount++;
        if (!c.row && existing[i]) entityCount--;
      });
      const puts = changes.filter((c) => c.row).map((c) => ({ ...c.row!, gen: job.baseGen! }));
      const deletes = changes.filter((c) => !c.row).map((c) => [job.baseGen!, c.id] as [number, string]);
      await db.records.bulkPut(puts);
      await db.records.bulkDelete(deletes);
      await db.staging.where('gen').equals(job.gen).delete();
      await db.sources.put({ ...source, ...update(entityCount, source) });
    }
    await db.syncJobs.delete(job.source);
    return { entityCount };
  });
}
