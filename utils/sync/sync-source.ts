/**
 * One sync of one feed source: conditional GET of the manifest, signature check, plan (delta
 * chain or snapshot), download and apply (utils/sync/apply-job.ts), flip, cleanup, and the
 * outcome recorded in the source's row in plain words. A job left by a killed worker is resumed
 * before anything else.
 */
import type { KbDatabase, SourceRow } from '../background/db/kb-database';
import { createJob, dropJob, flipJob, runJob, type JobStep, type RunHooks, type SyncJob } from './apply-job';
import { cleanupGenerations, dropJobIfSourceGone } from './generations';
import { SyncError, backoffDelay, fetchManifest, fetchOptionalText } from './http';
import { ManifestError, parseManifest, planUpdate, resolveFileUrl, versionLabel, type FeedFile } from './manifest';
import type { SyncProgress } from './progress';
import { signatureUrl, verifyManifestSignature } from './signature';
import type { SourceSyncState } from './source-state';

/** Above this many changed lines a chain of deltas is not used: the snapshot is (bounds the flip). */
export const MAX_DELTA_RECORDS = 10_000;
/** An interrupted download older than this is started over rather than resumed. */
const STALE_JOB_MS = 7 * 24 * 60 * 60_000; // a week: the feed has surely moved on

export interface SyncSourceOptions {
  /** "Sync now": ignores the backoff, and retries a version once rejected. */
  manual?: boolean;
  now?: () => number;
  random?: () => number;
  hooks?: RunHooks;
  maxDeltaRecords?: number;
  onProgress?: (p: Omit<SyncProgress, 'at' | 'running' | 'source' | 'title'>) => void;
}

export interface SyncOutcome {
  result: 'updated' | 'up-to-date' | 'kept-newer' | 'skipped' | 'waiting' | 'error';
  message: string;
  /** The KB that readers see changed. */
  changed: boolean;
}

const decoder = new TextDecoder();

export function defaultSyncState(now: number): SourceSyncState {
  return { addedAt: new Date(now).toISOString(), failures: 0 };
}

async function patchState(db: KbDatabase, id: string, patch: Partial<SourceSyncState>): Promise<void> {
  await db.transaction('rw', db.sources, async () => {
    const row = await db.sources.get(id);
    if (!row) return;
    await db.sources.put({ ...row, sync: { ...(row.sync ?? defaultSyncState(Date.now())), ...patch } });
  });
}

type Plan =
  | { kind: 'done'; outcome: SyncOutcome; state: Partial<SourceSyncState> }
  | { kind: 'job'; job: SyncJob }
  /** The source was removed or switched off meanwhile: nothing to record on it. */
  | { kind: 'gone' };

/** The source was removed (or switched off) while its sync ran: the sync stops, quietly. */
const GONE: SyncOutcome = { result: 'skipped', message: 'The source was removed or switched off during its sync.', changed: false };

