/**
 * The word scanner behind `tokenize` and the compiled matcher: one pass over the UTF-16 code units
 * of a text, no regular expressions and no allocation per word.
 *
 * The rules are those of tokenize.ts (see there). How they are made fast:
 * - every BMP code unit has an entry in `TABLE` (char-table.ts): its class (letter or mark, digit,
 *   capital, space or hyphen, apostrophe, high surrogate) and its key form (NFKC, diacritics
 *   removed, lower-cased — `foldToken` of the character alone), filled in lazily the first time the
 *   unit is seen, so that waking up costs nothing;
 * - a word's key is the concatenation of its units' folds, because foldToken(s) is
 *   lower(strip marks(NFKD(s))) and NFKD works character by character. Where that does not hold or
 *   is not one unit per character — capital sigma (its lower case depends on the next letter),
 *   astral characters, folds that expand ("ﬁ" → "fi", Hangul) — the word is flagged `complex` and
 *   its key is computed by `foldToken` itself;
 * - while scanning, the key's FNV-1a hash (the hash of string-table.ts) is computed and its units
 *   are kept in a scratch buffer, so that the vocabulary can be searched without building a string;
 * - `nextWord` reads plain ASCII words (most of a page) in a tighter loop still, for the matcher's
 *   commonest question: which is the next word that starts an alias?
 */
import {
  ALNUM,
  APOSTROPHE,
  astralInfo,
  COMPLEX,
  DIGIT,
  EMPTY,
  FAST_MASK,
  FOLD_BITS,
  HIGH_SURROGATE,
  infoOf,
  learn,
  LETTER,
  SPACE,
  TABLE,
  UPPER,
} from './char-table';
import { foldToken } from '../shared/text-normalize';
import { slotIndex, slotTagMatches, type StringTable } from './string-table';
import { asciiPossessive, asciiRun, FNV_OFFSET, FNV_PRIME, pairMayGoOn, run } from './ascii-run';
import { ALONE, filterMayHave, filterShift, FIRST_ENDS, pairHash, type WordLookup } from './word-filter';

export type { WordLookup } from './word-filter';

export const GAP_NONE = 0;
export const GAP_SPACE = 1;
export const GAP_BREAK = 2;

export const KIND_WORD = 0;
export const KIND_NUMBER = 1;
export const KIND_ABBREVIATION = 2;

/** `nextWord` at the end of the text. */
export const NO_WORD = -2;
/** `nextWord` with `deadEnds`: a plain word outside the vocabulary was passed over. */
export const DEAD_WORD = -3;

const DOT = 0x2e;
const LOWER_S = 0x73;
const APOSTROPHE_ASCII = 0x27;

/**
 * Iterates over the words of a text: `reset(text)`, then `while (next()) …` reads the current
 * word's fields. Not reentrant; one instance per user.
 */
export class Scanner {
  /**
   * Folded key units of the current word, up to `capacity` of them (see `length`). Filled in by
   * `next()` only: `nextWord` looks its words up itself and leaves them stale.
   */
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

    this.gap = this.count === 0 ? GAP_BREAK : this.gapBetween(gapStart, p, spaceOnly);
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

  /** Vocabulary id of the current word's key, or -1 (after `next()`, which fills `units`). */
  wordId(vocab: StringTable): number {
    if (this.complex) return vocab.indexOf(this.key());
    // Longer than the scratch buffer (sized to the longest vocabulary string): in no vocabulary.
    if (this.length > this.capacity) return -1;
    return vocab.indexOfUnits(this.units, this.length, this.hash);
  }

