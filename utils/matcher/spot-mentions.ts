/**
 * Turns raw alias matches into linked mentions for one page (or one batch of it).
 *
 * Rules, in the order they run:
 * 1. an alias with one candidate that needs no context links directly;
 * 2. ambiguous or generic aliases ("mutual defense treaty", "Washington") are scored by how many
 *    of the page's other entities are related to each candidate in the KB, those in the same
 *    sentence counting twice; below one supporting entity, or on a tie, nothing is marked: a
 *    missed name is forgiven, a wrong mark is not;
 * 3. a capital stands for its government ("Moscow warned") unless it is used as a place
 *    ("in Pyongyang", "visited Budapest", a dateline): capital-rule.ts;
 * 4. the treaty-reference grammar (treaty-references.ts): "Article 51 of <treaty>", "NATO's
 *    Article 5", "the pact" referring back, "Chapter VII", treaty-shaped names not in the KB.
 */
import type { FindMentionsRequest, Mention } from '../shared/protocol';
import type { EntityType } from '../shared/kb-schema';
import type { AliasEntry, Matcher, RawMatch } from './matcher';
import { readCapital } from './capital-rule';
import { isInsideLargerName, nameGoesOn } from './name-boundaries';
import { inSameSentence } from './sentences';
import { isTitleCase } from './text-shape';
import { tokenize, type Token } from './tokenize';
import {
  findBareArticles,
  findBareChapters,
  findTreatyAnaphors,
  findUnknownTreaties,
  foundingTreaty,
  organisationArticle,
  widenToCitation,
} from './treaty-references';

/** Bare "Chapter VII" in news nearly always means the UN Charter's. */
const UN_CHARTER = 'un-charter';

export interface EntityInfo {
  type: EntityType;
  prominence: number;
  /** Entities related to this one in either direction (relations, parties, fact values). */
  neighbors: readonly string[];
  /**
   * Set for capital cities and seats of institutions: what the name often stands for (the
   * country's government; the EU for Brussels).
   */
  capitalOf?: string;
}

export interface SpotIndex {
  matcher: Matcher;
  info(id: string): EntityInfo | undefined;
}


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
    const text = blocks[block]!;
    const raws = index.matcher.match(text);
    const matched = new Set<number>();
    for (const r of raws) for (let i = r.firstToken; i <= r.lastToken; i++) matched.add(i);
    const headline = isTitleCase(tokens);
    for (const raw of raws) {
      // An acronym inside a line in capitals ("TELL US MORE") is a shouted word, not a name.
      const shouted = isShouted(tokens, raw.firstToken, raw.lastToken);
      const insideName = !headline && isInsideLargerName(text, tokens, raw, (i) => matched.has(i));
      const goesOn = insideName && nameGoesOn(tokens, raw, (i) => matched.has(i));
      const candidates = uniqueByEntity(
        raw.candidates.filter((c) => {
          if (shouted && c.caseSensitive) return false;
          const person = index.info(c.entityId)?.type === 'person';
          return !(insideName && !person) && !(goesOn && person && c.needsContext);
        }),
      );
      if (candidates.length) pending.push({ block, text, raw, candidates });
    }
  });

  // Rule 1: direct links, which also become the page's context (and their paragraph's).
  const linked = new Map<Pending, Mention>();
  const context = new Set(request.pageEntities ?? []);
  const blockLinks: DirectLink[][] = blocks.map(() => []);
  for (const p of pending) {
    const only = p.candidates.length === 1 ? p.candidates[0]! : undefined;
    const info = only && index.info(only.entityId);
    if (!only || only.needsContext || !info) continue;
    linked.set(p, toMention(p, only.entityId, info.type, { rule: 'alias' }, []));
    // A capital says its country too: "Seoul and Washington" speak of South Korea and the US.
    for (const id of info.capitalOf ? [only.entityId, info.capitalOf] : [only.entityId]) {
      context.add(id);
      blockLinks[p.block]!.push({ id, start: p.raw.start, end: p.raw.end });
    }
  }

  // Rule 2: context scoring for the rest.
  for (const p of pending) {
    if (linked.has(p)) continue;
    const sentence = sentenceContext(p, blockLinks[p.block]!);
    const ranked = p.candidates
      .map((c) => scoreCandidate(index, c.entityId, context, sentence))
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

  const ordered = [...linked.values()].sort(byPosition);
  const mentions: Mention[] = [];
  for (const m of ordered) mentions.push(applyCapitalRule(index, m, blocks[m.block]!, blockTokens[m.block]!, mentions.at(-1)));
  mentions.forEach((m, i) => (mentions[i] = organisationArticle(index, m, blocks[m.block]!)));
  mentions.push(...findTreatyAnaphors(blocks, blockTokens, mentions));
  const cited = mentions.map((m) => widenToCitation(m, blocks[m.block]!));
  cited.push(...findBareArticles(blocks, cited, impliedTreaties(index, cited)));
  cited.push(...findBareChapters(blocks, cited, index.info(UN_CHARTER) ? UN_CHARTER : undefined, context));
  cited.push(...findUnknownTreaties(blocks, blockTokens, cited));
  return cited.sort(byPosition);
}

