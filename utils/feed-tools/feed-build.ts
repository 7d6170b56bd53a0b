/**
 * `kb build`: readable records → a feed folder (manifest.json + snapshots/<version>.ndjson).
 * Records come from a folder of YAML sources (the default pack's format), a pack JSON file or an
 * NDJSON file, and are validated with the same schema the extension uses.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EntityRecord, PackFile, describeIssues } from '../shared/kb-schema';
import { loadSources } from '../kb-build/load-sources';
import { FEED_FORMAT, type FeedManifest } from '../sync/manifest';
import { MANIFEST_FILE, rawPublicKeyB64, readManifest, snapshotLines, writeManifest, writeNdjson } from './feed-files';
import type { KeyObject } from 'node:crypto';

export interface LoadedRecords {
  records: EntityRecord[];
  errors: string[];
}

/** Reads records from a YAML source folder, a pack JSON file or an NDJSON file. */
export function loadRecords(path: string, treatyTextsDir?: string): LoadedRecords {
  const full = resolve(path);
  if (!existsSync(full)) return { records: [], errors: [`${path}: no such file or folder`] };
  if (statSync(full).isDirectory()) {
    const { records, errors } = loadSources({
      sourcesDir: full,
      treatyTextsDir: treatyTextsDir ?? join(full, '..', 'treaty-texts'),
    });
    return { records, errors };
  }
  const text = readFileSync(full, 'utf8');
  const raw: unknown[] = [];
  if (full.endsWith('.ndjson') || full.endsWith('.jsonl')) {
    for (const line of text.split('\n')) if (line.trim()) raw.push(JSON.parse(line));
  } else {
    const json = JSON.parse(text) as unknown;
    raw.push(...(Array.isArray(json) ? (json as unknown[]) : PackFile.parse(json).entities));
  }
  const records: EntityRecord[] = [];
  const errors: string[] = [];
  raw.forEach((item, i) => {
    const parsed = EntityRecord.safeParse(item);
    if (parsed.success) records.push(parsed.data);
    else errors.push(`record #${i + 1}: ${describeIssues(parsed.error)}`);
  });
  return { records, errors };
}

export interface BuildOptions {
  outDir: string;
  source: string;
  title: string;
  /** Defaults to the out folder's current version + 1, or 1. */
  version?: number;
  label?: string;
  key?: KeyObject;
  generated?: Date;
}

export function buildFeed(records: readonly EntityRecord[], options: BuildOptions): FeedManifest {
  const previous = existsSync(join(options.outDir, MANIFEST_FILE)) ? readManifest(options.outDir) : undefined;
  const version = options.version ?? (previous ? previous.version + 1 : 1);
  if (previous && version <= previous.version) {
    throw new Error(`version ${version} is not newer than the version ${previous.version} already in ${options.outDir}`);
  }
  const { lines, checksum } = snapshotLines(records);
  const file = writeNdjson(options.outDir, `snapshots/${version}.ndjson`, lines.values());
  const manifest: FeedManifest = {
    format: FEED_FORMAT,
    source: options.source,
    title: options.title,
    version,
    label: options.label,
    generated: (options.generated ?? new Date()).toISOString(),
    snapshot: { ...file, result: checksum },
    // Deltas are added by `kb diff`; the ones already in this folder stay valid (they end at or
    // before the previous version, and clients chain them up to it).
    deltas: previous?.deltas ?? [],
    publicKey: options.key ? rawPublicKeyB64(options.key) : previous?.publicKey,
  };
  writeManifest(options.outDir, manifest, options.key);
  return manifest;
}
