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
  {
    // v2, sync (issue 6): entities are stored per generation so a sync can write a whole new
    // version beside the live one and make it live in one small transaction. The key changes
    // from `id` to `[gen+id]`, which IndexedDB cannot do in place: rows move to `records`.
    version: 2,
    stores: {
      entities: null,
      records: '[gen+id], id, gen, *keys',
      staging: '[gen+id], gen',
      syncJobs: 'source',
    },
    upgrade: migrateToGenerations,
  },
];

/** v1 → v2: every source's entities become that source's first live generation. */
async function migrateToGenerations(tx: Transaction): Promise<void> {
  const sources = (await tx.table('sources').toArray()) as { id: string }[];
  const genOf = new Map<string, number>();
  sources.forEach((s, i) => genOf.set(s.id, i + 1));
  const rows = (await tx.table('entities').toArray()) as { source: string }[];
  for (const row of rows) {
    // Rows of a source that has no `sources` row (should not happen) get a generation of their own.
    if (!genOf.has(row.source)) genOf.set(row.source, genOf.size + 1);
  }
  await tx.table('records').bulkPut(rows.map((row) => ({ ...row, gen: genOf.get(row.source)! })));
  for (const s of sources) await tx.table('sources').update(s.id, { liveGen: genOf.get(s.id) });
  await tx.table('meta').put({ key: 'next-generation', value: genOf.size + 1 });
}
