/**
 * The treaty-reference grammar that runs on top of the alias matches:
 * - "Article 51 of the United Nations Charter", "Art. 5 of the North Atlantic Treaty",
 *   "Articles 2 and 51 of the Charter", "Chapter VII of the UN Charter": the treaty mention is
 *   widened to the cited article(s) or chapter;
 * - "NATO's Article 5": an organisation's article is the article of its founding treaty (the one
 *   treaty the KB relates it to);
 * - "the treaty", "the pact", "the agreement": the last treaty named before it on the page, and
 *   so "Article 4 of the treaty" cites that treaty;
 * - "the Treaty of Rarotonga", "the Outer Space Treaty": a treaty-shaped name that the KB does not
 *   hold is still marked, as an unknown treaty reference (entityId null).
 */
import type { Mention } from '../shared/protocol';
import type { SpotIndex } from './spot-mentions';
import type { Token } from './tokenize';

const TREATY_ANAPHORS = new Set(['treaty', 'pact', 'agreement', 'accord']);
const TREATY_NOUNS = new Set(['Treaty', 'Convention', 'Accord', 'Accords', 'Agreement', 'Pact', 'Protocol', 'Charter', 'Memorandum']);
/** Lower-case words allowed inside a treaty's name ("Treaty on the Non-Proliferation of Nuclear Weapons"). */
const NAME_LINKERS = new Set(['of', 'on', 'the', 'and', 'for', 'in', 'to', 'between']);
/** Words that continue a treaty's name after its noun ("Treaty of Rarotonga", "Treaty on Open Skies"). */
const NAME_OPENERS = new Set(['of', 'on', 'between', 'for']);
const NUMBER = String.raw`(?:\d+|[IVXLC]+)`;
const NUMBER_LIST = String.raw`${NUMBER}(?:\s*(?:,|and|or|&)\s*${NUMBER})*`;
/** "Article 51 of (the) " / "Articles 2 and 51 of " / "Chapter VII of " right before a treaty name. */
const CITATION_BEFORE_RE = new RegExp(String.raw`\b(Articles?|Art\.|Chapter)\s+(${NUMBER_LIST})\s+of\s+(?:the\s+)?$`);
/** "'s Article 5" right after an organisation's name. */
const POSSESSIVE_ARTICLE_AFTER_RE = new RegExp(String.raw`^['’]s\s+(?:Articles?|Art\.)\s+(${NUMBER_LIST})\b`);
const BARE_CHAPTER_RE = /\bChapter\s+([IVXLC]+)\b/g;

/** "2 and 51" → "2,51" (the form `Mention.article` uses). */
export function normalizeNumbers(list: string): string {
  return list
    .split(/\s*(?:,|and|or|&)\s*/)
    .filter(Boolean)
    .join(',');
}

export function widenToCitation(m: Mention, text: string): Mention {
  if (m.type !== 'treaty' || m.entityId === null) return m;
  const before = CITATION_BEFORE_RE.exec(text.slice(Math.max(0, m.start - 60), m.start));
  if (!before) return m;
  const start = m.start - before[0].length;
  const numbers = normalizeNumbers(before[2]!);
  return {
    ...m,
    start,
    ...(before[1] === 'Chapter' ? { chapter: numbers } : { article: numbers }),
    reason: { ...m.reason, rule: 'treaty-article', matched: text.slice(start, m.end) },
  };
}

/** "NATO's Article 5" → Article 5 of the one treaty the KB relates NATO to. */
export function organisationArticle(index: SpotIndex, m: Mention, text: string): Mention {
  if (m.type === 'treaty' || m.entityId === null) return m;
  const after = POSSESSIVE_ARTICLE_AFTER_RE.exec(text.slice(m.end, m.end + 40));
  if (!after) return m;
  const treaties = (index.info(m.entityId)?.neighbors ?? []).filter((n) => index.info(n)?.type === 'treaty');
  if (treaties.length !== 1) return m;
  const end = m.end + after[0].length;
  return {
    ...m,
    end,
    entityId: treaties[0]!,
    type: 'treaty',
    article: normalizeNumbers(after[1]!),
    reason: { rule: 'treaty-article', matched: text.slice(m.start, end) },
    alternatives: [m.entityId],
  };
}

type Covered = (block: number, start: number, end: number) => boolean;

