/**
 * Card and summary lookups that fall back to the reader's own entities when the KB does not
 * hold an id (own ids start with "user-", so a KB entity always wins).
 */
import type { EntityCardData, EntitySummary } from '../../shared/protocol';
import type { KbDatabase } from '../db/kb-database';
import { getEntityCard, getSummaries, summarize } from '../kb-repository';
import { getLiveEntities } from '../../sync/generations';
import { getOwnEntity, OWN_SOURCE_TITLE, toRecord } from './own-entities';

export async function getCardWithOwn(db: KbDatabase, id: string): Promise<EntityCardData | null> {
  const card = await getEntityCard(db, id);
  if (card) return card;
  const own = await getOwnEntity(db, id);
  if (!own) return null;
  const related = (await getLiveEntities(db, own.relations.map((r) => r.target))).filter((r) => r !== undefined);
  const row = await db.ownEntities.get(id);
  return {
    entity: own,
    related: related.map(summarize),
    provenance: { source: OWN_SOURCE_TITLE, kbVersion: 'yours', importedAt: row?.createdAt ?? '' },
  };
}

export async function getSummariesWithOwn(db: KbDatabase, ids: readonly string[]): Promise<EntitySummary[]> {
  const live = await getSummaries(db, ids);
  const found = new Set(live.map((s) => s.id));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length === 0) return live;
  const own = (await db.ownEntities.bulkGet(missing)).filter((r) => r !== undefined).map((r) => summarize(toRecord(r)));
  const byId = new Map([...live, ...own].map((s) => [s.id, s]));
  return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
}
