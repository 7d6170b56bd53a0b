/**
 * Turns a raw treaty text (the Dutch treaty database's bilingual Markdown conversion) into clean
 * official English articles for the knowledge base.
 *
 * The conversion left systematic flaws (see shared/data/treaties/README.md). Each is fixed here by
 * a general rule, never by patching a particular article:
 * - words run together at former line joins ("determinedto", "andBeing"): a token that is not an
 *   English word is split where both halves are words and one half is a short function word;
 * - missing spaces after punctuation and list markers ("1.To", "(a)Killing", "Parties,Having");
 * - lost hyphens ("selfdefense"): a list of compounds the official texts print hyphenated;
 * - stray Dutch function words in the English text ("bij" for "by");
 * - the HTML meta line, Dutch headings and the Dutch half of the document, Markdown links and
 *   emphasis.
 *
 * Everything here is pure (the word list is passed in) so the rules can be tested on small inputs.
 */
import type { TreatyArticle } from '../shared/kb-schema';

/** Short words that a lost line break most often glued onto a neighbour ("determinedto"). */
export const JOIN_FUNCTION_WORDS: ReadonlySet<string> = new Set([
  'a', 'an', 'and', 'as', 'at', 'be', 'by', 'for', 'from', 'in', 'into', 'is', 'its', 'of', 'on',
  'or', 'shall', 'that', 'the', 'their', 'to', 'which', 'with',
]);

/**
 * Compounds the official English texts print with a hyphen, keyed by the run-together form the
 * conversion produced. "self-defence" keeps the official British spelling even where the
 * conversion americanised it.
 */
export const KNOWN_HYPHENATED: Readonly<Record<string, string>> = {
  selfdefense: 'self-defence',
  selfdefence: 'self-defence',
  selfdetermination: 'self-determination',
  selfgovernment: 'self-government',
  selfgoverning: 'self-governing',
  selfhelp: 'self-help',
  peaceloving: 'peace-loving',
  wellbeing: 'well-being',
  airforce: 'air-force',
  subcommittee: 'sub-committee',
  subcommittees: 'sub-committees',
  nonmember: 'non-member',
  nonmembers: 'non-members',
  nongovernmental: 'non-governmental',
  nonpermanent: 'non-permanent',
  nonnuclear: 'non-nuclear',
};

/**
 * Dutch function words that leaked into the English text, with their English equivalents. Only
 * words that are not also English words are listed, so a real English "van" is never touched.
 */
export const STRAY_DUTCH: Readonly<Record<string, string>> = {
  bij: 'by',
  voor: 'for',
  naar: 'to',
};

/** Headings that open the Dutch half of a bilingual document. */
const DUTCH_HEADING = /^#+\s*(Artikel|Hoofdstuk)\b/i;

function matchCase(original: string, replacement: string): string {
  if (original[0] && original[0] === original[0].toUpperCase() && /[A-Z]/.test(original[0])) {
    return replacement[0]!.toUpperCase() + replacement.slice(1);
  }
  return replacement;
}

/**
 * Splits one token glued at a lost line break, or returns it unchanged. A token is split only if
 * it is not itself a word, both halves are words, and one half is a function word; with several
 * candidates the split with the longest function word wins ("andthe" → "and the").
 */
export function splitJoinedToken(token: string, words: ReadonlySet<string>): string {
  const lower = token.toLowerCase();
  if (lower.length < 3 || words.has(lower) || !/^[a-z]+$/.test(lower)) return token;
  let best: { at: number; score: number } | undefined;
  for (let at = 1; at < lower.length; at++) {
    const left = lower.slice(0, at);
    const right = lower.slice(at);
    if (!words.has(left) || !words.has(right)) continue;
    const fn = Math.max(
      JOIN_FUNCTION_WORDS.has(left) ? left.length : 0,
      JOIN_FUNCTION_WORDS.has(right) ? right.length : 0,
    );
    if (fn === 0) continue;
    // Prefer the longer function word, then the longer content word.
    const score = fn * 100 + Math.max(left.length, right.length);
    if (!best || score > best.score) best = { at, score };
  }
  if (!best) return token;
  return `${token.slice(0, best.at)} ${token.slice(best.at)}`;
}

