/**
 * The treaty-reference grammar that runs on top of the alias matches:
 * - "Article 51 of the United Nations Charter", "Art. 5 of the North Atlantic Treaty",
 *   "Articles 2 and 51 of the Charter", "Chapter VII of the UN Charter": the treaty mention is
 *   widened to the cited article(s) or chapter;
 * - "NATO's Article 5": an organisation's article is the article of its founding treaty (the one
 *   treaty the KB relates it to);
 * - "the treaty", "the pact", "the deal": the treaty the page is about (named most often before
 *   it), and so "Article 4 of the treaty" cites that treaty; a bare "Article 4" too;
 * - "the Treaty of Rarotonga", "the Outer Space Treaty": a treaty-shaped name that the KB does not
 *   hold is still marked, as an unknown treaty reference (entityId null).
 */
import type { Mention } from '../shared/protocol';
import type { SpotIndex } from './spot-mentions';
import { inSameSentence } from './sentences';
import { isCapitalisedWord, isTitleCase } from './text-shape';
import type { Token } from './tokenize';

/** "the treaty", "the pact": any treaty. */
const GENERIC_ANAPHORS = new Set(['treaty', 'pact', 'agreement', 'accord', 'accords', 'deal']);
/** "the convention", "the statute": only a treaty named with that word. */
const SPECIFIC_ANAPHORS = new Set(['convention', 'statute', 'memorandum', 'charter', 'protocol']);
const TREATY_NOUNS = new Set(['Treaty', 'Convention', 'Accord', 'Accords', 'Agreement', 'Pact', 'Protocol', 'Charter', 'Memorandum']);
/** Lower-case words allowed inside a treaty's name ("Treaty on the Non-Proliferation of Nuclear Weapons"). */
const NAME_LINKERS = new Set(['of', 'on', 'the', 'and', 'for', 'in', 'to', 'between']);
/** Words that continue a treaty's name after its noun ("Treaty of Rarotonga", "Treaty on Open Skies"). */
const NAME_OPENERS = new Set(['of', 'on', 'between', 'for']);
const LIST_SEPARATOR = String.raw`\s*(?:,|and|or|&)\s*`;
/**
 * "2 and 51", "I and II": numbers of one kind only, so that in "Article 5 and I think…" the pronoun
 * is not Article I; nor is a lone "I" followed by a lower-case word other than "of" after a roman one.
 */
const ARABIC_LIST = String.raw`\d+(?:${LIST_SEPARATOR}\d+)*`;
const ROMAN_LIST = String.raw`[IVXLC]+(?:${LIST_SEPARATOR}(?:[IVXLC]{2,}|[VXLC]|I(?!\s+(?!of\b)[a-z])))*`;
const NUMBER_LIST = String.raw`(?:${ARABIC_LIST}|${ROMAN_LIST})`;
/** "Article 51 of (the) " / "Articles 2 and 51 of " / "Chapter VII of " right before a treaty name. */
const CITATION_BEFORE_RE = new RegExp(String.raw`\b(Articles?|Art\.|Chapter)\s+(${NUMBER_LIST})\s+of\s+(?:the\s+)?$`);
/** "'s Article 5" right after an organisation's name. */
const POSSESSIVE_ARTICLE_AFTER_RE = new RegExp(String.raw`^['’]s\s+(?:Articles?|Art\.)\s+(${NUMBER_LIST})\b`);
const BARE_CHAPTER_RE = /\bChapter\s+([IVXLC]+)\b/g;
const BARE_ARTICLE_RE = new RegExp(String.raw`\bArticles?\s+(${NUMBER_LIST})\b`, 'g');

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

/** The treaty an organisation stands on: the one treaty the KB relates it to (none if several). */
export function foundingTreaty(index: SpotIndex, id: string): string | undefined {
  const treaties = (index.info(id)?.neighbors ?? []).filter((n) => index.info(n)?.type === 'treaty');
  return treaties.length === 1 ? treaties[0] : undefined;
}

