/**
 * The feed manifest (docs/feed-format.md): what a source publishes at its URL, validated on
 * arrival, and the choice of what to download to go from the local version to the published one.
 * Shared by the sync engine (worker) and the feed tools (Node).
 */
import { z } from 'zod';

export const FEED_FORMAT = 1;

const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lower-case hex digits (SHA-256)');
/** A file URL, relative to the manifest's own URL or absolute. */
const FileUrl = z.string().min(1).max(2_000);
const Version = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

export const FeedFile = z.object({
  url: FileUrl,
  /** Size of the NDJSON file, uncompressed. */
  bytes: z.number().int().min(0),
  /** Lines in the file (records, and tombstones in a delta). */
  records: z.number().int().min(0),
  sha256: Sha256Hex,
  /** State checksum of the source after applying this file (utils/sync/state-checksum.ts). */
  result: Sha256Hex,
});
export type FeedFile = z.infer<typeof FeedFile>;

export const FeedDelta = FeedFile.extend({ from: Version, to: Version }).refine((d) => d.to > d.from, {
  message: 'a delta goes from an older version to a newer one',
});
export type FeedDelta = z.infer<typeof FeedDelta>;

export const FeedManifest = z.object({
  format: z.literal(FEED_FORMAT),
  /** Stable id of the source ("example-news-kb"); lower-case letters, digits and hyphens. */
  source: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
  title: z.string().min(1).max(200),
  /** Increases with every publication; a client never goes back to a lower one. */
  version: Version,
  /** Human-readable version shown in the options page ("2026.12.01"); defaults to `version`. */
  label: z.string().max(100).optional(),
  generated: z.string().optional(),
  snapshot: FeedFile,
  deltas: z.array(FeedDelta).max(1_000).default([]),
  /** Base64 of the raw 32-byte Ed25519 public key the manifest is signed with, if it is signed. */
  publicKey: z.string().optional(),
});
export type FeedManifest = z.infer<typeof FeedManifest>;

export function parseManifest(text: string): FeedManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ManifestError('The feed address does not serve a Newslens feed (its manifest is not JSON).');
  }
  const parsed = FeedManifest.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new ManifestError(
      `The feed's manifest is not valid (${first ? `${first.path.join('.') || 'manifest'}: ${first.message}` : 'unknown problem'}).`,
    );
  }
  return parsed.data;
}

export class ManifestError extends Error {
  override name = 'ManifestError';
}

export type UpdatePlan =
  | { kind: 'up-to-date' }
  /** The feed offers an older version than the one we have: never roll back. */
  | { kind: 'older'; local: number; offered: number }
  | { kind: 'snapshot'; file: FeedFile }
  | { kind: 'delta'; steps: FeedDelta[] };

export interface PlanOptions {
  /** Above this many changed lines in total, the snapshot is fetched instead (bounds the flip). */
  maxDeltaRecords: number;
  /** Use the snapshot even when a delta chain exists (after a delta failed verification). */
  forceSnapshot?: boolean;
}

/**
 * What to fetch to reach `manifest.version` from `local` (undefined: nothing yet): the shortest
 * chain of deltas that starts exactly at the local version (fewest steps, then fewest bytes),
 * as long as it is smaller than the snapshot and within `maxDeltaRecords`; else the snapshot.
 */
export function planUpdate(manifest: FeedManifest, local: number | undefined, options: PlanOptions): UpdatePlan {
  if (local !== undefined && manifest.version < local) return { kind: 'older', local, offered: manifest.version };
  if (local === manifest.version) return { kind: 'up-to-date' };
  const snapshot: UpdatePlan = { kind: 'snapshot', file: manifest.snapshot };
  if (local === undefined || options.forceSnapshot) return snapshot;
  const chain = shortestChain(manifest.deltas, local, manifest.version);
  if (!chain) return snapshot;
  const records = chain.reduce((n, d) => n + d.records, 0);
  const bytes = chain.reduce((n, d) => n + d.bytes, 0);
  if (records > options.maxDeltaRecords || bytes >= manifest.snapshot.bytes) return snapshot;
  return { kind: 'delta', steps: chain };
}

function shortestChain(deltas: readonly FeedDelta[], from: number, to: number): FeedDelta[] | undefined {
  // Breadth-first over versions; among chains of equal length keep the one with fewer bytes.
  let frontier = new Map<number, { chain: FeedDelta[]; bytes: number }>([[from, { chain: [], bytes: 0 }]]);
  const seen = new Set<number>([from]);
  while (frontier.size) {
    const done = frontier.get(to);
    if (done) return done.chain;
    const next = new Map<number, { chain: FeedDelta[]; bytes: number }>();
    for (const [version, path] of frontier) {
      for (const d of deltas) {
        if (d.from !== version || d.to > to || seen.has(d.to)) continue;
        const candidate = { chain: [...path.chain, d], bytes: path.bytes + d.bytes };
        const existing = next.get(d.to);
        if (!existing || candidate.bytes < existing.bytes) next.set(d.to, candidate);
      }
    }
    for (const v of next.keys()) seen.add(v);
    frontier = next;
  }
  return undefined;
}

/** Resolves a file URL of the manifest against the manifest's own URL. */
export function resolveFileUrl(manifestUrl: string, fileUrl: string): string {
  return new URL(fileUrl, manifestUrl).href;
}

/** The label shown for a version. */
export function versionLabel(manifest: Pick<FeedManifest, 'version' | 'label'>): string {
  return manifest.label ?? String(manifest.version);
}