async function plan(db: KbDatabase, source: SourceRow, state: SourceSyncState, options: SyncSourceOptions, forceSnapshot: boolean): Promise<Plan> {
  const url = source.url!;
  const forced = forceSnapshot || Boolean(state.forceSnapshot);
  // Without a live version there is nothing a 304 could confirm.
  const conditional = source.liveGen !== undefined && !forced;
  const response = await fetchManifest(url, conditional ? { etag: state.etag, lastModified: state.lastModified } : {});
  if (response.kind === 'not-modified') {
    return { kind: 'done', outcome: { result: 'up-to-date', message: 'Up to date (the feed has not changed).', changed: false }, state: {} };
  }
  if (state.publicKey) {
    const signature = await fetchOptionalText(signatureUrl(url));
    if (!signature) {
      throw new SyncError('This feed was added with a signing key but its manifest is no longer signed; the update was refused.', 'signature');
    }
    if (!(await verifyManifestSignature(response.bytes, signature, state.publicKey))) {
      throw new SyncError('The feed\'s signature does not match the key pinned when it was added; the update was refused.', 'signature');
    }
  }
  let manifest;
  try {
    manifest = parseManifest(decoder.decode(response.bytes));
  } catch (e) {
    throw new SyncError(e instanceof ManifestError ? e.message : String(e), 'manifest');
  }
  if (manifest.source !== source.id) {
    throw new SyncError(`The feed at this address is now a different source ("${manifest.source}"); remove it and add it again.`, 'manifest');
  }
  const validators = { etag: response.etag, lastModified: response.lastModified };
  const label = versionLabel(manifest);
  if (!options.manual && state.badVersion === manifest.version) {
    return { kind: 'done', outcome: { result: 'error', message: state.lastError ?? `Version ${label} was rejected.`, changed: false }, state: {} };
  }
  const update = planUpdate(manifest, source.seq, {
    maxDeltaRecords: options.maxDeltaRecords ?? MAX_DELTA_RECORDS,
    forceSnapshot: forced || source.liveGen === undefined || !source.checksum,
  });
  if (update.kind === 'older') {
    return {
      kind: 'done',
      outcome: {
        result: 'kept-newer',
        message: `The feed offers version ${label}, older than the version ${source.version} you have; yours was kept.`,
        changed: false,
      },
      state: validators,
    };
  }
  if (update.kind === 'up-to-date') {
    return { kind: 'done', outcome: { result: 'up-to-date', message: `Up to date (version ${label}).`, changed: false }, state: validators };
  }
  const step = (f: FeedFile, to: number, from?: number): JobStep => ({
    url: resolveFileUrl(url, f.url),
    bytes: f.bytes,
    records: f.records,
    sha256: f.sha256,
    result: f.result,
    to,
    from,
  });
  const job = await createJob(
    db,
    {
      source: source.id,
      kind: update.kind,
      steps: update.kind === 'snapshot' ? [step(update.file, manifest.version)] : update.steps.map((d) => step(d, d.to, d.from)),
      target: { version: manifest.version, label, title: manifest.title, ...validators },
      baseGen: update.kind === 'delta' ? source.liveGen : undefined,
      baseSeq: update.kind === 'delta' ? source.seq : undefined,
    },
    source.checksum,
  );
  // Removed or switched off while the manifest was fetched: no job, no download.
  return job ? { kind: 'job', job } : { kind: 'gone' };
}

/** True for IndexedDB/Dexie errors caused by running out of storage space. */
export function isQuotaError(e: unknown): boolean {
  for (let err = e, depth = 0; err && depth < 5; depth++) {
    const { name, inner, cause } = err as { name?: string; inner?: unknown; cause?: unknown };
    if (name === 'QuotaExceededError') return true;
    err = inner ?? cause;
  }
  return false;
}

