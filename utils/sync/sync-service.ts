/**
 * The sync engine's entry points for the background: sync all sources (on install, browser
 * start, alarm and "Sync now"), add/remove/switch sources, and the status the options page shows.
 * Nothing here lives in module globals except the "a sync is running in this worker" promise,
 * which dies with the worker, exactly like the sync it stands for; the state to resume from is
 * in IndexedDB.
 */
import type { KbDatabase, SourceRow } from '../background/db/kb-database';
import type { RunHooks } from './apply-job';
import { byPriority, cleanupGenerations } from './generations';
import { SyncError, fetchManifest, fetchOptionalText } from './http';
import { checkFeedUrl } from './feed-url';
import { ManifestError, parseManifest } from './manifest';
import { syncProgressItem, type ProgressSink, type SyncProgress } from './progress';
import { scheduleRetry, getSchedule, type AlarmsApi } from './schedule';
import { checkPublicKey, signatureUrl, verifyManifestSignature } from './signature';
import { sourceView, type SourceView, type SyncStatus } from './source-state';
import { defaultSyncState, syncSource, type SyncOutcome } from './sync-source';

export interface SyncServiceDeps {
  db: KbDatabase;
  /** Called after a source's live data changed (rebuild the matcher off the hot path). */
  onKbChanged(): void;
  progress?: ProgressSink;
  alarms?: AlarmsApi;
  /** Re-checks the bundled pack (the default source) on "Sync now". */
  ensureBundled?(): Promise<unknown>;
  now?: () => number;
  random?: () => number;
  hooks?: RunHooks;
  maxDeltaRecords?: number;
}

export interface SyncRunResult {
  outcomes: Record<string, SyncOutcome>;
}

/**
 * `meta` row present while a sync runs: a worker killed before its job row existed (fetching the
 * manifest) or between two sources still resumes at its next wake (`resumePending`).
 */
export const SYNC_PENDING_KEY = 'sync-pending';
/** While a sync runs, the retry alarm is set this far ahead so a killed worker is woken to resume. */
const RESUME_ALARM_MS = 60_000;

type SyncOptions = {
  /** "Sync now" for every source synced (and the bundled pack re-checked when `only` is unset). */
  manual?: boolean;
  only?: string;
  /** Sources synced as by "Sync now" when `manual` is not set: what merged requests leave. */
  manualFor?: string[];
};

/**
 * Two requests as one. The sources synced are the union; "manual" (ignore the backoff, retry a
 * rejected version) stays with the sources it was asked for: a scheduled sync of all merged with
 * "Sync now" for one source is a scheduled sync of the others, not a manual sync of every feed.
 */
export function mergeSyncOptions(a: SyncOptions, b: SyncOptions): SyncOptions {
  const only = a.only !== undefined && a.only === b.only ? a.only : undefined;
  const manualForAll = (o: SyncOptions) => Boolean(o.manual) && o.only === undefined;
  if (manualForAll(a) || manualForAll(b)) return { manual: true, only };
  const manualFor = [...new Set([a, b].flatMap((o) => [...(o.manual && o.only !== undefined ? [o.only] : []), ...(o.manualFor ?? [])]))];
  // Both for the same one source: keep the plain form.
  if (only !== undefined && manualFor.includes(only)) return { manual: true, only };
  return { manual: false, only, ...(manualFor.length ? { manualFor } : {}) };
}

const isManualFor = (options: SyncOptions, id: string) => Boolean(options.manual) || Boolean(options.manualFor?.includes(id));

// One sync at a time in this worker. A request that comes while one runs (a source just added,
// "Sync now" during a scheduled sync) runs right after it: joining the running one would miss a
// source it did not list, or its "manual". Requests made meanwhile run once, together.
let running: Promise<SyncRunResult> | undefined;
let queued: { options: SyncOptions; promise: Promise<SyncRunResult> } | undefined;

export function isSyncRunning(): boolean {
  return running !== undefined;
}

export function syncAll(deps: SyncServiceDeps, options: SyncOptions = {}): Promise<SyncRunResult> {
  if (!running) {
    running = runAll(deps, options).finally(() => {
      running = undefined;
    });
    return running;
  }
  if (queued) {
    queued.options = mergeSyncOptions(queued.options, options);
    return queued.promise;
  }
  const entry = { options, promise: undefined as unknown as Promise<SyncRunResult> };
  entry.promise = running
    .catch(() => undefined)
    .then(() => {
      queued = undefined;
      return syncAll(deps, entry.options);
    });
  queued = entry;
  return entry.promise;
}

