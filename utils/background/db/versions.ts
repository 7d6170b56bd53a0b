/**
 * Every schema version of the KB database, oldest first. Never edit a shipped entry: add a new
 * version with the new `stores` and an `upgrade` that migrates rows. Dexie keeps the tables
 * that a later version does not mention, so user tables survive every step.
 */
import type { Transaction } from 'dexie';

export interface KbVersion {
  version: number;
  stores: Record<string, string | null>;
  upgrade?: (tx: Transaction) => Promise<void> | void;
}

export const KB_VERSIONS: readonly KbVersion[] = [
  {
    version: 1,
    stores: {
      // Synced data.
      entities: 'id, type, source, *keys',
      sources: 'id',
      meta: 'key',
      // User data.
      notes: '++id, entityId',
      corrections: '++id, entityId, alias',
      ownEntities: 'id, *keys',
    },
  },
];
