/**
 * Reads and writes of the KB used by the message handlers. All IndexedDB access of the extension
 * goes through here or through the sync/import modules, never through the UI contexts.
 */
import type { EntityCardData, EntitySummary, KbStatus, SearchHit, SearchRequest } from '../shared/protocol';
import type { EntityRecord } from '../shared/kb-schema';
import { foldPhrase } from '../shared/text-normalize';
import { referencedIds } from '../shared/entity-refs';
import type { EntityRow, KbDatabase, SourceRow } from './db/kb-database';
import { searchKeysOf } from './search-keys';
// Rows are read through utils/sync/generations.ts, which shows readers only the live generation
// of each enabled source (a sync in progress writes beside it).
import { getLiveEntities, getLiveEntity, liveView, replaceWithNewGeneration, searchLiveRows } from '../sync/generations';
import { indexIds, isIndexRow, isPackRow, kindRange } from '../sync/packed-layout';

/**
 * Replaces everything one source supplied with a new set of records, in one transaction: readers
 * see either the old set or the new one, never a mix.
 */
export async function replaceSourceEntities(
  db: KbDatabase,
  source: Omit<SourceRow, 'entityCount'>,
  records: readonly EntityRecord[],
): Promise<void> {
  // Search keys are not stored (v3): they are derived where needed.
  const rows: Omit<EntityRow, 'gen'>[] = records.map((r) => ({ ...r, source: source.id }));
  await replaceWithNewGeneration(db, { ...source, entityCount: rows.length }, rows);
}

/**
 * Every live entity (one per id: the winning source's record) passed to `visit` as its pack is
 * read, so that a caller keeps only what it needs of each: the index builders keep a few fields,
 * where a list of whole records (allLiveEntities) held every description, fact, treaty text and
 * source of the KB at once (most of the 265–460 MB peak of a rebuild at 100k entities).
 *
 * Run it inside a read transaction over `sources` and `records` for a consistent view (it opens
 * its own otherwise). Order: sources from the lowest priority up, each in pack order; an id
 * that a higher-priority source also holds is visited there, with that source's record.
 */
export function forEachLiveEntity(db: KbDatabase, visit: (record: EntityRecord) => void): Promise<void> {
  return db.transaction('r', db.sources, db.records, async () => {
    const gens = (await liveView(db)).gens.reverse();
    // Which pack holds each id's current copy, per generation: copies elsewhere are dead (ADR 4).
    const packOf: (Map<string, number> | undefined)[] = [];
    for (const gen of gens) {
      const at = new Map<string, number>();
      await db.records
        .where(':id')
        .between(...kindRange(gen, 'b:'))
        .each((row) => {
          if (!isIndexRow(row)) return;
          indexIds(row).forEach((id, i) => at.set(id, row.packs[i]!));
        });
      packOf.push(at);
    }
    for (let g = 0; g < gens.length; g++) {
      const at = packOf[g]!;
      const higher = packOf.slice(g + 1) as Map<string, number>[];
      await db.records
        .where(':id')
        .between(...kindRange(gens[g]!, 'p:'))
        .each((row) => {
          if (!isPackRow(row)) return;
          const n = Number(row.id.slice(2));
          row.ids.forEach((id, i) => {
            if (at.get(id) === n && !higher.some((h) => h.has(id))) visit(JSON.parse(row.records[i]!) as EntityRecord);
          });
        });
      packOf[g] = undefined; // no later generation asks about this one's ids
    }
  });
}

export function summarize(e: EntityRecord): EntitySummary {
  return { id: e.id, type: e.type, name: e.name, description: e.description };
}

export async function getSummaries(db: KbDatabase, ids: readonly string[]): Promise<EntitySummary[]> {
  const rows = await getLiveEntities(db, [...ids]);
  return rows.filter((r): r is EntityRow => r !== undefined).map(summarize);
}

export async function getEntityCard(db: KbDatabase, id: string): Promise<EntityCardData | null> {
  const row = await getLiveEntity(db, id);
  if (!row) return null;
  const [related, source] = await Promise.all([
    getLiveEntities(db, referencedIds(row)),
    db.sources.get(row.source),
  ]);
  const { source: sourceId, keys: _keys, gen: _gen, digest: _digest, ...entity } = row;
  return {
    entity,
    related: related.filter((r): r is EntityRow => r !== undefined).map(summarize),
    provenance: {
      source: source?.title ?? sourceId,
      kbVersion: source?.version ?? 'unknown',
      importedAt: source?.importedAt ?? '',
    },
  };
}

const KIND_RANK = { exact: 0, prefix: 1, typo: 2 } as const;

/** Exact name/alias hits first, then prefix hits; within each, more prominent entities first. */
export async function searchEntities(db: KbDatabase, req: SearchRequest): Promise<SearchHit[]> {
  const query = foldPhrase(req.query);
  const limit = Math.min(req.limit ?? 20, 100);
  if (!query) return [];
  const rows = await searchLiveRows(db, query, 500);
  const hits = new Map<string, SearchHit & { prominence: number }>();
  for (const row of rows) {
    if (req.type && row.type !== req.type) continue;
    const keys = row.keys ?? searchKeysOf(row);
    const key = keys.find((k) => k === query) ?? keys.find((k) => k.startsWith(query))!;
    const kind = key === query ? 'exact' : 'prefix';
    const seen = hits.get(row.id);
    if (seen && KIND_RANK[seen.kind] <= KIND_RANK[kind]) continue;
    hits.set(row.id, { ...summarize(row), matched: displayAlias(row, key), kind, prominence: row.prominence });
  }
  return [...hits.values()]
    .sort((a, b) => KIND_RANK[a.kind] - KIND_RANK[b.kind] || b.prominence - a.prominence || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map(({ prominence: _p, ...hit }) => hit);
}

function displayAlias(row: EntityRecord, key: string): string {
  return [row.name, ...row.aliases.map((a) => a.text)].find((t) => foldPhrase(t) === key) ?? row.name;
}

export async function getStatus(db: KbDatabase): Promise<KbStatus> {
  const sources = await db.sources.toArray();
  // Entities of the enabled sources (an id supplied by two sources counts twice).
  const entityCount = sources.filter((s) => s.enabled).reduce((n, s) => n + s.entityCount, 0);
  return {
    entityCount,
    sources: sources.map(({ id, title, version, entityCount: count, importedAt }) => ({
      id,
      title,
      version,
      entityCount: count,
      importedAt,
    })),
  };
}
