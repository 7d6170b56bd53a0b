/**
 * Per-code-unit facts for the scanner (scanner.ts): one table entry per BMP code unit holding its
 * class and its key form, so that scanning is one array read per character and no regex runs in
 * the loop.
 *
 * An entry is filled in lazily the first time the unit is seen (`learn`), so that waking the
 * service worker up costs nothing. Readers that skip the `|| learn(c)` in a hot loop treat an
 * empty entry (0) as "not the fast case" and take a path that learns it.
 */
import { APOSTROPHES, foldToken } from '../shared/text-normalize';

// One table entry per BMP code unit: bits 0-15 its fold (when it is one unit), the rest its class.
export const FOLD_BITS = 0xffff;
const KNOWN = 1 << 16;
/** \p{L} or \p{M}: part of a word. */
export const LETTER = 1 << 17;
/** \p{N}: part of a number. */
export const DIGIT = 1 << 18;
/** \p{Lu}: may start a dotted abbreviation. */
export const UPPER = 1 << 19;
/** Whitespace, hyphens and the en dash: words separated only by these are one phrase. */
export const SPACE = 1 << 20;
export const APOSTROPHE = 1 << 21;
export const HIGH_SURROGATE = 1 << 22;
/** The key of a word containing this unit needs `foldToken` (see scanner.ts). */
export const COMPLEX = 1 << 23;
/** Folds to nothing (combining marks). */
export const EMPTY = 1 << 24;
/** \p{L} or \p{N}: a letter or digit right after "'s" means it is not a possessive. */
export const ALNUM = 1 << 25;
/** Not ASCII: keeps such units out of the scanner's ASCII-only loop. */
export const NON_ASCII = 1 << 26;

/** Letters and digits that fold to one unit have exactly LETTER or DIGIT among these bits. */
export const FAST_MASK = LETTER | DIGIT | COMPLEX | EMPTY;
/** The same for ASCII letters and digits only. */
export const ASCII_MASK = FAST_MASK | NON_ASCII;

export const TABLE = new Int32Array(0x10000);
const ASTRAL = new Map<number, number>();

const LETTER_RE = /^[\p{L}\p{M}]$/u;
const DIGIT_RE = /^\p{N}$/u;
const UPPER_RE = /^\p{Lu}$/u;
const ALNUM_RE = /^[\p{L}\p{N}]$/u;
const SPACE_RE = /^[\s\u00a0\-\u2010\u2011\u2013]$/u;
const APOSTROPHE_RE = new RegExp(`^${APOSTROPHES.source}$`, 'u');
const MARKS_RE = /\p{M}+/gu;
const CAPITAL_SIGMA = '\u03a3';

function classify(ch: string): number {
  let info = KNOWN;
  if (LETTER_RE.test(ch)) info |= LETTER;
  if (DIGIT_RE.test(ch)) info |= DIGIT;
  if (UPPER_RE.test(ch)) info |= UPPER;
  if (ALNUM_RE.test(ch)) info |= ALNUM;
  if (SPACE_RE.test(ch)) info |= SPACE;
  if (APOSTROPHE_RE.test(ch)) info |= APOSTROPHE;
  return info;
}

/** Fills in the table entry of BMP code unit `c`. */
export function learn(c: number): number {
  let info: number;
  if (c >= 0xd800 && c <= 0xdfff) {
    // A surrogate on its own is no letter; a pair is looked at as a whole (astralInfo).
    info = KNOWN | COMPLEX | (c <= 0xdbff ? HIGH_SURROGATE : 0);
  } else {
    const ch = String.fromCharCode(c);
    info = classify(ch);
    const folded = foldToken(ch);
    if (folded.length === 0) info |= EMPTY;
    else if (folded.length > 1 || ch.normalize('NFKD').replace(MARKS_RE, '').includes(CAPITAL_SIGMA)) info |= COMPLEX;
    else info |= folded.charCodeAt(0);
  }
  if (c >= 0x80) info |= NON_ASCII;
  TABLE[c] = info;
  return info;
}

/** Class of the astral code point whose high surrogate is at p (0 when text[p + 1] is no low surrogate). */
export function astralInfo(text: string, p: number): number {
  const low = text.charCodeAt(p + 1);
  if (!(low >= 0xdc00 && low <= 0xdfff)) return 0;
  const cp = ((text.charCodeAt(p) - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
  let info = ASTRAL.get(cp);
  if (info === undefined) ASTRAL.set(cp, (info = classify(String.fromCodePoint(cp)) | COMPLEX | NON_ASCII));
  return info;
}

/** Table entry of code unit c (NaN, past the end of a text: 0). */
export const infoOf = (c: number): number => (c >= 0 ? TABLE[c] || learn(c) : 0);
