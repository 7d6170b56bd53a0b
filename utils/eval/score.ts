/**
 * Scores predicted mentions against gold ones. A prediction counts only if article, block,
 * start, end, entity and (for treaty references) cited article all agree exactly; everything
 * else is a miss and/or a false mark, each with a diagnosis that says how it went wrong.
 */
import { normalizeArticle } from './gold-markers';

export interface ScoredMention {
  /** Name of the article (fixture) the mention is in. */
  doc: string;
  block: number;
  start: number;
  end: number;
  entityId: string;
  type: string;
  article?: string;
  chapter?: string;
  /** For predictions: the rule that fired (alias, context, capital-for-government…). */
  rule?: string;
}

export interface Prf {
  tp: number;
  gold: number;
  predicted: number;
  precision: number;
  recall: number;
  f1: number;
}

export type Diagnosis =
  /** Same span, another entity. */
  | 'wrong-entity'
  /** Same span and entity, another cited article or chapter (or none). */
  | 'wrong-article'
  /** Overlaps a gold mention of the same entity, with other boundaries. */
  | 'boundary'
  /** Overlaps a gold mention of another entity, with other boundaries. */
  | 'overlap-other'
  /** Nothing predicted / nothing gold at this place. */
  | 'none';

export interface Mismatch {
  mention: ScoredMention;
  diagnosis: Diagnosis;
  /** The prediction (for a miss) or gold mention (for a false mark) it was confused with. */
  counterpart?: ScoredMention;
}

export interface ScoreReport {
  overall: Prf;
  byType: Map<string, Prf>;
  misses: Mismatch[];
  falseMarks: Mismatch[];
}

const cited = (m: ScoredMention) =>
  `${m.article === undefined ? '' : normalizeArticle(m.article)}/${m.chapter === undefined ? '' : normalizeArticle(m.chapter)}`;
const keyOf = (m: ScoredMention) => `${m.doc}\u0000${m.block}:${m.start}:${m.end}:${m.entityId}#${cited(m)}`;

export function prf(tp: number, gold: number, predicted: number): Prf {
  // An empty side scores 1: no predictions means no false marks, no gold means nothing to miss.
  const precision = predicted === 0 ? 1 : tp / predicted;
  const recall = gold === 0 ? 1 : tp / gold;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { tp, gold, predicted, precision, recall, f1 };
}

export function score(gold: readonly ScoredMention[], predicted: readonly ScoredMention[]): ScoreReport {
  const goldKeys = new Map(gold.map((g) => [keyOf(g), g]));
  const predictedKeys = new Map(predicted.map((p) => [keyOf(p), p]));
  const hits = new Set([...goldKeys.keys()].filter((k) => predictedKeys.has(k)));

  const counts = new Map<string, { tp: number; gold: number; predicted: number }>();
  const count = (type: string) => {
    let c = counts.get(type);
    if (!c) counts.set(type, (c = { tp: 0, gold: 0, predicted: 0 }));
    return c;
  };
  for (const [k, g] of goldKeys) {
    count(g.type).gold++;
    if (hits.has(k)) count(g.type).tp++;
  }
  for (const p of predictedKeys.values()) count(p.type).predicted++;

  const byType = new Map(
    [...counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([t, c]) => [t, prf(c.tp, c.gold, c.predicted)]),
  );
  const overall = prf(hits.size, goldKeys.size, predictedKeys.size);

  const misses = [...goldKeys]
    .filter(([k]) => !hits.has(k))
    .map(([, g]) => diagnose(g, [...predictedKeys].filter(([k]) => !hits.has(k)).map(([, p]) => p)));
  const falseMarks = [...predictedKeys]
    .filter(([k]) => !hits.has(k))
    .map(([, p]) => diagnose(p, [...goldKeys].filter(([k]) => !hits.has(k)).map(([, g]) => g)));
  return { overall, byType, misses, falseMarks };
}

/** How `m` relates to the unmatched mentions on the other side, most telling relation first. */
function diagnose(m: ScoredMention, others: readonly ScoredMention[]): Mismatch {
  const near = others.filter((o) => o.doc === m.doc && o.block === m.block && o.start < m.end && m.start < o.end);
  const sameSpan = near.filter((o) => o.start === m.start && o.end === m.end);
  const sameEntity = sameSpan.find((o) => o.entityId === m.entityId);
  if (sameEntity) return { mention: m, diagnosis: 'wrong-article', counterpart: sameEntity };
  if (sameSpan[0]) return { mention: m, diagnosis: 'wrong-entity', counterpart: sameSpan[0] };
  const boundary = near.find((o) => o.entityId === m.entityId);
  if (boundary) return { mention: m, diagnosis: 'boundary', counterpart: boundary };
  if (near[0]) return { mention: m, diagnosis: 'overlap-other', counterpart: near[0] };
  return { mention: m, diagnosis: 'none' };
}
