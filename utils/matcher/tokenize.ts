/**
 * Splits text into word tokens for alias matching.
 *
 * Rules, each one a way names are really written in news copy:
 * - letters and digits form words; a letter/digit boundary splits ("155mm" → 155 | mm, "K9" → K | 9)
 *   so that "155mm", "155 mm" and "155-mm" all become the same token sequence;
 * - hyphens, en dashes and whitespace between words are equivalent ("Kim Jong-un" = "Kim Jong Un",
 *   "US–ROK" = "US-ROK"); an em dash is a break;
 * - a possessive 's / ’s / trailing ’ is not part of the name ("Putin's" → Putin);
 * - an apostrophe inside a name joins its parts (O'Brien);
 * - dotted capitals are one abbreviation ("U.N." → UN), keeping the dots inside the token's span.
 *
 * Precisely: tokens are the successive matches of /(?:\p{Lu}\.){2,}|[\p{L}\p{M}]+|\p{N}+/u, a
 * possessive /['’ʼ‘]s?(?![\p{L}\p{N}])/ right after a token is skipped, and the text between two
 * tokens is the gap. The implementation is the single-pass scanner in scanner.ts.
 */
import { GAP_BREAK, GAP_NONE, GAP_SPACE, Scanner } from './scanner';

/** What separates a token from the previous one: nothing, whitespace/hyphens, or anything else. */
export type Gap = 'none' | 'space' | 'break';

export interface Token {
  /** Folded form used as the lookup key (foldToken of the surface). */
  key: string;
  /** Surface form (NFKC, abbreviation dots removed) used for case-sensitive aliases. */
  surface: string;
  start: number;
  end: number;
  gap: Gap;
}

const scanner = new Scanner(0);
const GAPS: Gap[] = [];
GAPS[GAP_NONE] = 'none';
GAPS[GAP_SPACE] = 'space';
GAPS[GAP_BREAK] = 'break';

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  scanner.reset(text);
  while (scanner.next()) {
    const surface = scanner.surface();
    tokens.push({
      key: scanner.key(),
      surface,
      start: scanner.start,
      end: scanner.end,
      gap: GAPS[scanner.gap]!,
    });
  }
  return tokens;
}
