/**
 * Text normalisation shared by the matcher (background), the search index and the KB build
 * scripts, so that an alias written in a source file and the same words on a page or in the
 * popup's search box always reduce to the same key.
 */

const COMBINING_MARKS = /\p{M}+/gu;

/** NFKC, diacritics removed, lower-cased: "Zelenskyy" and "Zelenskyý" fold alike, "Kyiv" stays "kyiv". */
export function foldToken(token: string): string {
  return token.normalize('NFKC').normalize('NFD').replace(COMBINING_MARKS, '').toLowerCase();
}

/** Straight and typographic apostrophes mean the same in names ("North Korea’s"). */
export const APOSTROPHES = /['\u2019\u02bc\u2018]/;

/** A whole phrase folded to a search key: words joined by single spaces, punctuation dropped. */
export function foldPhrase(text: string): string {
  const words = text
    .normalize('NFKC')
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter(Boolean)
    .map(foldToken);
  return words.join(' ');
}
