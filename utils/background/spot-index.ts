/**
 * The in-memory spotting index (matcher + per-entity context info), built from the KB.
 *
 * The service worker may be killed at any time, so the index is rebuilt lazily on the first
 * lookup after a wake and whenever the KB changes (`invalidateSpotIndex`). A persisted compiled
 * form that skips the rebuild is the spotting engine's next step.
 */
import type { EntityRecord } from '../shared/kb-schema';
import type { AliasEntry } from '../matcher/matcher';
import type { EntityInfo, SpotIndex } from '../matcher/spot-mentions';
import { buildTrieMatcher } from '../matcher/trie-matcher';
import type { KbDatabase } from './db/kb-database';
import { referencedIds } from './kb-repository';

export function buildSpotIndex(records: Iterable<EntityRecord>): SpotIndex {
  const infos = new Map<string, EntityInfo & { neighbors: Set<string> }>();
  const aliases: AliasEntry[] = [];
  for (const e of records) {
    infos.set(e.id, {
      type: e.type,
      prominence: e.prominence,
      neighbors: new Set(referencedIds(e)),
      capitalOf: e.relations.find((r) => r.type === 'capital-of' && !r.to)?.target,
    });
    // The name is an alias too, unless the record already lists it with its own rules.
    const own = e.aliases.some((a) => a.text === e.name) ? e.aliases : [...e.aliases, { text: e.name }];
    for (const a of own) {
      aliases.push({
        entityId: e.id,
        alias: a.text,
        caseSensitive: a.caseSensitive ?? false,
        needsContext: a.needsContext ?? false,
      });
    }
  }
  // Relations are stated once, on one side; context works in both directions.
  for (const [id, info] of infos) {
    for (const n of info.neighbors) infos.get(n)?.neighbors.add(id);
  }
  return { matcher: buildTrieMatcher(aliases), info: (id) => infos.get(id) };
}

let cached: Promise<SpotIndex> | undefined;

export function getSpotIndex(db: KbDatabase, beforeBuild: () => Promise<unknown>): Promise<SpotIndex> {
  cached ??= (async () => {
    await beforeBuild();
    return buildSpotIndex(await db.entities.toArray());
  })().catch((err: unknown) => {
    cached = undefined;
    throw err;
  });
  return cached;
}

export function invalidateSpotIndex(): void {
  cached = undefined;
}
