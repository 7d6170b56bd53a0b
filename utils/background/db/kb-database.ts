/**
 * The KB database (Dexie over IndexedDB), owned by the background worker alone.
 *
 * Synced data (entities, sources) and user data (notes, corrections, own entities) live in
 * separate tables: a sync or a pack import only ever writes `records`, `syncJobs`, `sources` and `meta`, so
 * it cannot overwrite what the user made. Schema versions are listed in `versions.ts`, one entry
 * per version, and tested forwards in tests/unit/db-upgrade.test.ts.
 */
import Dexie, { type Table } from 'dexie';
import type { EntityRecord } from '../../shared/kb-schema';
import type { SyncJob } from '../../sync/apply-job';
import type { GenerationLayout, RecordsRow } from '../../sync/packed-layout';
import type { SourceSyncState } from '../../sync/source-state';
import { KB_VERSIONS, type KbVersion } from './versions';

export const KB_DATABASE_NAME = 'newslens-kb';

/**
 * An entity as readers get it (utils/sync/generations.ts): the validated record plus where it
 * came from and its search keys. Stored packed, many per row of `records` (schema v3,
 * utils/sync/packed-layout.ts); it belongs to a generation and readers only see the live
 * generation of each enabled source, so a half-written sync is never visible.
 */
export interface EntityRow extends EntityRecord {
  /** Id of the source (pack or feed) that supplied this record. */
  source: string;
  /** Generation the row belongs to (see `SourceRow.liveGen`). */
  gen: number;
  /**
   * Folded name and aliases ("kim jong un", "kcna"): stored up to v2; since v3 not stored but
   * derived with searchKeysOf where needed.
   */
  keys?: string[];
  /** Feeds only: hex SHA-256 of the record's NDJSON line, summed into the KB state checksum (kept in the index). */
  digest?: string;
}

export interface SourceRow {
  id: string;
  title: string;
  kind: 'bundled' | 'feed';
  url?: string;
  version: string;
  entityCount: number;
  /** Records that failed validation in the last import, with the first few reasons. */
  rejected: number;
  rejectedSamples: string[];
  importedAt: string;
  enabled: boolean;
  /** Generation whose rows readers see (v2). */
  liveGen?: number;
  /** Index buckets and pack count of the live generation (v3, utils/sync/packed-layout.ts). */
  layout?: GenerationLayout;
  /** Feeds: the manifest's numeric version (never goes down) and the KB state checksum. */
  seq?: number;
  checksum?: string;
  /** Sync state of a feed (utils/sync/source-state.ts). */
  sync?: SourceSyncState;
}

export interface MetaRow {
  key: string;
  value: unknown;
}

/** User data: never written by a sync. */
export interface NoteRow {
  id?: number;
  entityId: string;
  text: string;
  updatedAt: string;
}

export interface CorrectionRow {
  id?: number;
  /** The entity the spotter linked. */
  entityId: string;
  /** The folded words on the page that were linked. */
  alias: string;
  action: 'not-an-entity' | 'use-instead';
  replacementId?: string;
  /** Hostname the correction applies to, or absent for everywhere. */
  site?: string;
  createdAt: string;
}

export interface OwnEntityRow extends EntityRecord {
  keys: string[];
  createdAt: string;
}

export class KbDatabase extends Dexie {
  /**
   * Synced entities of every generation, packed (v3): key `[gen+id]` where `id` names a pack,
   * an index bucket or an index fragment of that generation (utils/sync/packed-layout.ts).
   */
  records!: Table<RecordsRow, [number, string]>;
  /** One unfinished download/apply per source, with its resume cursor (utils/sync). */
  syncJobs!: Table<SyncJob, string>;
  sources!: Table<SourceRow, string>;
  meta!: Table<MetaRow, string>;
  notes!: Table<NoteRow, number>;
  corrections!: Table<CorrectionRow, number>;
  ownEntities!: Table<OwnEntityRow, string>;

  constructor(name = KB_DATABASE_NAME, versions: readonly KbVersion[] = KB_VERSIONS) {
    super(name);
    for (const v of versions) {
      const declared = this.version(v.version).stores(v.stores);
      if (v.upgrade) declared.upgrade(v.upgrade);
    }
  }
}

let shared: KbDatabase | undefined;
/** The worker's one database handle, opened lazily (Dexie opens on first use). */
export function kbDatabase(): KbDatabase {
  return (shared ??= new KbDatabase());
}
