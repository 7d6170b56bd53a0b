/**
 * The word scanner behind `tokenize` and the compiled matcher: one pass over the UTF-16 code units
 * of a text, no regular expressions and no allocation per word.
 *
 * The rules are those of tokenize.ts (see there). How they are made fast:
 * - every BMP code unit has an entry in `TABLE`: its class (letter or mark, digit, capital, space
 *   or hyphen, apostrophe, high surrogate) and its key form (NFKC, diacritics removed,
 *   lower-cased — `foldToken` of the character alone), filled in lazily the first time the unit is
 *   seen, so that waking up costs nothing;
 * - a word's key is the concatenation of its units' folds, because foldToken(s) is
 *   lower(strip marks(NFKD(s))) and NFKD works character by character. Where that does not hold or
 *   is not one unit per character — capital sigma (its lower case depends on the next letter),
 *   astral characters, folds that expand ("ﬁ" → "fi", Hangul) — the word is flagged `complex` and
 *   its key is computed by `foldToken` itself;
 * - while scanning, the key's FNV-1a hash (the hash of string-table.ts) is computed and its units
 *   are kept in a scratch buffer, so that the vocabulary can be searched without building a string.
 */
import { APOSTROPHES, foldToken } from '../shared/text-normalize';

// One table entry per BMP code unit: bits 0-15 its fold (when it is one unit), the rest its class.
const FOLD_BITS = 0xffff;
const KNOWN = 1 << 16;
/** \p{L} or \p{M}: part of a word. */
const LETTER = 1 << 17;
/** \p{N}: part of a number. */
const DIGIT = 1 << 18;
/** \p{Lu}: may start a dotted abbreviation. */
const UPPER = 1 << 19;
/** Whitespace, hyphens and the en dash: words separated only by these are one phrase. */
const SPACE = 1 << 20;
const APOSTROPHE = 1 << 21;
const HIGH_SURROGATE = 1 << 22;
/** The key of a word containing this unit needs `foldToken` (see above). */
const COMPLEX = 1 << 23;
/** Folds to nothing (combining marks). */
const EMPTY = 1 << 24;
/** \p{L} or \p{N}: a letter or digit right after "'s" means it is not a possessive. */
const ALNUM = 1 << 25;

/** Letters and digits that fold to one unit have exactly LETTER or DIGIT among these bits. */
const FAST_MASK = LETTER | DIGIT | COMPLEX | EMPTY;

const TABLE = new Int32Array(0x10000);
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
function learn(c: number): number {
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
  TABLE[c] = info;
  return info;
}