export async function syncSource(db: KbDatabase, id: string, options: SyncSourceOptions = {}): Promise<SyncOutcome> {
  const now = options.now ?? Date.now;
  const source = await db.sources.get(id);
  if (!source || source.kind !== 'feed' || !source.url || !source.enabled) {
    return { result: 'skipped', message: 'Not a feed that is switched on.', changed: false };
  }
  const state = source.sync ?? defaultSyncState(now());
  if (!options.manual && state.nextAttemptAt !== undefined && state.nextAttemptAt > now()) {
    return { result: 'waiting', message: 'Waiting before trying again.', changed: false };
  }
  await patchState(db, id, { lastAttemptAt: new Date(now()).toISOString() });
  let target: SyncJob['target'] | undefined;
  try {
    let forceSnapshot = false;
    for (let attempt = 0; ; attempt++) {
      let job = await db.syncJobs.get(id);
      if (job && now() - Date.parse(job.startedAt) > STALE_JOB_MS) {
        await dropJob(db, id);
        job = undefined;
      }
      if (!job) {
        options.onProgress?.({ phase: 'checking', records: 0, recordsTotal: 0, bytes: 0, bytesTotal: 0 });
        const current = await db.sources.get(id);
        if (!current) return GONE;
        const planned = await plan(db, current, current.sync ?? state, options, forceSnapshot);
        if (planned.kind === 'gone') return GONE;
        if (planned.kind === 'done') {
          const ok = planned.outcome.result !== 'error';
          await patchState(db, id, {
            ...planned.state,
            lastResult: planned.outcome.result === 'kept-newer' ? 'kept-newer' : ok ? 'up-to-date' : 'error',
            lastMessage: planned.outcome.message,
            ...(ok ? { lastError: undefined, failures: 0, nextAttemptAt: undefined, lastSuccessAt: new Date(now()).toISOString() } : {}),
          });
          return planned.outcome;
        }
        job = planned.job;
      }
      target = job.target;
      try {
        job = await runJob(db, job, { ...options.hooks, onProgress: options.onProgress });
      } catch (e) {
        if (e instanceof SyncError && e.options.restart) {
          await dropJob(db, id);
          // A delta that does not verify: fetch the whole snapshot right away ("full refetch").
          if (e.code === 'checksum' && job.kind === 'delta' && attempt === 0) {
            forceSnapshot = true;
            continue;
          }
        }
        throw e;
      }
      options.onProgress?.({ phase: 'applying', records: job.recordsDone, recordsTotal: job.recordsDone, bytes: job.bytesDone, bytesTotal: job.bytesDone });
      const finished = job;
      const message = `Updated to version ${finished.target.label}`;
      const flip = await flipJob(db, finished, (entityCount, row) => ({
        title: finished.target.title,
        version: finished.target.label,
        seq: finished.target.version,
        checksum: finished.checksum,
        entityCount,
        rejected: 0,
        rejectedSamples: [],
        importedAt: new Date(now()).toISOString(),
        sync: {
          ...(row.sync ?? state),
          etag: finished.target.etag,
          lastModified: finished.target.lastModified,
          lastResult: 'updated',
          lastMessage: `${message} (${entityCount.toLocaleString('en')} entities${finished.kind === 'delta' ? `, ${finished.steps.length} delta${finished.steps.length === 1 ? '' : 's'}` : ''}).`,
          lastError: undefined,
          lastSuccessAt: new Date(now()).toISOString(),
          failures: 0,
          nextAttemptAt: undefined,
          forceSnapshot: undefined,
          badVersion: undefined,
        },
      }));
      options.onProgress?.({ phase: 'cleaning', records: job.recordsDone, recordsTotal: job.recordsDone, bytes: job.bytesDone, bytesTotal: job.bytesDone });
      await cleanupGenerations(db);
      return { result: 'updated', message: `${message} (${flip.entityCount.toLocaleString('en')} entities).`, changed: true };
    }
  } catch (e) {
    return recordFailure(db, id, e, target, now, options.random);
  }
}

async function recordFailure(
  db: KbDatabase,
  id: string,
  e: unknown,
  target: SyncJob['target'] | undefined,
  now: () => number,
  random?: () => number,
): Promise<SyncOutcome> {
  // Removed while it synced (e.g. during the download: the chunk or the flip found its job gone):
  // there is no row to record the error on and nothing to report. A job row left for it is an
  // orphan; dropping it makes its generation garbage for the next cleanup.
  if (await dropJobIfSourceGone(db, id).catch(() => false)) return GONE;
  let error: SyncError;
  if (e instanceof SyncError) error = e;
  else if (isQuotaError(e)) {
    error = new SyncError(
      `There is not enough storage space for ${target ? `version ${target.label} of ` : ''}this source; the current knowledge base is kept. Free some disk space or remove a source, then sync again.`,
      'quota',
    );
  } else {
    error = new SyncError(`Unexpected problem: ${e instanceof Error ? e.message : String(e)}`, 'http', { retryable: true });
  }
  if (error.code === 'quota') {
    // The half-written generation is of no use and takes the space: drop it now.
    await dropJob(db, id).catch(() => undefined);
    await cleanupGenerations(db).catch(() => undefined);
  }
  const row = await db.sources.get(id);
  const failures = (row?.sync?.failures ?? 0) + 1;
  const nextAttemptAt = error.options.retryable ? now() + backoffDelay(failures, error.options.retryAfterMs, random) : undefined;
  await patchState(db, id, {
    lastResult: 'error',
    lastError: error.message,
    lastMessage: error.message,
    failures,
    nextAttemptAt,
    ...(error.code === 'checksum' ? { forceSnapshot: true } : {}),
    ...(error.code === 'malformed' && target ? { badVersion: target.version } : {}),
  });
  return { result: 'error', message: error.message, changed: false };
}
