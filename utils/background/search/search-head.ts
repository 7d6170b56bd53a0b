/**
 * The search index's head: the same index over the most prominent entities, stored beside the
 * whole one and loaded first after the worker wakes (see search-service.ts). Kept apart from the
 * service so that benchmarks and tests can use it without the background's database modules.
 */
import type { SearchableEntity } from './search-index-data';

/** Entities in the head: at 10k a cold load takes a few milliseconds (bench/search.ts). */
export const HEAD_ENTITIES = 10_000;

/** The head's entities: the most prominent KB entities and every own entity; none for a small KB. */
export function headEntities(kb: readonly SearchableEntity[], own: readonly SearchableEntity[]): SearchableEntity[] | undefined {
  if (kb.length + own.length <= HEAD_ENTITIES) return undefined;
  const top = [...kb].sort((a, b) => b.prominence - a.prominence).slice(0, Math.max(0, HEAD_ENTITIES - own.length));
  return [...top, ...own];
}