async function runAll(deps: SyncServiceDeps, options: SyncOptions): Promise<SyncRunResult> {
  const { db } = deps;
  const now = deps.now ?? Date.now;
  const report = (p: Omit<SyncProgress, 'at'>) => deps.progress?.({ ...p, at: now() });
  const outcomes: Record<string, SyncOutcome> = {};
  await db.meta.put({ key: SYNC_PENDING_KEY, value: { manual: Boolean(options.manual), only: options.only, manualFor: options.manualFor } });
  // If Chrome kills this worker mid-sync, the alarm wakes it to resume (re-armed at the end).
  if (deps.alarms) await scheduleRetry(deps.alarms, now() + RESUME_ALARM_MS, now()).catch(() => undefined);
  if (options.manual && deps.ensureBundled && !options.only) await deps.ensureBundled().catch(() => undefined);
  const feeds = byPriority(await db.sources.toArray()).filter(
    (s) => s.kind === 'feed' && s.enabled && (!options.only || s.id === options.only),
  );
  for (const source of feeds) {
    report({ running: true, source: source.id, title: source.title, phase: 'checking', records: 0, recordsTotal: 0, bytes: 0, bytesTotal: 0 });
    const outcome = await syncSource(db, source.id, {
      manual: isManualFor(options, source.id),
      now: deps.now,
      random: deps.random,
      hooks: deps.hooks,
      maxDeltaRecords: deps.maxDeltaRecords,
      onProgress: (p) => report({ ...p, running: true, source: source.id, title: source.title }),
    });
    outcomes[source.id] = outcome;
    if (outcome.changed) deps.onKbChanged();
  }
  const failed = Object.values(outcomes).filter((o) => o.result === 'error');
  const last = Object.values(outcomes).at(-1);
  report({
    running: false,
    phase: failed.length ? 'failed' : 'done',
    records: 0,
    recordsTotal: 0,
    bytes: 0,
    bytesTotal: 0,
    message: failed.length ? failed.map((o) => o.message).join(' ') : feeds.length ? (last?.message ?? 'Done.') : 'No feeds to sync.',
  });
  // Rows of generations nobody uses (a worker killed after a flip, before its cleanup).
  await cleanupGenerations(db).catch(() => undefined);
  await db.meta.delete(SYNC_PENDING_KEY);
  if (deps.alarms) await scheduleRetry(deps.alarms, await nextRetryAt(db), now()).catch(() => undefined);
  return { outcomes };
}

/** Earliest time a source waits for after a failure (undefined: nothing to retry). */
async function nextRetryAt(db: KbDatabase): Promise<number | undefined> {
  const times = (await db.sources.toArray())
    .filter((s) => s.kind === 'feed' && s.enabled)
    .map((s) => s.sync?.nextAttemptAt)
    .filter((t): t is number => t !== undefined);
  return times.length ? Math.min(...times) : undefined;
}

/** A sync interrupted by the worker being killed (a download, or a sync not yet that far): resume it now. */
export async function resumePending(deps: SyncServiceDeps): Promise<void> {
  const [jobs, pending, sources] = await Promise.all([
    deps.db.syncJobs.toArray(),
    deps.db.meta.get(SYNC_PENDING_KEY),
    deps.db.sources.toCollection().primaryKeys(),
  ]);
  // A job whose source was removed is nothing to resume: the cleanup drops it and its records.
  const ids = new Set(sources);
  if (!jobs.some((j) => ids.has(j.source)) && !pending) {
    await cleanupGenerations(deps.db);
    return;
  }
  const options = (pending?.value as SyncOptions | undefined) ?? { manual: false };
  await syncAll(deps, { manual: Boolean(options.manual), only: options.only, manualFor: options.manualFor });
}

export async function getSyncStatus(db: KbDatabase): Promise<SyncStatus> {
  const [sources, jobs, schedule, progress] = await Promise.all([
    db.sources.toArray(),
    db.syncJobs.toArray(),
    getSchedule(db),
    syncProgressItem.getValue().catch(() => null),
  ]);
  const pending = new Set(jobs.map((j) => j.source));
  return { sources: byPriority(sources).map((s) => sourceView(s, pending.has(s.id))), schedule, progress };
}

