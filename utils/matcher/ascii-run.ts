/**
 * Plain ASCII words read without the char table (char-table.ts), for the scanner's fast path
 * (scanner.ts `nextWord`): most words of an English page are runs of ASCII letters, and on this
 * loop's budget (a few ns per character) classifying by arithmetic instead of a table read
 * is a measurable share.
 */
import { infoOf, SPACE } from './char-table';
import { filterMayHave, pairHash } from './word-filter';

export const FNV_OFFSET = 0x811c9dc5 | 0;
export const FNV_PRIME = 0x01000193;
const DOT = 0x2e;
const APOSTROPHE = 0x27;
const RIGHT_QUOTE = 0x2019;
const LOWER_S = 0x73;

/**
 * Fields, not returned tuples (no allocation): `hash` is the key hash of the run `asciiRun` read
 * last; `start` and `end` are where the word `pairMayGoOn` read last starts and ends when it
 * answered false after reading it (else `start` is -1), so that the scanner need not read it again.
 */
export const run = { hash: 0, start: -1, end: 0 };

/**
 * Reads the run of ASCII letters (or digits) that starts at p, hashing its key units (a letter's
 * is its lower case, c | 0x20; a digit's is itself) into `run.hash`; returns where it ends.
 */
export function asciiRun(text: string, p: number, letters: boolean): number {
  const n = text.length;
  let h = FNV_OFFSET;
  let c = text.charCodeAt(p);
  if (letters) {
    do {
      h = Math.imul(h ^ (c | 0x20), FNV_PRIME);
      if (++p >= n) break;
      c = text.charCodeAt(p);
    } while (((c | 0x20) - 0x61) >>> 0 < 26);
  } else {
    do {
      h = Math.imul(h ^ c, FNV_PRIME);
      if (++p >= n) break;
      c = text.charCodeAt(p);
    } while ((c - 0x30) >>> 0 < 10);
  }
  run.hash = h;
  return p;
}

/**
 * Whether the word after a plain ASCII word ending at `p` (key hash `first`) may be the second
 * word of an alias the first starts: false when a break (punctuation) or the end of the text
 * comes first, or when that word is plain ASCII and the pair is certainly not in `pairFilter`
 * (word-filter.ts). Anything unusual (non-ASCII, a possible "U.N.") answers true, for the
 * matcher's walk to decide.
 */
export function pairMayGoOn(text: string, p: number, first: number, pairFilter: Uint32Array, pairShift: number): boolean {
  const n = text.length;
  let c = 0;
  run.start = -1;
  for (;;) {
    if (p >= n) return false;
    c = text.charCodeAt(p);
    if (c >= 0x80) return true;
    if (((c | 0x20) - 0x61) >>> 0 < 26 || (c - 0x30) >>> 0 < 10) break;
    if (!(infoOf(c) & SPACE)) return false;
    p++;
  }
  if ((c - 0x41) >>> 0 < 26 && text.charCodeAt(p + 1) === DOT) return true;
  const end = asciiRun(text, p, c >= 0x41);
  if (text.charCodeAt(end) >= 0x80) return true;
  if (filterMayHave(pairFilter, pairShift, pairHash(first, run.hash))) return true;
  run.start = p;
  run.end = end;
  return false;
}

/**
 * The length of a possessive ('s, ’s, ', ’) at `p`, right after a plain ASCII word, when what
 * follows it is plain ASCII: 0 when there is none or it needs the general rules (the scanner's
 * `possessive`, and the apostrophe that joins "O'Brien").
 */
export function asciiPossessive(text: string, p: number): number {
  const c = text.charCodeAt(p);
  if (c !== APOSTROPHE && c !== RIGHT_QUOTE) return 0;
  const n = text.length;
  if (p + 1 >= n) return 1;
  const next = text.charCodeAt(p + 1);
  if (next === LOWER_S) return p + 2 >= n || asciiNotAlnum(text.charCodeAt(p + 2)) ? 2 : 0;
  return asciiNotAlnum(next) ? 1 : 0;
}

/** An ASCII unit that is neither a letter nor a digit (what may end a word). */
const asciiNotAlnum = (c: number): boolean => c < 0x80 && ((c | 0x20) - 0x61) >>> 0 >= 26 && (c - 0x30) >>> 0 >= 10;
