/**
 * `kb diff`: compares two feed folders and adds the delta from the old version to the new one to
 * the output folder (usually the new feed's). Changed and added records are written whole,
 * removed ones as tombstones `{"id": "…", "deleted": true}`. The old feed's deltas (and their
 * files) are carried over, so a client several versions behind can chain them.
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { KeyObject } from 'node:crypto';
import type { FeedDelta, FeedManifest } from '../sync/manifest';
import { readLinesById, readManifest, writeManifest, writeNdjson } from './feed-files';

export interface DiffResult {
  manifest: FeedManifest;
  delta: FeedDelta;
  changed: number;
  removed: number;
}

export function diffFeeds(oldDir: string, newDir: string, outDir: string, key?: KeyObject): DiffResult {
  const before = readManifest(oldDir);
  const after = readManifest(newDir);
  if (before.source !== after.source) throw new Error(`the feeds are different sources ("${before.source}", "${after.source}")`);
  if (after.version <= before.version) throw new Error(`the new feed (version ${after.version}) is not newer than the old one (${before.version})`);
  const oldLines = readLinesById(oldDir, before.snapshot.url);
  const newLines = readLinesById(newDir, after.snapshot.url);
  const lines: string[] = [];
  let removed = 0;
  for (const [id, line] of newLines) if (oldLines.get(id) !== line) lines.push(line);
  const changed = lines.length;
  for (const id of oldLines.keys()) {
    if (!newLines.has(id)) {
      lines.push(JSON.stringify({ id, deleted: true }));
      removed++;
    }
  }
  const url = `deltas/${before.version}-${after.version}.ndjson`;
  const file = writeNdjson(outDir, url, lines);
  const delta: FeedDelta = { ...file, from: before.version, to: after.version, result: after.snapshot.result };

  // Carry over the old feed's deltas, then the new one; keep the new feed's snapshot.
  if (resolve(newDir) !== resolve(outDir)) copy(newDir, outDir, after.snapshot.url);
  const deltas = new Map<string, FeedDelta>();
  for (const d of [...before.deltas, ...after.deltas]) {
    if (d.to > before.version) continue;
    const from = before.deltas.includes(d) ? oldDir : newDir;
    copy(from, outDir, d.url);
    deltas.set(`${d.from}-${d.to}`, d);
  }
  deltas.set(`${delta.from}-${delta.to}`, delta);
  const manifest: FeedManifest = { ...after, deltas: [...deltas.values()].sort((a, b) => a.from - b.from || a.to - b.to) };
  writeManifest(outDir, manifest, key);
  return { manifest, delta, changed, removed };
}

function copy(fromDir: string, toDir: string, url: string): void {
  const src = join(fromDir, url);
  const dst = join(toDir, url);
  if (resolve(src) === resolve(dst)) return;
  if (!existsSync(src)) throw new Error(`${src} is listed in the manifest but missing`);
  mkdirSync(dirname(dst), { recursive: true });
  copyFileSync(src, dst);
}
