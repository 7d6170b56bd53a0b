/**
 * Imports the KB pack that ships inside the extension, so Newslens works offline from the first
 * page. Runs on install and update, and lazily before the first lookup (covers a database that
 * was cleared while the extension stayed installed). Idempotent: the same pack version is not
 * imported twice.
 */
import { PackFile } from '../shared/kb-schema';
import { validateRecords } from '../shared/validate-records';
import type { KbDatabase } from './db/kb-database';
import { replaceSourceEntities } from './kb-repository';

export const DEFAULT_PACK_PATH = '/kb/default-pack.json';
export const DEFAULT_SOURCE_ID = 'default';

export type LoadPack = () => Promise<unknown>;

export interface PackImportResult {
  imported: boolean;
  version: string;
  entityCount: number;
  rejected: number;
}

// Install, startup and the first lookup can all ask at once; they share one import.
let inFlight: Promise<PackImportResult> | undefined;

/**
 * The source id and version of the pack each loader returned last. The bundled pack cannot change
 * while the worker runs, so after the first call a check is one keyed read of the source row
 * instead of fetching and validating the whole pack (megabytes, seconds with a large KB) before
 * every lookup. Keyed by loader so that tests with different packs do not share it.
 */
const seenPacks = new WeakMap<LoadPack, { source: string; version: string }>();

export function ensureDefaultPack(db: KbDatabase, loadPack: LoadPack): Promise<PackImportResult> {
  inFlight ??= importPack(db, loadPack).finally(() => {
    inFlight = undefined;
  });
  return inFlight;
}

async function importPack(db: KbDatabase, loadPack: LoadPack): Promise<PackImportResult> {
  const seen = seenPacks.get(loadPack);
  if (seen) {
    const current = await db.sources.get(seen.source);
    if (current?.version === seen.version) return unchanged(current);
  }
  const pack = PackFile.parse(await loadPack());
  seenPacks.set(loadPack, { source: pack.source, version: pack.version });
  const current = await db.sources.get(pack.source);
  if (current?.version === pack.version) return unchanged(current);
  const { valid, rejected } = validateRecords(pack.entities);
  if (rejected.length) console.warn(`Newslens: ${rejected.length} records of the default pack were rejected`, rejected.slice(0, 5));
  await replaceSourceEntities(
    db,
    {
      id: pack.source,
      title: pack.title,
      kind: 'bundled',
      version: pack.version,
      rejected: rejected.length,
      rejectedSamples: rejected.slice(0, 5).map((r) => `${r.id ?? `#${r.index}`}: ${r.reason}`),
      importedAt: new Date().toISOString(),
      enabled: true,
    },
    valid,
  );
  return { imported: true, version: pack.version, entityCount: valid.length, rejected: rejected.length };
}

function unchanged(current: { version: string; entityCount: number; rejected: number }): PackImportResult {
  return { imported: false, version: current.version, entityCount: current.entityCount, rejected: current.rejected };
}
