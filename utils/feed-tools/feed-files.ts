/**
 * Reading and writing feed files in Node (the `kb build`, `kb diff` and `kb serve` commands):
 * NDJSON record lines, their digests, the manifest and its optional Ed25519 signature. The
 * format is described in docs/feed-format.md; the client side lives in utils/sync/.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { EntityRecord } from '../shared/kb-schema';
import { FeedManifest } from '../sync/manifest';
import { StateChecksum } from '../sync/state-checksum';
import { sortRecords } from '../kb-build/write-pack';

export const MANIFEST_FILE = 'manifest.json';

/** One record as a feed line: its JSON, no newline. The digest is taken over exactly this. */
export function recordLine(record: EntityRecord): string {
  return JSON.stringify(record);
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Lines of a snapshot, sorted by id, and the state checksum of that set. */
export function snapshotLines(records: readonly EntityRecord[]): { lines: Map<string, string>; checksum: string } {
  const lines = new Map<string, string>();
  const sum = new StateChecksum();
  for (const r of sortRecords(records)) {
    if (lines.has(r.id)) throw new Error(`duplicate record id "${r.id}"`);
    const line = recordLine(r);
    lines.set(r.id, line);
    sum.add(sha256Hex(line));
  }
  return { lines, checksum: sum.hex() };
}

export interface WrittenFile {
  url: string;
  bytes: number;
  records: number;
  sha256: string;
}

/** Writes NDJSON (every line ends with "\n") to `dir/url`. */
export function writeNdjson(dir: string, url: string, lines: Iterable<string>): WrittenFile {
  const parts: string[] = [];
  let records = 0;
  for (const line of lines) {
    parts.push(line, '\n');
    records++;
  }
  const data = Buffer.from(parts.join(''), 'utf8');
  const path = join(dir, url);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
  return { url, bytes: data.length, records, sha256: sha256Hex(data) };
}

export function readManifest(dir: string): FeedManifest {
  const path = join(dir, MANIFEST_FILE);
  if (!existsSync(path)) throw new Error(`${dir} is not a feed folder (no ${MANIFEST_FILE})`);
  return FeedManifest.parse(JSON.parse(readFileSync(path, 'utf8')));
}

/** Reads a feed file's lines, keyed by record id (tombstones included, as lines). */
export function readLinesById(dir: string, url: string): Map<string, string> {
  const byId = new Map<string, string>();
  for (const line of readFileSync(join(dir, url), 'utf8').split('\n')) {
    if (!line) continue;
    byId.set((JSON.parse(line) as { id: string }).id, line);
  }
  return byId;
}

// Signing keys: PKCS#8 PEM files; the public key travels as base64 of its 32 raw bytes.

export function newKeyPair(path: string): KeyObject {
  const { privateKey } = generateKeyPairSync('ed25519');
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  return privateKey;
}

export function loadPrivateKey(path: string): KeyObject {
  return createPrivateKey(readFileSync(path));
}

export function rawPublicKeyB64(privateKey: KeyObject): string {
  const der = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  // An Ed25519 SPKI is a fixed 12-byte header followed by the 32-byte key.
  return der.subarray(der.length - 32).toString('base64');
}

/** Writes the manifest (and `manifest.json.sig` when a key is given; removes a stale one if not). */
export function writeManifest(dir: string, manifest: FeedManifest, key?: KeyObject): void {
  if (manifest.publicKey && !key) throw new Error('this feed is signed: pass --key <private-key.pem> to sign the new manifest');
  if (key && manifest.publicKey && manifest.publicKey !== rawPublicKeyB64(key)) {
    throw new Error('--key is not the key this feed was signed with (its publicKey differs); clients would refuse it');
  }
  const text = JSON.stringify(FeedManifest.parse(manifest), null, 2) + '\n';
  const bytes = Buffer.from(text, 'utf8');
  writeFileSync(join(dir, MANIFEST_FILE), bytes);
  const sigPath = join(dir, `${MANIFEST_FILE}.sig`);
  if (key) writeFileSync(sigPath, sign(null, bytes, key).toString('base64') + '\n');
  else rmSync(sigPath, { force: true });
}
