/**
 * Per-source sync state, stored in the source's row (`sources.sync`), and the plain-language view
 * of a source that the options page shows.
 */
import type { SourceRow } from '../background/db/kb-database';
import type { SyncProgress } from './progress';
import type { Schedule } from './schedule';

export interface SourceSyncState {
  addedAt: string;
  /** Base64 Ed25519 key pinned when the source was added; every manifest must verify with it. */
  publicKey?: string;
  /** Validators of the last manifest applied (or found up to date), for a conditional GET. */
  etag?: string;
  lastModified?: string;
  lastAttemptAt?: string;
  lastSuccessAt?: string;
  lastResult?: 'updated' | 'up-to-date' | 'kept-newer' | 'error';
  /** One sentence about the last sync ("Updated to version 5 (100,000 entities)."). */
  lastMessage?: string;
  /** The last error in plain words; cleared by the next success. */
  lastError?: string;
  /** Consecutive failures, for the backoff. */
  failures: number;
  /** Epoch ms before which a scheduled sync leaves this source alone (backoff). */
  nextAttemptAt?: number;
  /** The last delta failed verification: fetch the snapshot next time. */
  forceSnapshot?: boolean;
  /** A version rejected for malformed records: not downloaded again by scheduled syncs. */
  badVersion?: number;
}

/** What the options page shows for one source. */
export interface SourceView {
  id: string;
  title: string;
  kind: 'bundled' | 'feed';
  url?: string;
  enabled: boolean;
  /** Empty until the first successful sync. */
  version: string;
  entityCount: number;
  importedAt: string;
  signed: boolean;
  lastAttemptAt?: string;
  lastResult?: SourceSyncState['lastResult'];
  lastMessage?: string;
  lastError?: string;
  nextAttemptAt?: number;
  /** A download is under way or was interrupted and will resume. */
  pending: boolean;
}

export function sourceView(row: SourceRow, pending: boolean): SourceView {
  return {
    id: row.id,
    title: row.title,
    kind: row.kind,
    url: row.url,
    enabled: row.enabled,
    version: row.version,
    entityCount: row.entityCount,
    importedAt: row.importedAt,
    signed: Boolean(row.sync?.publicKey),
    lastAttemptAt: row.sync?.lastAttemptAt ?? (row.kind === 'bundled' ? row.importedAt : undefined),
    lastResult: row.sync?.lastResult ?? (row.kind === 'bundled' && row.importedAt ? 'updated' : undefined),
    lastMessage: row.sync?.lastMessage ?? (row.kind === 'bundled' ? 'Built into Newslens; updated with the extension.' : undefined),
    lastError: row.sync?.lastError,
    nextAttemptAt: row.sync?.nextAttemptAt,
    pending,
  };
}

/** The reply to the sync messages: every source, the schedule and the current progress. */
export interface SyncStatus {
  sources: SourceView[];
  schedule: Schedule;
  progress: SyncProgress | null;
}
