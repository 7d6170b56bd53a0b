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
 * Records are stored packed, many per row (packed-layout.ts, ADR 4): a chunk is a few pack rows
 * and one index fragment (chunk-writer.ts).
 *
 * - Snapshot: packs go to `records` under the staging generation; once verified, its fragments
 *   become its id index; the flip points the source at it, and the old generation becomes
 *   garbage for `cleanupGenerations` (flip-job.ts).
 * - Deltas: changes (records and tombstones) are staged as packs and fragments of the job's own
 *   generation; the flip copies them into new packs of the live generation and rewrites only the
 *   index buckets they touch. The planner caps a delta chain's size, so the flip stays small.
 */
import { EntityId, EntityRecord, describeIssues } from '../shared/kb-schema';
import type { KbDatabase } from '../background/db/kb-database';
import { OWN_ID_PREFIX } from '../background/user-data/own-entities';
import { writeChunk, type Parsed } from './chunk-writer';
import { indexSnapshot } from './flip-job';
import { allocateGeneration } from './generations';
import { SyncError, openFile } from './http';
import { readLines, type RawLine } from './ndjson';
import { Sha256, digestHex, type Sha256State } from './sha256';
import { EMPTY_STATE_CHECKSUM } from './state-checksum';

export { flipJob, type FlipResult } from './flip-job';

/** Lines per chunk transaction: big enough to amortise a transaction, small for memory. */
export const CHUNK_LINES = 1000;
/** ...or fewer when they are large (1 MB of NDJSON per transaction at most). */
const CHUNK_BYTES = 1 << 20;

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
  /** Staging generation: a snapshot's packs and index, or a delta's staged changes (packs and fragments). */
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
  /** Packs and index fragments written into the job's generation so far (next numbers, v3). */
  packs?: number;
  chunks?: number;
  /** Snapshot: set once its id index is built (the number of buckets); then it can flip. */
  buckets?: number;
  startedAt: string;
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

/**
 * Creates the job row, or returns undefined when the source is no longer an enabled feed: it was
 * removed or switched off while its manifest was being fetched. Checked in the same transaction
 * as the write, so a job never outlives its source (removeSource deletes both in one
 * transaction): an orphan job would download for nothing, keep its generation from cleanup, be
 * resumed at every worker start, and be flipped live if the same feed were added again.
 */
export async function createJob(
  db: KbDatabase,
  init: Pick<SyncJob, 'source' | 'kind' | 'steps' | 'target' | 'baseGen' | 'baseSeq'>,
  baseChecksum: string | undefined,
): Promise<SyncJob | undefined> {
  return db.transaction('rw', db.syncJobs, db.meta, db.sources, async () => {
    const source = await db.sources.get(init.source);
    if (!source || source.kind !== 'feed' || !source.enabled) return undefined;
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
      packs: 0,
      chunks: 0,
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
    // "user-" ids are the reader's own entities' (own-entities.ts). A KB entity wins over an own
    // entity of the same id (own-lookups.ts), so a feed record with such an id would shadow the
    // reader's own in cards: it is refused like any malformed record. (Tombstones of such ids
    // are let through: they can only remove records of this feed, never the reader's.)
    if (record.data.id.startsWith(OWN_ID_PREFIX)) {
      return { kind: 'bad', reason: `${record.data.id}: ids starting with "${OWN_ID_PREFIX}" are reserved for your own entities` };
    }
    return { kind: 'put', id: record.data.id, json: JSON.stringify(record.data), digest: '', bytes: line.bytes.length };
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
        restarted.packs = 0;
        restarted.chunks = 0;
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
  // A verified snapshot gets its id index before it can flip (redone if killed in between).
  if (job.kind === 'snapshot' && job.buckets === undefined) job = await indexSnapshot(db, job);
  return job;
}