/** Class of the astral code point whose high surrogate is at p (0 when text[p + 1] is no low surrogate). */
function astralInfo(text: string, p: number): number {
  const low = text.charCodeAt(p + 1);
  if (!(low >= 0xdc00 && low <= 0xdfff)) return 0;
  const cp = ((text.charCodeAt(p) - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
  let info = ASTRAL.get(cp);
  if (info === undefined) ASTRAL.set(cp, (info = classify(String.fromCodePoint(cp)) | COMPLEX));
  return info;
}

/** Table entry of code unit c (NaN, past the end of a text: 0). */
const infoOf = (c: number): number => (c >= 0 ? TABLE[c] || learn(c) : 0);

export const GAP_NONE = 0;
export const GAP_SPACE = 1;
export const GAP_BREAK = 2;

export const KIND_WORD = 0;
export const KIND_NUMBER = 1;
export const KIND_ABBREVIATION = 2;

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;
const DOT = 0x2e;
const LOWER_S = 0x73;

/**
 * Iterates over the words of a text: `reset(text)`, then `while (next()) …` reads the current
 * word's fields. Not reentrant; one instance per user.
 */
export class Scanner {
  /** Folded key units of the current word, up to `capacity` of them (see `length`). */
  readonly units: Uint16Array;
  /** Number of folded key units (may exceed `capacity`; then `units` holds only the first ones). */
  length = 0;
  /** FNV-1a hash of the folded key (int32), valid unless `complex`. */
  hash = 0;
  /** The key needs `foldToken` (`key()`); `units`, `length` and `hash` are not valid. */
  complex = false;
  /** Every code unit of the word is ASCII: then its surface is its text. */
  ascii = true;
  start = 0;
  end = 0;
  gap = GAP_BREAK;
  kind = KIND_WORD;
  /** gap === GAP_BREAK (fields, not constants, for hot loops in other modules). */
  breakBefore = true;
  /** ascii and not an abbreviation: the surface is the text itself. */
  plain = true;
  /** kind === KIND_ABBREVIATION. */
  abbreviation = false;
  /** Words read so far (the current word's index is count - 1). */
  count = 0;

  private text = '';
  private pos = 0;
  private readonly capacity: number;

  constructor(capacity = 64) {
    this.capacity = capacity;
    this.units = new Uint16Array(capacity);
  }

  reset(text: string): void {
    this.text = text;
    this.pos = 0;
    this.count = 0;
  }

  /** Advances to the next word; false at the end of the text. */
  next(): boolean {
    const text = this.text;
    const n = text.length;
    const gapStart = this.pos;
    let p = gapStart;
    let c = 0;
    let x = 0;
    let spaceOnly = SPACE;
    // Skip to the first letter, mark or digit.
    for (;;) {
      if (p >= n) {
        this.pos = n;
        return false;
      }
      c = text.charCodeAt(p);
      x = TABLE[c] || learn(c);
      if (x & (LETTER | DIGIT)) break;
      if (x & HIGH_SURROGATE) {
        const astral = astralInfo(text, p);
        if (astral & (LETTER | DIGIT)) {
          x = astral;
          break;
        }
      }
      spaceOnly &= x;
      p++;
    }

    if (this.count === 0) this.gap = GAP_BREAK;
    else if (p === gapStart) this.gap = GAP_NONE;
    // One apostrophe between two words joins them (O'Brien).
    else if (p === gapStart + 1 && TABLE[text.charCodeAt(gapStart)]! & APOSTROPHE) this.gap = GAP_NONE;
    else this.gap = spaceOnly ? GAP_SPACE : GAP_BREAK;
    this.breakBefore = this.gap === GAP_BREAK;
    this.count++;
    this.start = p;

    if (x & UPPER && (text.charCodeAt(p + 1) === DOT || c >= 0xd800) && this.readAbbreviation(p)) {
      p = this.end;
    } else {
      // A run of letters (or of digits), folded as it is read.
      const cls = x & LETTER ? LETTER : DIGIT;
      this.kind = cls === LETTER ? KIND_WORD : KIND_NUMBER;
      this.abbreviation = false;
      const units = this.units;
      const capacity = this.capacity;
      let h = FNV_OFFSET;
      let length = 0;
      let seen = 0;
      let complex = false;
      x = TABLE[c]!; // for an astral first letter, back to its high surrogate's entry
      for (;;) {
        if ((x & FAST_MASK) === cls) {
          const u = x & FOLD_BITS;
          h = Math.imul(h ^ u, FNV_PRIME);
          if (length < capacity) units[length] = u;
          length++;
          seen |= c;
          if (++p >= n) break;
          c = text.charCodeAt(p);
          x = TABLE[c]!;
          continue;
        }
        if (x === 0) {
          x = learn(c);
          continue;
        }
        if (x & HIGH_SURROGATE) {
          if (!(astralInfo(text, p) & cls)) break;
          complex = true;
          seen |= c;
          p += 2;
        } else {
          if (!(x & cls)) break;
          seen |= c;
          if (x & COMPLEX) complex = true;
          else if (!(x & EMPTY)) {
            const u = x & FOLD_BITS;
            h = Math.imul(h ^ u, FNV_PRIME);
            if (length < capacity) units[length] = u;
            length++;
          }
          p++;
        }
        if (p >= n) break;
        c = text.charCodeAt(p);
        x = TABLE[c]!;
      }
      this.hash = h;
      this.length = length;
      this.complex = complex;
      this.ascii = this.plain = seen < 0x80;
      this.end = p;
    }
    // A possessive right after the word is skipped.
    this.pos = p < n && infoOf(text.charCodeAt(p)) & APOSTROPHE ? p + this.possessive(p) : p;
    return true;
  }

  /** Two or more "capital, dot" pairs from p ("U.N."): reads them as one word and returns true. */
  private readAbbreviation(p: number): boolean {
    const text = this.text;
    let q = p;
    let pairs = 0;
    for (;;) {
      let info = infoOf(text.charCodeAt(q));
      let size = 1;
      if (info & HIGH_SURROGATE) {
        info = astralInfo(text, q);
        size = 2;
      }
      if (!(info & UPPER) || text.charCodeAt(q + size) !== DOT) break;
      q += size + 1;
      pairs++;
    }
    if (pairs < 2) return false;
    // Fold the letters, skipping the dots.
    let h = FNV_OFFSET;
    let length = 0;
    let complex = false;
    let seen = 0;
    for (let r = p; r < q; r++) {
      const c = text.charCodeAt(r);
      if (c === DOT) continue;
      seen |= c;
      const x = infoOf(c);
      if (x & COMPLEX) complex = true;
      else if (!(x & EMPTY)) {
        const u = x & FOLD_BITS;
        h = Math.imul(h ^ u, FNV_PRIME);
        if (length < this.capacity) this.units[length] = u;
        length++;
      }
    }
    this.hash = h;
    this.length = length;
    this.complex = complex;
    this.ascii = seen < 0x80;
    this.plain = false;
    this.abbreviation = true;
    this.kind = KIND_ABBREVIATION;
    this.end = q;
    return true;
  }

  /** Length of the possessive ('s, ’s, ’) at `end`, right after a word, or 0. */
  private possessive(end: number): number {
    const text = this.text;
    const next = text.charCodeAt(end + 1);
    // Exactly the regex ^['’ʼ‘]s?(?![\p{L}\p{N}]) run on text.slice(end, end + 3).
    if (next === LOWER_S) {
      // "'s" followed by a letter is no possessive; and without the s, the s is that letter.
      return infoOf(text.charCodeAt(end + 2)) & ALNUM ? 0 : 2;
    }
    let info = infoOf(next);
    if (info & HIGH_SURROGATE) info = end + 2 < text.length ? astralInfo(text, end + 1) : 0;
    return info & ALNUM ? 0 : 1;
  }

  /** The word as tokenize.ts defines its surface: NFKC, abbreviation dots removed. */
  surface(): string {
    const raw = this.text.slice(this.start, this.end);
    if (this.kind === KIND_ABBREVIATION) return raw.replaceAll('.', '');
    return this.ascii ? raw : raw.normalize('NFKC');
  }

  /** The word's folded key (what `foldToken(surface())` gives). */
  key(): string {
    if (this.ascii && this.kind !== KIND_ABBREVIATION) return this.text.slice(this.start, this.end).toLowerCase();
    return foldToken(this.surface());
  }
}