/** Cleans one paragraph of English treaty text. */
export function cleanParagraph(input: string, words: ReadonlySet<string>): string {
  let s = input.trim();
  // Markdown links keep their text; emphasis markers go ("*ipso facto*", "(*a*)").
  s = s.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
  s = s.replace(/\*+([^*]+?)\*+/g, '$1');
  // List markers at the start of a paragraph: "1.To", "1.  Each", "a.promoting", "(a)Killing".
  s = s.replace(/^(\d{1,3}|[a-z])\.\s*(?=\S)/, '$1. ');
  s = s.replace(/^\(([a-z]{1,4}|\d{1,3})\)\s*(?=\S)/i, '($1) ');
  // Missing space after sentence and clause punctuation ("aims.Accordingly", "Parties,Having").
  // Two letters or digits before the dot ("XI.The") keep abbreviations such as "U.S.A." intact.
  s = s.replace(/(?<=[A-Za-z0-9]{2}|[)\]’”])\.(?=[A-Z])/g, '. ');
  s = s.replace(/([A-Za-z)\]’”])([,;:])(?=[A-Za-z(“‘])/g, '$1$2 ');
  s = s.replace(/\)(?=[A-Za-z])/g, ') ');
  // A stray full stop before a cross-reference: "referred to in. Article 43".
  s = s.replace(/\b(in|of|to|under|by|with)\. (?=Articles? \w)/g, '$1 ');
  // Words glued across a lost line break, first where the case changes ("andBeing").
  s = s.replace(/\b([a-z]{2,})([A-Z][a-z]+)\b/g, (m, left: string, right: string) =>
    words.has(left) && words.has(right.toLowerCase()) ? `${left} ${right}` : m,
  );
  s = s.replace(/\p{L}+/gu, (token) => {
    const lower = token.toLowerCase();
    const hyphenated = KNOWN_HYPHENATED[lower];
    if (hyphenated) return matchCase(token, hyphenated);
    const dutch = STRAY_DUTCH[lower];
    if (dutch && !words.has(lower)) return matchCase(token, dutch);
    return splitJoinedToken(token, words);
  });
  // Whitespace: single spaces, none before punctuation.
  s = s.replace(/[ \t\u00a0]+/g, ' ').replace(/ ([,;:.])/g, '$1');
  return s.trim();
}

export interface ParsedTreaty {
  articles: TreatyArticle[];
  /** Tokens that are not in the word list and could not be repaired: check them by hand. */
  unknownWords: string[];
}

export interface ParseOptions {
  /** Word list (lower-case) used to recognise run-together words. */
  words: ReadonlySet<string>;
}

const ARTICLE_HEADING = /^#{2,4}\s*Article\s+([0-9]+|[IVXLC]+)\s*$/i;
const CHAPTER_HEADING = /^#{2,4}\s*CHAPTER\s+([IVXLC]+)\s*$/i;
const ROMAN = /^[IVXLC]+$/;

/**
 * Extracts the English articles from a raw bilingual treaty document.
 *
 * The English half runs from the top to the first Dutch article or chapter heading. An article's
 * body is every paragraph between its heading and the next heading of any level; the preamble and
 * sub-headings are skipped. Chapter headings ("### CHAPTER VII" + "####Title") set `chapter`.
 */
export function parseRawTreaty(raw: string, options: ParseOptions): ParsedTreaty {
  const lines = raw.replace(/\r\n?/g, '\n').split('\n');
  const articles: TreatyArticle[] = [];
  let current: { number: string; chapter?: string; paragraphs: string[] } | undefined;
  let chapterNumber: string | undefined;
  let chapter: string | undefined;
  let expectChapterTitle = false;

  const flush = () => {
    if (current && current.paragraphs.length > 0) {
      const article: TreatyArticle = {
        number: current.number,
        kind: 'official',
        text: current.paragraphs.join('\n\n'),
      };
      if (current.chapter) article.chapter = current.chapter;
      articles.push(article);
    }
    current = undefined;
  };

  for (const rawLine of lines) {
    const line = rawLine.trim();
    if (DUTCH_HEADING.test(line)) break;
    if (line.startsWith('<')) continue; // HTML meta line
    if (line.startsWith('#')) {
      const article = ARTICLE_HEADING.exec(line);
      const chapterMatch = CHAPTER_HEADING.exec(line);
      if (article) {
        flush();
        const number = article[1]!;
        current = { number: ROMAN.test(number.toUpperCase()) ? number.toUpperCase() : number, paragraphs: [] };
        if (chapter) current.chapter = chapter;
        expectChapterTitle = false;
      } else if (chapterMatch) {
        flush();
        chapterNumber = chapterMatch[1]!.toUpperCase();
        chapter = `Chapter ${chapterNumber}`;
        expectChapterTitle = true;
      } else {
        // Any other heading (title, sub-heading, annexed resolution) ends the current article.
        if (expectChapterTitle && chapterNumber) {
          const title = cleanParagraph(line.replace(/^#+/, ''), options.words);
          chapter = `Chapter ${chapterNumber}: ${title}`;
          expectChapterTitle = false;
        }
        flush();
      }
      continue;
    }
    if (line === '') continue;
    if (current) current.paragraphs.push(cleanParagraph(line, options.words));
  }
  flush();

  const unknown = new Set<string>();
  for (const article of articles) {
    for (const token of article.text.match(/\p{L}+/gu) ?? []) {
      // Capitalised tokens are names ("Moscow"), roman numerals number lists: not words to check.
      const isWord = token.length > 1 && token === token.toLowerCase() && !/^[ivxlc]+$/.test(token);
      if (isWord && !options.words.has(token)) {
        unknown.add(token);
      }
    }
  }
  return { articles, unknownWords: [...unknown].sort() };
}

/** Parses a word list file: one word a line, `#` starts a comment. */
export function parseWordList(text: string): Set<string> {
  const words = new Set<string>();
  for (const line of text.split('\n')) {
    const word = line.replace(/#.*/, '').trim().toLowerCase();
    if (word) words.add(word);
  }
  return words;
}