  /**
   * Advances to the next word and returns its vocabulary id (-1 when its key is not in the
   * vocabulary), or NO_WORD at the end of the text. The fields are then what `next()` gives for
   * that word. Options, all for the matcher:
   * - `startsOnly`: to the next word that may start a match, counting the words passed over. A
   *   word is passed over when it starts no alias (`firstNode[id] < 0`); when it is plain ASCII
   *   without a capital and every alias it starts needs one (`lowerFirstFilter`); and, given
   *   `words.pairs`, when it is no alias alone and the next word cannot continue one (`pairMayGoOn`).
   *   Every word that does start a match is returned: the matcher's results stay the reference's.
   * - `deadEnds`: a plain ASCII word outside the vocabulary returns DEAD_WORD (it continues no
   *   walk and starts none), with only `count` and the position updated.
   *
   * Why: most words of a page start no alias, and this is all the matcher asks of them. A plain
   * ASCII word is read here in one tight loop (classified by arithmetic, folded and hashed, nothing
   * stored) and looked up (after a filter) in the hash slots against the text itself, with no
   * per-word field writes unless it is returned; any other word (non-ASCII, a possible "U.N.", an
   * apostrophe or non-ASCII unit right after it) is read by `next()` instead, so that the rules
   * live in one place.
   */
  nextWord(words: WordLookup, startsOnly: boolean, deadEnds = false): number {
    const { vocab, firstNode } = words;
    // Starts only: words that start no alias are passed over (plain ASCII words without a capital
    // are also passed over when every alias they start needs one: lowerFirstFilter); else words
    // not in the vocabulary get -1.
    const filter = startsOnly ? words.firstFilter : words.vocabFilter;
    const lowerFilter = startsOnly ? words.lowerFirstFilter : filter;
    const shift = filterShift(filter);
    // With pairs, starts whose walk cannot get anywhere are passed over too (pairMayGoOn).
    const pairs = startsOnly ? words.pairs : undefined;
    const pairFilter = pairs?.pairFilter;
    const pairShift = pairFilter ? filterShift(pairFilter) : 0;
    const text = this.text;
    const n = text.length;
    const { blob, offsets, slots } = vocab.data;
    const mask = slots.length - 1;
    const capacity = this.capacity;
    let p = this.pos;
    let count = this.count;
    // The word after a start that the pair check read and turned down: not read twice.
    let knownStart = -1;
    let knownEnd = 0;
    let knownHash = 0;
    for (;;) {
      const gapStart = p;
      let c = 0;
      // Skip to the first letter or digit. ASCII is classified by arithmetic, not by the table:
      // on this loop's budget (a few ns per character) the table read is a measurable share.
      for (;;) {
        if (p >= n) {
          this.pos = n;
          this.count = count;
          return NO_WORD;
        }
        c = text.charCodeAt(p);
        if (c < 0x80) {
          if (((c | 0x20) - 0x61) >>> 0 < 26 || (c - 0x30) >>> 0 < 10) break;
        } else if ((TABLE[c] || learn(c)) & (LETTER | DIGIT | HIGH_SURROGATE)) break;
        p++;
      }
      const start = p;
      // Non-ASCII, or a capital followed by a dot (a possible "U.N."): next() reads it.
      const capital = (c - 0x41) >>> 0 < 26;
      let slow = c >= 0x80 || (capital && text.charCodeAt(p + 1) === DOT);
      const letters = c >= 0x41;
      let h = FNV_OFFSET;
      let end = p;
      if (!slow) {
        if (start === knownStart) {
          end = knownEnd;
          h = knownHash;
        } else {
          end = asciiRun(text, p, letters);
          h = run.hash;
        }
        p = end;
        // What follows may continue the word (a non-ASCII letter) or be a possessive, which
        // is passed over here when what follows it is plain too ("Putin's", "Kyiv’s").
        c = text.charCodeAt(p);
        if (c >= 0x80 || c === APOSTROPHE_ASCII) {
          const possessive = asciiPossessive(text, p);
          if (possessive === 0) slow = true;
          else p += possessive;
        }
      }
      if (slow) {
        this.pos = gapStart;
        this.count = count;
        if (!this.next()) return NO_WORD;
        const id = this.wordId(vocab);
        if (!startsOnly || (id >= 0 && firstNode[id]! >= 0)) return id;
        p = this.pos;
        count = this.count;
        continue;
      }
      count++;
      const maybe = filterMayHave(capital ? filter : lowerFilter, shift, h);
      if (startsOnly && !maybe) continue;
      // A start that is no alias alone, whose next word cannot continue any alias it starts: its
      // walk would end with nothing, so pass over it (about half the walks on a news page). Asked
      // before the vocabulary when the pair filter says the word is no alias alone (`ALONE`):
      // most such starts are common words ("on", "at") that start only a rare alias.
      let pairsChecked = pairFilter === undefined;
      if (!pairsChecked && !filterMayHave(pairFilter!, pairShift, pairHash(h, ALONE))) {
        if (!pairMayGoOn(text, p, h, pairFilter!, pairShift)) {
          knownStart = run.start;
          knownEnd = run.end;
          knownHash = run.hash;
          continue;
        }
        pairsChecked = true;
      }
      const length = end - start;
      let id = -1;
      if (maybe && length <= capacity) {
        const fold = letters ? 0x20 : 0;
        for (let slot = h & mask; ; slot = (slot + 1) & mask) {
          const entry = slots[slot]!;
          if (entry === 0) break;
          if (!slotTagMatches(entry, h)) continue;
          const i = slotIndex(entry);
          const from = offsets[i]!;
          if (offsets[i + 1]! - from !== length) continue;
          let k = 0;
          while (k < length && blob.charCodeAt(from + k) === (text.charCodeAt(start + k) | fold)) k++;
          if (k === length) {
            id = i;
            break;
          }
        }
      }
      if (startsOnly && (id < 0 || firstNode[id]! < 0)) continue;
      if (!pairsChecked && (firstNode[id]! & FIRST_ENDS) === 0 && !pairMayGoOn(text, p, h, pairFilter!, pairShift)) {
        knownStart = run.start;
        knownEnd = run.end;
        knownHash = run.hash;
        continue;
      }
      if (deadEnds && id < 0) {
        this.count = count;
        this.pos = p;
        return DEAD_WORD;
      }
      this.count = count;
      this.pos = p;
      this.setAsciiWord(start, end, h, letters ? LETTER : DIGIT, count === 1 ? GAP_BREAK : this.gapBetween(gapStart, start, this.spaceOnly(gapStart, start)));
      return id;
    }
  }

  /** SPACE when every unit of text[from, to) is a space or hyphen (see char-table.ts), else 0. */
  private spaceOnly(from: number, to: number): number {
    let only = SPACE;
    for (let q = from; q < to && only; q++) only &= infoOf(this.text.charCodeAt(q));
    return only;
  }

  /** The gap before a word at `start` whose gap began at `gapStart` (not the first word). */
  private gapBetween(gapStart: number, start: number, spaceOnly: number): number {
    if (start === gapStart) return GAP_NONE;
    // One apostrophe between two words joins them (O'Brien).
    if (start === gapStart + 1 && TABLE[this.text.charCodeAt(gapStart)]! & APOSTROPHE) return GAP_NONE;
    return spaceOnly ? GAP_SPACE : GAP_BREAK;
  }

  /** Sets the fields (but `units`) for a plain ASCII word read by `nextWord`. */
  private setAsciiWord(start: number, end: number, hash: number, cls: number, gap: number): void {
    this.start = start;
    this.end = end;
    this.hash = hash;
    this.length = end - start;
    this.complex = false;
    this.ascii = this.plain = true;
    this.abbreviation = false;
    this.kind = cls === LETTER ? KIND_WORD : KIND_NUMBER;
    this.gap = gap;
    this.breakBefore = gap === GAP_BREAK;
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
