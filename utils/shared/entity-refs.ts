/** Links between KB records, used by the card (related entities) and the spotter (page context). */
import type { EntityRecord } from './kb-schema';

/** The ids an entity points at: relation targets, fact values and treaty parties. */
export function referencedIds(e: Pick<EntityRecord, 'id' | 'relations' | 'facts' | 'treaty'>): string[] {
  const ids = new Set<string>();
  for (const r of e.relations) ids.add(r.target);
  for (const f of e.facts) if (f.valueId) ids.add(f.valueId);
  for (const p of e.treaty?.parties ?? []) ids.add(p);
  ids.delete(e.id);
  return [...ids];
}
