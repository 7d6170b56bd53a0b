/**
 * Cross-record checks the schema cannot make on one record alone. Pure: takes validated records,
 * returns problems as readable lines (empty list = the pack is consistent).
 */
import type { EntityRecord } from '../shared/kb-schema';
import { normalizeAlias } from './normalize-alias';

export interface IntegrityProblem {
  id: string;
  message: string;
}

/** Fact labels that state an office, a status or a membership: they must carry a start date. */
const DATED_LABELS = /\b(office|position|role|member|membership|status|leader|head|chair|spokes|minister|president|secretary|director|commander)\b/i;

export function checkIntegrity(records: readonly EntityRecord[]): IntegrityProblem[] {
  const problems: IntegrityProblem[] = [];
  const ids = new Map<string, number>();
  for (const r of records) ids.set(r.id, (ids.get(r.id) ?? 0) + 1);
  for (const [id, n] of ids) if (n > 1) problems.push({ id, message: `id used by ${n} records` });

  for (const r of records) {
    for (const rel of r.relations) {
      if (!ids.has(rel.target)) problems.push({ id: r.id, message: `relation ${rel.type} → missing id "${rel.target}"` });
      if (rel.target === r.id) problems.push({ id: r.id, message: `relation ${rel.type} points at itself` });
    }
    for (const fact of r.facts) {
      if (fact.valueId && !ids.has(fact.valueId)) {
        problems.push({ id: r.id, message: `fact "${fact.label}" → missing id "${fact.valueId}"` });
      }
      if (DATED_LABELS.test(fact.label) && !fact.from && !fact.to) {
        problems.push({ id: r.id, message: `fact "${fact.label}: ${fact.value}" has no from/to date` });
      }
    }
    for (const party of r.treaty?.parties ?? []) {
      if (!ids.has(party)) problems.push({ id: r.id, message: `treaty party → missing id "${party}"` });
    }
    if (r.type === 'treaty' && !r.treaty) problems.push({ id: r.id, message: 'treaty record without treaty info' });
    const numbers = new Set<string>();
    for (const a of r.treaty?.articles ?? []) {
      const key = `${a.kind}:${a.number}`;
      if (numbers.has(key)) problems.push({ id: r.id, message: `article ${a.number} (${a.kind}) listed twice` });
      numbers.add(key);
    }
  }
  problems.push(...findAliasCollisions(records).map((c) => ({
    id: c.ids.join(', '),
    message: `alias "${c.alias}" claimed by ${c.ids.join(' and ')} without needsContext`,
  })));
  return problems;
}

export interface AliasCollision {
  alias: string;
  ids: string[];
}

/**
 * The same normalised alias on two or more entities where it is not marked `needsContext` on all
 * but at most one of them. One unmarked claimant is allowed: it is the default reading, and the
 * others must defer to context. Case-sensitive aliases only collide with the same exact text.
 */
export function findAliasCollisions(records: readonly EntityRecord[]): AliasCollision[] {
  const claims = new Map<string, { id: string; text: string; needsContext: boolean; caseSensitive: boolean }[]>();
  for (const r of records) {
    for (const a of r.aliases) {
      const key = normalizeAlias(a.text);
      const list = claims.get(key) ?? [];
      if (!list.some((c) => c.id === r.id && c.text === a.text)) {
        list.push({ id: r.id, text: a.text, needsContext: !!a.needsContext, caseSensitive: !!a.caseSensitive });
      }
      claims.set(key, list);
    }
  }
  const collisions: AliasCollision[] = [];
  for (const list of claims.values()) {
    const entities = new Set(list.map((c) => c.id));
    if (entities.size < 2) continue;
    // Group the claims that could match the same written text: case-insensitive claims match
    // everything with this key; case-sensitive ones only their exact text.
    const texts = new Set(list.map((c) => c.text));
    for (const text of texts) {
      const matching = list.filter((c) => !c.caseSensitive || c.text === text);
      const ids = [...new Set(matching.map((c) => c.id))];
      if (ids.length < 2) continue;
      const unmarked = [...new Set(matching.filter((c) => !c.needsContext).map((c) => c.id))];
      if (unmarked.length > 1) collisions.push({ alias: text, ids: unmarked.sort() });
    }
  }
  // The same collision is found once per text variant; report it once.
  const seen = new Set<string>();
  return collisions.filter((c) => {
    const key = `${normalizeAlias(c.alias)}|${c.ids.join(',')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