function coverage(mentions: readonly Mention[]): Covered {
  return (block, start, end) => mentions.some((m) => m.block === block && m.start < end && start < m.end);
}

/** "the treaty", "the pact": the most recent treaty mentioned before it on the page. */
export function findTreatyAnaphors(blocks: readonly string[], blockTokens: readonly Token[][], mentions: readonly Mention[]): Mention[] {
  const treaties = mentions.filter((m) => m.type === 'treaty' && m.entityId !== null);
  if (treaties.length === 0) return [];
  const covered = coverage(mentions);
  const found: Mention[] = [];
  blockTokens.forEach((tokens, block) => {
    for (let i = 0; i + 1 < tokens.length; i++) {
      const the = tokens[i]!;
      const noun = tokens[i + 1]!;
      if (the.key !== 'the' || noun.gap !== 'space' || !TREATY_ANAPHORS.has(noun.surface)) continue;
      if (covered(block, the.start, noun.end)) continue;
      const antecedent = treaties.filter((t) => t.block < block || (t.block === block && t.end <= the.start)).at(-1);
      if (!antecedent) continue;
      found.push({
        block,
        start: the.start,
        end: noun.end,
        entityId: antecedent.entityId,
        type: 'treaty',
        reason: { rule: 'anaphora', matched: blocks[block]!.slice(the.start, noun.end) },
        alternatives: [],
      });
    }
  });
  return found;
}

/** "Chapter VII" on a page that names the UN Charter (or the UN): that chapter of the Charter. */
export function findBareChapters(blocks: readonly string[], mentions: readonly Mention[], charterId: string | undefined, context: ReadonlySet<string>): Mention[] {
  if (!charterId || !(context.has(charterId) || context.has('united-nations'))) return [];
  const covered = coverage(mentions);
  const found: Mention[] = [];
  blocks.forEach((text, block) => {
    for (const m of text.matchAll(BARE_CHAPTER_RE)) {
      const start = m.index;
      const end = start + m[0].length;
      if (covered(block, start, end)) continue;
      found.push({
        block,
        start,
        end,
        entityId: charterId,
        type: 'treaty',
        chapter: m[1]!,
        reason: { rule: 'treaty-article', matched: m[0] },
        alternatives: [],
      });
    }
  });
  return found;
}

/**
 * Treaty-shaped names the KB does not hold: a capitalised treaty noun with capitalised words
 * before it ("the Outer Space Treaty") or "of" and capitalised words after it ("the Treaty of
 * Rarotonga"). Marked so the reader sees it is a treaty, with a card saying it is not in the KB.
 */
export function findUnknownTreaties(blocks: readonly string[], blockTokens: readonly Token[][], mentions: readonly Mention[]): Mention[] {
  const covered = coverage(mentions);
  const found: Mention[] = [];
  blockTokens.forEach((tokens, block) => {
    for (let i = 0; i < tokens.length; i++) {
      if (!TREATY_NOUNS.has(tokens[i]!.surface)) continue;
      let first = i;
      while (first > 0 && tokens[first]!.gap !== 'break' && isCapitalised(tokens[first - 1])) first--;
      let last = i;
      if (NAME_OPENERS.has(tokens[i + 1]?.surface ?? '') && tokens[i + 1]!.gap !== 'break') {
        let j = i + 2;
        while (j < tokens.length && tokens[j]!.gap !== 'break' && (isCapitalised(tokens[j]) || (NAME_LINKERS.has(tokens[j]!.surface) && isCapitalised(tokens[j + 1])))) j++;
        if (j > i + 2 && isCapitalised(tokens[j - 1])) last = j - 1;
      }
      // A lone "Treaty" (or "The Treaty" starting a sentence) is not a name.
      const named = tokens.slice(first, i).some((t) => t.key !== 'the') || last > i;
      if (!named) continue;
      const start = tokens[first]!.start;
      const end = tokens[last]!.end;
      i = last;
      if (covered(block, start, end)) continue;
      found.push({
        block,
        start,
        end,
        entityId: null,
        type: 'treaty',
        reason: { rule: 'treaty-name', matched: blocks[block]!.slice(start, end) },
        alternatives: [],
      });
    }
  });
  return found;
}

function isCapitalised(token: Token | undefined): boolean {
  const initial = token?.surface[0];
  return initial !== undefined && initial !== initial.toLowerCase();
}
