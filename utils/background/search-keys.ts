/** The folded keys under which an entity is found by search and by the matcher's index. */
import type { EntityRecord } from '../shared/kb-schema';
import { foldPhrase } from '../shared/text-normalize';

export function searchKeysOf(record: Pick<EntityRecord, 'name' | 'aliases'>): string[] {
  const keys = new Set<string>();
  for (const text of [record.name, ...record.aliases.map((a) => a.text)]) {
    const key = foldPhrase(text);
    if (key) keys.add(key);
  }
  return [...keys];
}
