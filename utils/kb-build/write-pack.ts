/**
 * Assembles the bundled default pack (`PackFile`, format 1) from validated records and writes it.
 * The version is derived from the content only, so the same sources always give the same version:
 * "<latest checked date as YYYY.MM.DD>-<first 8 hex of sha-256 of the records>".
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { EntityRecord, PackFile } from '../shared/kb-schema';

/** Records in a stable order (by id), so the hash does not depend on file order. */
export function sortRecords(records: readonly EntityRecord[]): EntityRecord[] {
  return [...records].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function packVersion(records: readonly EntityRecord[]): string {
  const sorted = sortRecords(records);
  const hash = createHash('sha256').update(JSON.stringify(sorted)).digest('hex').slice(0, 8);
  const latest = sorted.reduce((max, r) => (r.checked > max ? r.checked : max), '0000');
  const [y, m = '01', d = '01'] = latest.split('-');
  return `${y}.${m}.${d}-${hash}`;
}

export interface BuildPackOptions {
  /** When the pack was generated; defaults to now (or SOURCE_DATE_EPOCH for reproducible builds). */
  generated?: Date;
}

export function buildPack(records: readonly EntityRecord[], options: BuildPackOptions = {}): PackFile {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  const generated = options.generated ?? (epoch ? new Date(Number(epoch) * 1000) : new Date());
  return {
    format: 1,
    source: 'default',
    title: 'Newslens default pack',
    version: packVersion(records),
    generated: generated.toISOString(),
    entities: sortRecords(records),
  };
}

export function writePack(path: string, pack: PackFile): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(pack) + '\n');
}

/** Number of records of each type, for the build log. */
export function countByType(records: readonly EntityRecord[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of records) counts[r.type] = (counts[r.type] ?? 0) + 1;
  return counts;
}
