/**
 * Turns raw alias matches into linked mentions for one page (or one batch of it).
 *
 * Rules, in the order they run:
 * 1. an alias with one candidate that needs no context links directly;
 * 2. ambiguous or generic aliases ("mutual defense treaty", "Washington") are scored by how many
 *    of the page's other entities are related to each candidate in the KB; below one supporting
 *    entity, or on a tie, nothing is marked: a missed name is forgiven, a wrong mark is not;
 * 3. a capital written on its own stands for its government ("Moscow warned") unless a place
 *    preposition precedes it ("in Pyongyang");
 * 4. "the treaty / the pact / the agreement" refers back to the last treaty named on the page;
 * 5. "Article 51 of <treaty>" widens a treaty mention to a reference to that article.
 */
import type { FindMentionsRequest, Mention } from '../shared/protocol';
import type { EntityType } from '../shared/kb-schema';
import type { AliasEntry, Matcher, RawMatch } from './matcher';
import { tokenize, type Token } from './tokenize';

export interface EntityInfo {
  type: EntityType;
  prominence: number;
  /** Entities related to this one in either direction (relations, parties, fact values). */
  neighbors: readonly string[];
  /** Set for capital cities: the country whose government the name often stands for. */
  capitalOf?: string;
}

export interface SpotIndex {
  matcher: Matcher;
  info(id: string): EntityInfo | undefined;
}

const PLACE_PREPOSITIONS = new Set(['in', 'at', 'near', 'to', 'from', 'into', 'outside', 'around', 'across', 'of']);
const TREATY_ANAPHORS = new Set(['treaty', 'pact', 'agreement', 'accord']);
const ARTICLE_BEFORE_RE = /\b(?:Articles?|Art\.)\s+(\d+|[IVXLC]+)\s+of\s+(?:the\s+)?$/;

interface Pending {
  block: number;
  text: string;
  raw: RawMatch;
  /** Candidates by entity, one entry each. */
  candidates: AliasEntry[];
}

export function spotMentions(index: SpotIndex, request: FindMentionsRequest): Mention[] {
  const { blocks } = request;
  const pending: Pending[] = [];
  const blockTokens = blocks.map((text) => tokenize(text));
  blockTokens.forEach((tokens, block) => {
    for (const raw of index.matcher.match(tokens)) {
      pending.push({ block, text: blocks[block]!, raw, candidates: uniqueByEntity(raw.candidates) });
    }
  });

  // Rule 1: direct links, which also become the page's context.
  const linked = new Map<Pending, Mention>();
  const context = new Set(request.pageEntities ?? []);
  for (const p of pending) {
    const only = p.candidates.length === 1 ? p.candidates[0]! : undefined;
    const info = only && index.info(only.entityId);
    if (!only || only.needsContext || !info) continue;
    linked.set(p, toMention(p, only.entityId, info.type, { rule: 'alias' }, []));
    context.add(only.entityId);
  }

  // Rule 2: context scoring for the rest.
  for (const p of pending) {
    if (linked.has(p)) continue;
    const ranked = p.candidates
      .map((c) => scoreCandidate(index, c.entityId, context))
      .filter((s): s is Scored => s !== undefined)
      .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
    const [best, second] = ranked;
    if (!best || best.support.length === 0 || (second && second.score === best.score)) continue;
    linked.set(
      p,
      toMention(
        p,
        best.id,
        best.type,
        { rule: 'context', score: round(best.score), supportedBy: best.support },
        ranked.slice(1).map((r) => r.id),
      ),
    );
  }

  const mentions = [...linked.values()].map((m) => applyCapitalRule(index, m, blockTokens[m.block]!));
  mentions.push(...findTreatyAnaphors(index, blocks, blockTokens, mentions));
  return mentions
    .map((m) => widenToArticle(m, blocks[m.block]!))
    .sort((a, b) => a.block - b.block || a.start - b.start);
}

interface Scored {
  id: string;
  type: EntityType;
  score: number;
  support: string[];
}

function scoreCandidate(index: SpotIndex, id: string, context: ReadonlySet<string>): Scored | undefined {
  const info = index.info(id);
  if (!info) return undefined;
  const support = info.neighbors.filter((n) => context.has(n)).sort();
  return { id, type: info.type, score: support.length + 0.5 * info.prominence, support };
}

function applyCapitalRule(index: SpotIndex, m: Mention, tokens: Token[]): Mention {
  const capitalOf = index.info(m.entityId)?.capitalOf;
  const country = capitalOf && index.info(capitalOf);
  if (!capitalOf || !country) return m;
  const firstToken = tokens.findIndex((t) => t.start === m.start);
  const before = tokens[firstToken - 1];
  if (before && PLACE_PREPOSITIONS.has(before.key)) return m;
  return {
    ...m,
    entityId: capitalOf,
    type: country.type,
    reason: { ...m.reason, rule: 'capital-for-government' },
    alternatives: [m.entityId, ...m.alternatives],
  };
}

/** "the treaty", "the pact": the most recent treaty mentioned before it on the page. */
function findTreatyAnaphors(
  index: SpotIndex,
  blocks: readonly string[],
  blockTokens: readonly Token[][],
  mentions: readonly Mention[],
): Mention[] {
  const treaties = mentions.filter((m) => m.type === 'treaty');
  if (treaties.length === 0) return [];
  const covered = (block: number, start: number) =>
    mentions.some((m) => m.block === block && m.start <= start && start < m.end);
  const found: Mention[] = [];
  blockTokens.forEach((tokens, block) => {
    for (let i = 0; i + 1 < tokens.length; i++) {
      const the = tokens[i]!;
      const noun = tokens[i + 1]!;
      if (the.key !== 'the' || noun.gap !== 'space' || !TREATY_ANAPHORS.has(noun.surface)) continue;
      if (covered(block, noun.start)) continue;
      const antecedent = treaties
        .filter((t) => t.block < block || (t.block === block && t.end <= the.start))
        .at(-1);
      if (!antecedent || !index.info(antecedent.entityId)) continue;
      const matched = blocks[block]!.slice(the.start, noun.end);
      found.push({
        block,
        start: the.start,
        end: noun.end,
        entityId: antecedent.entityId,
        type: 'treaty',
        reason: { rule: 'anaphora', matched },
        alternatives: [],
      });
    }
  });
  return found;
}

function widenToArticle(m: Mention, text: string): Mention {
  if (m.type !== 'treaty') return m;
  const before = ARTICLE_BEFORE_RE.exec(text.slice(Math.max(0, m.start - 40), m.start));
  if (!before) return m;
  const start = m.start - before[0].length;
  return {
    ...m,
    start,
    article: before[1]!,
    reason: { ...m.reason, rule: 'treaty-article', matched: text.slice(start, m.end) },
  };
}

function toMention(
  p: Pending,
  entityId: string,
  type: EntityType,
  reason: Omit<Mention['reason'], 'matched'>,
  alternatives: string[],
): Mention {
  return {
    block: p.block,
    start: p.raw.start,
    end: p.raw.end,
    entityId,
    type,
    reason: { ...reason, matched: p.text.slice(p.raw.start, p.raw.end) },
    alternatives,
  };
}

function uniqueByEntity(candidates: readonly AliasEntry[]): AliasEntry[] {
  const byId = new Map<string, AliasEntry>();
  for (const c of candidates) {
    const seen = byId.get(c.entityId);
    // If any alias of the entity matches without needing context, the match needs none.
    if (!seen || (seen.needsContext && !c.needsContext)) byId.set(c.entityId, c);
  }
  return [...byId.values()];
}

const round = (n: number) => Math.round(n * 100) / 100;