/** "NATO's Article 5" → Article 5 of the one treaty the KB relates NATO to. */
export function organisationArticle(index: SpotIndex, m: Mention, text: string): Mention {
  if (m.type === 'treaty' || m.entityId === null) return m;
  const after = POSSESSIVE_ARTICLE_AFTER_RE.exec(text.slice(m.end, m.end + 40));
  if (!after) return m;
  const treaty = foundingTreaty(index, m.entityId);
  if (!treaty) return m;
  const end = m.end + after[0].length;
  return {
    ...m,
    end,
    entityId: treaty,
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

/**
 * The treaty a back-reference means: the one referred to most often before it on the page (the
 * article's subject, not a treaty it merely cites), the most recent on a tie. `treaties` may hold
 * earlier back-references too: "the pact" twice counts twice.
 */
function salientTreaty(treaties: readonly Mention[], block: number, start: number, accepts: (t: Mention) => boolean = () => true): string | undefined {
  const counts = new Map<string, { count: number; last: Mention }>();
  for (const t of treaties) {
    if (t.entityId === null || !accepts(t)) continue;
    if (t.block > block || (t.block === block && t.start >= start)) continue;
    const c = counts.get(t.entityId);
    counts.set(t.entityId, { count: (c?.count ?? 0) + 1, last: c && byPosition(c.last, t) > 0 ? c.last : t });
  }
  let best: [string, { count: number; last: Mention }] | undefined;
  for (const entry of counts) {
    if (!best || entry[1].count > best[1].count || (entry[1].count === best[1].count && byPosition(entry[1].last, best[1].last) > 0)) best = entry;
  }
  return best?.[0];
}

/** A treaty that was named with `noun` ("the Paris Agreement" for "the agreement"). */
const namedWith = (noun: string) => (t: Mention) => t.reason.matched.toLowerCase().includes(noun);

/**
 * "the treaty", "the pact", "the deal": the salient treaty named before it on the page, and
 * among those preferably one named with the same noun ("the agreement" after both the Budapest
 * Memorandum and the Paris Agreement is the Paris Agreement). A specific noun ("the convention",
 * "the statute", "the memorandum") only refers to a treaty that was named with that word ("the
 * Genocide Convention", "the Rome Statute").
 */
export function findTreatyAnaphors(blocks: readonly string[], blockTokens: readonly Token[][], mentions: readonly Mention[]): Mention[] {
  const treaties = mentions.filter((m) => m.type === 'treaty' && m.entityId !== null);
  if (treaties.length === 0) return [];
  const covered = coverage(mentions);
  const found: Mention[] = [];
  blockTokens.forEach((tokens, block) => {
    const headline = isTitleCase(tokens);
    for (let i = 0; i + 1 < tokens.length; i++) {
      const the = tokens[i]!;
      const noun = tokens[i + 1]!;
      const nounKey = noun.key;
      const written = noun.surface === nounKey || headline;
      if (the.key !== 'the' || noun.gap !== 'space' || !written) continue;
      if (!GENERIC_ANAPHORS.has(nounKey) && !SPECIFIC_ANAPHORS.has(nounKey)) continue;
      if (covered(block, the.start, noun.end)) continue;
      const antecedent = GENERIC_ANAPHORS.has(nounKey)
        ? (salientTreaty(treaties, block, the.start, namedWith(nounKey)) ?? salientTreaty(treaties, block, the.start))
        : salientTreaty(treaties, block, the.start, namedWith(nounKey));
      if (!antecedent) continue;
      const mention: Mention = {
        block,
        start: the.start,
        end: noun.end,
        entityId: antecedent,
        type: 'treaty',
        reason: { rule: 'anaphora', matched: blocks[block]!.slice(the.start, noun.end) },
        alternatives: [],
      };
      found.push(mention);
      treaties.push(mention);
    }
  });
  return found;
}

/**
 * "Article 4", "Article IV", "Article 5-style" with no treaty named after them: an article of
 * the one treaty named in the same sentence, or implied there by its organisation ("Article
 * 5-style guarantees, as binding as the one Nato members give"); else of the salient treaty of
 * the page (the one named most often before, else on the whole page).
 */
export function findBareArticles(blocks: readonly string[], mentions: readonly Mention[], implied: readonly Mention[] = []): Mention[] {
  const treaties = mentions.filter((m) => m.type === 'treaty' && m.entityId !== null).sort(byPosition);
  if (treaties.length === 0 && implied.length === 0) return [];
  const covered = coverage(mentions);
  const named = [...treaties, ...implied];
  const lastBlock = blocks.length;
  const found: Mention[] = [];
  blocks.forEach((text, block) => {
    for (const m of text.matchAll(BARE_ARTICLE_RE)) {
      const start = m.index;
      const end = start + m[0].length;
      if (covered(block, start, end) || /^\s+of\b/.test(text.slice(end, end + 4))) continue;
      const treaty =
        sentenceTreaty(text, block, { start, end }, named) ??
        salientTreaty(treaties, block, start) ??
        salientTreaty(treaties, lastBlock, 0);
      if (!treaty) continue;
      found.push({
        block,
        start,
        end,
        entityId: treaty,
        type: 'treaty',
        article: normalizeNumbers(m[1]!),
        reason: { rule: 'treaty-article', matched: m[0] },
        alternatives: [],
      });
    }
  });
  return found;
}

/** The one treaty named (or implied) in the same sentence as a span, if exactly one is. */
function sentenceTreaty(text: string, block: number, span: { start: number; end: number }, treaties: readonly Mention[]): string | undefined {
  const ids = new Set(treaties.filter((t) => t.block === block && inSameSentence(text, t, span)).map((t) => t.entityId));
  return ids.size === 1 ? ([...ids][0] ?? undefined) : undefined;
}

const byPosition = (a: Mention, b: Mention) => a.block - b.block || a.start - b.start;

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
    // In a Title Case headline every noun is capitalised: "The Last Treaty Standing" names nothing.
    if (isTitleCase(tokens)) return;
    for (let i = 0; i < tokens.length; i++) {
      if (!TREATY_NOUNS.has(tokens[i]!.surface)) continue;
      let first = i;
      // "Chief Of Protocol", "Ministry For Treaty Affairs": a linking word right before the noun
      // means the noun is not the head of a name.
      const headless = NAME_LINKERS.has(tokens[i - 1]?.key ?? '');
      while (!headless && first > 0 && tokens[first]!.gap !== 'break' && isCapitalised(tokens[first - 1])) first--;
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

const isCapitalised = (token: Token | undefined): boolean => token !== undefined && isCapitalisedWord(token);
