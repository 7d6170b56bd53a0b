/** Small facts about how a block of text is written, used by several spotting rules. */
import type { Token } from './tokenize';

const isCapitalisedWord = (t: Token) => /^\p{Lu}/u.test(t.surface) && /\p{L}/u.test(t.surface);

/**
 * A headline or heading in Title Case ("A Warning Shot Aimed At Seoul"): capitals there say
 * nothing about names, so rules that read capitals stand down. Three quarters or more of its
 * words (two letters or longer, small words included) are capitalised; prose, even full of
 * names ("They cited the Treaty of Rarotonga"), stays well below because of its small words.
 */
export function isTitleCase(tokens: readonly Token[]): boolean {
  const words = tokens.filter((t) => t.surface.length >= 2 && /^\p{L}+$/u.test(t.surface));
  if (words.length < 3) return false;
  return words.filter(isCapitalisedWord).length / words.length >= 0.75;
}

/**
 * A dateline or byline ("Pacific Wire staff · Seoul and Tokyo · October 31", "By Clara
 * Benedetti, Vienna"): a short block that names where the story was written.
 */
export function isByline(text: string, tokens: readonly Token[]): boolean {
  if (tokens.length > 14 || /[.!?]["”’]?\s*$/.test(text.trim())) return false;
  return /[·|•]/.test(text) || /^\s*By\s+\p{Lu}/u.test(text);
}

/** True when token i starts a sentence (first in the block or after . ! ? : or an opening quote). */
export function startsSentence(text: string, tokens: readonly Token[], i: number): boolean {
  if (i === 0) return true;
  const between = text.slice(tokens[i - 1]!.end, tokens[i]!.start);
  return /[.!?:;"“(—–-]\s*["“‘(]?\s*$/.test(between) && /\S/.test(between);
}

export { isCapitalisedWord };
