/**
 * Splits text into word tokens for alias matching.
 *
 * Rules, each one a way names are really written in news copy:
 * - letters and digits form words; a letter/digit boundary splits ("155mm" → 155 | mm, "K9" → K | 9)
 *   so that "155mm", "155 mm" and "155-mm" all become the same token sequence;
 * - hyphens and whitespace between words are equivalent ("Kim Jong-un" = "Kim Jong Un");
 * - a possessive 's / ’s / trailing ’ is not part of the name ("Putin's" → Putin);
 * - dotted capitals are one abbreviation ("U.N." → UN), keeping the dots inside the token's span.
 */
import { APOSTROPHES, foldToken } from '../shared/text-normalize';

/** What separates a token from the previous one: nothing, whitespace/hyphens, or anything else. */
export type Gap = 'none' | 'space' | 'break';

export interface Token {
  /** Folded form used as the lookup key. */
  key: string;
  /** Surface form (NFKC, abbreviation dots removed) used for case-sensitive aliases. */
  surface: string;
  start: number;
  end: number;
  gap: Gap;
}

// Order matters: dotted abbreviations first, then runs of letters, then runs of digits.
const TOKEN_RE = /(?:\p{Lu}\.){2,}|[\p{L}\p{M}]+|\p{N}+/gu;
// An apostrophe inside a name (O'Brien) joins its parts.
const INNER_GAP_RE = new RegExp(`^${APOSTROPHES.source}$`, 'u');
const SPACE_GAP_RE = /^[\s\u00a0\-\u2010\u2011]+$/u;
const POSSESSIVE_RE = new RegExp(`^${APOSTROPHES.source}s?(?![\\p{L}\\p{N}])`, 'u');

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = new RegExp(TOKEN_RE.source, TOKEN_RE.flags);
  let lastEnd = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const raw = m[0];
    const start = m.index;
    const end = start + raw.length;
    tokens.push({
      key: '',
      surface: raw.includes('.') ? raw.replaceAll('.', '') : raw.normalize('NFKC'),
      start,
      end,
      gap: tokens.length === 0 ? 'break' : classifyGap(text.slice(lastEnd, start)),
    });
    lastEnd = end;
    // A possessive suffix is neither a token nor a break before the next word.
    const possessive = POSSESSIVE_RE.exec(text.slice(end, end + 3));
    if (possessive) re.lastIndex = lastEnd = end + possessive[0].length;
  }
  for (const t of tokens) t.key = foldToken(t.surface);
  return tokens;
}

function classifyGap(between: string): Gap {
  if (between === '' || INNER_GAP_RE.test(between)) return 'none';
  return SPACE_GAP_RE.test(between) ? 'space' : 'break';
}

/** True when the token run [from, to] is written as one phrase (no punctuation in between). */
export function isContiguous(tokens: readonly Token[], from: number, to: number): boolean {
  for (let i = from + 1; i <= to; i++) if (tokens[i]!.gap === 'break') return false;
  return true;
}