/** "NATO members": an organisation's name also speaks of its founding treaty (its one KB treaty). */
function impliedTreaties(index: SpotIndex, mentions: readonly Mention[]): Mention[] {
  return mentions.flatMap((m) => {
    const treaty = m.type === 'treaty' || m.entityId === null ? undefined : foundingTreaty(index, m.entityId);
    return treaty ? [{ ...m, entityId: treaty, type: 'treaty' as const }] : [];
  });
}

interface Scored {
  id: string;
  type: EntityType;
  score: number;
  support: string[];
}

interface DirectLink {
  id: string;
  start: number;
  end: number;
}

/** The entities linked directly in the same sentence as a pending match. */
function sentenceContext(p: Pending, links: readonly DirectLink[]): Set<string> {
  const ids = new Set<string>();
  for (const l of links) if (inSameSentence(p.text, l, p.raw)) ids.add(l.id);
  return ids;
}

/**
 * What a person already named unambiguously on the page (by their full name) scores for that.
 * Persons only: news style names someone in full once and by a short name after, whereas a
 * common noun linked once ("sanctions package") does not make every later "sanctions" the term.
 */
const NAMED_ON_PAGE = 3;

/**
 * One point per related entity on the page, one more for each in the same sentence: an article
 * about Russia and North Korea may still say that "South Korea leans on its own Mutual Defense
 * Treaty with the United States", and there the sentence should win over the page. A person
 * the page already names in full scores more than any neighbour: after "Kim Yo Jong", a bare
 * "Kim" is her, although her brother is related to her and more prominent.
 */
function scoreCandidate(index: SpotIndex, id: string, context: ReadonlySet<string>, sentence: ReadonlySet<string>): Scored | undefined {
  const info = index.info(id);
  if (!info) return undefined;
  const support = info.neighbors.filter((n) => context.has(n)).sort();
  const local = support.filter((n) => sentence.has(n)).length;
  const named = info.type === 'person' && context.has(id) ? NAMED_ON_PAGE + (sentence.has(id) ? 1 : 0) : 0;
  return {
    id,
    type: info.type,
    score: named + support.length + local + 0.5 * info.prominence,
    support: named ? [id, ...support] : support,
  };
}

const byPosition = (a: Mention, b: Mention) => a.block - b.block || a.start - b.start;

/** A capital read as its government links the country and keeps the city as first alternative. */
function applyCapitalRule(index: SpotIndex, m: Mention, text: string, tokens: readonly Token[], previous: Mention | undefined): Mention {
  const capitalOf = m.entityId === null ? undefined : index.info(m.entityId)?.capitalOf;
  const country = capitalOf && index.info(capitalOf);
  if (!capitalOf || !country) return m;
  const first = tokens.findIndex((t) => t.start === m.start);
  if (readCapital(m.block, text, tokens, first, previous, index) === 'city') return m;
  return {
    ...m,
    entityId: capitalOf,
    type: country.type,
    reason: { ...m.reason, rule: 'capital-for-government' },
    alternatives: [m.entityId!, ...m.alternatives],
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

/** True when the words around a match are written in capitals too (a headline or a shout). */
function isShouted(tokens: readonly Token[], first: number, last: number): boolean {
  const neighbours = [tokens[first - 1], tokens[last + 1]].filter((t): t is Token => t !== undefined && t.gap !== 'break');
  return neighbours.length > 0 && neighbours.every((t) => t.surface.length > 1 && /^\p{Lu}+$/u.test(t.surface));
}
