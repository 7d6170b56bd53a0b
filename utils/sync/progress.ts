/**
 * The progress channel between the sync engine (background) and the options page.
 *
 * Progress is written to `storage.session` and the page watches it: unlike a runtime message it
 * needs no page to be listening, survives the worker being killed and restarted (the page keeps
 * showing where the download stands), is readable by any extension page opened later, and
 * `storage.session` is not readable by content scripts (trusted contexts only, by default). It
 * is cleared when the browser closes, which is right for a progress bar.
 */
import { storage } from 'wxt/utils/storage';

export interface SyncProgress {
  running: boolean;
  /** Source being synced. */
  source?: string;
  title?: string;
  phase: 'checking' | 'downloading' | 'verifying' | 'applying' | 'cleaning' | 'done' | 'failed';
  records: number;
  recordsTotal: number;
  bytes: number;
  bytesTotal: number;
  /** Plain-language outcome when finished. */
  message?: string;
  /** Epoch ms of this report. */
  at: number;
}

export const syncProgressItem = storage.defineItem<SyncProgress | null>('session:syncProgress', { fallback: null });

export type ProgressSink = (p: SyncProgress) => void;

/**
 * At most this often a "downloading" frame is written (every phase change is written at once)...
 * unless the records done moved on by DOWNLOAD_FRAME_SHARE of the total since the last frame: a
 * fast download still reports each percent, so a watcher waiting for "N records done" (the kill
 * test) sees a frame near every N.
 */
const DOWNLOAD_FRAME_MS = 100;
const DOWNLOAD_FRAME_SHARE = 0.01;
let lastFrame: { phase: SyncProgress['phase']; at: number; records: number } | undefined;

/** Writes progress without making the sync wait for storage (a failed write only loses a frame). */
export const storageProgressSink: ProgressSink = (p) => {
  if (
    p.phase === 'downloading' &&
    lastFrame?.phase === 'downloading' &&
    p.at - lastFrame.at < DOWNLOAD_FRAME_MS &&
    p.records - lastFrame.records < p.recordsTotal * DOWNLOAD_FRAME_SHARE
  ) {
    return;
  }
  lastFrame = { phase: p.phase, at: p.at, records: p.records };
  void syncProgressItem.setValue(p).catch(() => undefined);
};
