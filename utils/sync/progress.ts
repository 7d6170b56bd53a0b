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

/** At most this often a "downloading" frame is written (every phase change is written at once). */
const DOWNLOAD_FRAME_MS = 100;
let lastFrame: { phase: SyncProgress['phase']; at: number } | undefined;

/** Writes progress without making the sync wait for storage (a failed write only loses a frame). */
export const storageProgressSink: ProgressSink = (p) => {
  if (p.phase === 'downloading' && lastFrame?.phase === 'downloading' && p.at - lastFrame.at < DOWNLOAD_FRAME_MS) return;
  lastFrame = { phase: p.phase, at: p.at };
  void syncProgressItem.setValue(p).catch(() => undefined);
};
