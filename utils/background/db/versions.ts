/**
 * Every schema version of the KB database, oldest first. Never edit a shipped entry: add a new
 * version with the new `stores` and an `upgrade` that migrates rows. Dexie keeps the tables
 * that a later version does not mention, so user tables survive every step.
 */
import Dexie, { type Transaction } from 'dexie';
import type { EntityRow } from './kb-database';
import { packGeneration } from '../../sync/packed-layout';

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
  {
    // v3, sync speed (issue 6, ADR 4): a generation's entities are stored packed, many per row,
    // with an id index in buckets (utils/sync/packed-layout.ts): IndexedDB costs ~0.2 ms per row
    // in Chromium. The key stays `[gen+id]` (now naming packs and buckets), so the table stays;
    // its per-entity indexes go. Delta changes are staged as packs too: `staging` goes.
    version: 3,
    stores: {
      records: '[gen+id]',
      staging: null,
    },
    upgrade: migrateToPacks,
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

/**
 * v2 → v3: each live generation's entity rows become packs and buckets of the same generation;
 * rows of other generations (garbage, or an unfinished sync's staging) are dropped, and so are
 * unfinished sync jobs (their staged rows are in the old form): those syncs start over.
 */
async function migrateToPacks(tx: Transaction): Promise<void> {
  const records = tx.table('records');
  const sources = (await tx.table('sources').toArray()) as { id: string; liveGen?: number }[];
  const oldKeys = (await records.toCollection().primaryKeys()) as [number, string][];
  const gens = new Set(oldKeys.map(([gen]) => gen));
  const done = new Set<number>();
  for (const source of sources) {
    const gen = source.liveGen;
    // A live generation without rows (an empty feed) still gets its (empty) index.
    if (gen === undefined || done.has(gen)) continue;
    done.add(gen);
    const rows = (await records.where(':id').between([gen, Dexie.minKey], [gen, Dexie.maxKey]).toArray()) as EntityRow[];
    await records.bulkDelete(oldKeys.filter(([g]) => g === gen));
    const packed = packGeneration(gen, source.id, rows);
    await records.bulkPut(packed.rows);
    await tx.table('sources').update(source.id, { layout: packed.layout });
    gens.delete(gen);
  }
  // What is left is not live: garbage or staging of an interrupted sync.
  await records.bulkDelete(oldKeys.filter(([g]) => gens.has(g)));
  await tx.table('syncJobs').clear();
}
