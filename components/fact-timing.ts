/**
 * How a dated fact relates to the day an article was published: did it hold then, has it
 * changed since, or did it start later? Dates may have year or month precision ("2024",
 * "2024-06"); they compare as the earliest day they can mean for a start and the latest for an end.
 */
import type { Fact } from '../utils/shared/kb-schema';

export type FactTiming =
  /** No article date, or the fact has no bounds: show it as the KB states it. */
  | { kind: 'undated' }
  /** The fact held on the article's date and still holds as far as the KB knows. */
  | { kind: 'held' }
  /** It held on the article's date but ended later ("has changed since"). */
  | { kind: 'changed-since'; to: string }
  /** It started after the article was published. */
  | { kind: 'later'; from: string }
  /** It had ended before the article was published. */
  | { kind: 'earlier'; to: string };

const startOf = (date: string) => (date.length === 4 ? `${date}-01-01` : date.length === 7 ? `${date}-01` : date);
const endOf = (date: string) => (date.length === 4 ? `${date}-12-31` : date.length === 7 ? `${date}-31` : date);

export function factTiming(fact: Pick<Fact, 'from' | 'to'>, articleDate: string | undefined): FactTiming {
  if (!articleDate || (!fact.from && !fact.to)) return { kind: 'undated' };
  if (fact.from && startOf(fact.from) > articleDate) return { kind: 'later', from: fact.from };
  if (fact.to && endOf(fact.to) < articleDate) return { kind: 'earlier', to: fact.to };
  if (fact.to) return { kind: 'changed-since', to: fact.to };
  return { kind: 'held' };
}