const decoder = new TextDecoder();

/**
 * Adds a feed: fetches and checks its manifest first (so a wrong address is reported at once),
 * pins the signing key (the one pasted, or the one the manifest announces, verified), and stores
 * the source. The first sync is started by the caller.
 */
export async function addSource(db: KbDatabase, input: { url: string; publicKey?: string }, now = Date.now()): Promise<SourceView> {
  const checked = checkFeedUrl(input.url);
  if (!checked.ok) throw new SyncError(checked.reason, 'manifest');
  const pasted = input.publicKey?.trim() || undefined;
  if (pasted) {
    const problem = checkPublicKey(pasted);
    if (problem) throw new SyncError(problem, 'signature');
  }
  const response = await fetchManifest(checked.url);
  if (response.kind !== 'ok') throw new SyncError('The feed server answered without a manifest.', 'manifest');
  let manifest;
  try {
    manifest = parseManifest(decoder.decode(response.bytes));
  } catch (e) {
    throw new SyncError(e instanceof ManifestError ? e.message : String(e), 'manifest');
  }
  const key = pasted ?? manifest.publicKey;
  if (key) {
    const signature = await fetchOptionalText(signatureUrl(checked.url));
    if (!signature || !(await verifyManifestSignature(response.bytes, signature, key))) {
      throw new SyncError(
        pasted
          ? 'The feed is not signed with the public key you entered; it was not added.'
          : 'The feed announces a signing key but its signature does not verify; it was not added.',
        'signature',
      );
    }
  }
  const existing = await db.sources.get(manifest.source);
  if (existing) {
    throw new SyncError(
      existing.kind === 'bundled' ? `"${manifest.source}" is the name of the built-in knowledge base; the feed cannot use it.` : `This feed ("${existing.title}") is already added.`,
      'manifest',
    );
  }
  const row: SourceRow = {
    id: manifest.source,
    title: manifest.title,
    kind: 'feed',
    url: checked.url,
    version: '',
    entityCount: 0,
    rejected: 0,
    rejectedSamples: [],
    importedAt: '',
    enabled: true,
    sync: { ...defaultSyncState(now), publicKey: key },
  };
  await db.transaction('rw', db.sources, db.syncJobs, async () => {
    // A job left for this id by an earlier removal is not this source's: its first sync must not
    // resume (and flip live) that stale download. Its generation is garbage for the next cleanup.
    await db.syncJobs.delete(row.id);
    await db.sources.add(row);
  });
  return sourceView(row, false);
}

/** Removes a feed and its data (the bundled pack can only be switched off). */
export async function removeSource(db: KbDatabase, id: string): Promise<void> {
  const row = await db.sources.get(id);
  if (!row) return;
  if (row.kind === 'bundled') throw new SyncError('The built-in knowledge base can be switched off but not removed.', 'manifest');
  await db.transaction('rw', db.sources, db.syncJobs, async () => {
    await db.syncJobs.delete(id);
    await db.sources.delete(id);
  });
  await cleanupGenerations(db);
}

export async function setSourceEnabled(db: KbDatabase, id: string, enabled: boolean): Promise<void> {
  await db.sources.update(id, { enabled });
}

/**
 * "Re-import bundled knowledge base": drops every synced record and interrupted download, forgets
 * the bundled pack (re-imported by the caller) and puts the feeds back to "not synced yet" so the
 * next sync downloads them whole. Feeds stay added; user data is not touched.
 */
export async function resetSyncedData(db: KbDatabase): Promise<void> {
  await db.transaction('rw', [db.records, db.syncJobs, db.sources], async () => {
    await db.records.clear();
    await db.syncJobs.clear();
    for (const s of await db.sources.toArray()) {
      if (s.kind === 'bundled') {
        await db.sources.delete(s.id);
        continue;
      }
      const { liveGen: _g, layout: _l, seq: _s, checksum: _c, ...rest } = s;
      await db.sources.put({
        ...rest,
        version: '',
        entityCount: 0,
        importedAt: '',
        sync: { ...(s.sync ?? defaultSyncState(Date.now())), etag: undefined, lastModified: undefined, forceSnapshot: undefined },
      });
    }
  });
}
