/**
 * A blocked Bloom filter over the FNV-1a hashes of a few vocabulary strings (the scanner's and
 * string-table.ts's hash): each string sets two bits in one 32-bit word, so "certainly not one
 * of them" is one array read.
 *
 * Why: most words of a page start no alias. The matcher asks the filter first, so that for most of
 * those words the vocabulary's hash slots (larger, so often out of cache, and probed in a chain)
 * are not read at all. About 16 bits per string and two bits each: some 2% of other words pass
 * and are looked up (one bit each let about 6% through).
 */
import type { StringTable } from './string-table';

/** What the scanner's `nextWord` looks words up in. */
export interface WordLookup {
  vocab: StringTable;
  /**
   * Per vocabulary id: the trie node an alias starting with that word leads to (FIRST_NODE bits),
   * with FIRST_ENDS and FIRST_LEAF, or -1. One array read tells the scanner and the matcher all
   * they ask of a start (a read of each of several arrays was a cache miss each at 100k aliases).
   */
  firstNode: Int32Array;
  /** Filter of the words with a first node. */
  firstFilter: Uint32Array;
  /**
   * Filter of the first words of the aliases that a word without a capital may start: not those
   * written exactly with a capital ("HAD", "US"), nor those whose only capital is their first
   * word's ("Zelensky"), whose case rules need that capital on the page. Same size as firstFilter.
   */
  lowerFirstFilter: Uint32Array;
  /** Filter of all the vocabulary's words. */
  vocabFilter: Uint32Array;
  /**
   * Optional: lets `nextWord` pass over a start that is no alias alone (no FIRST_ENDS) and whose
   * walk cannot get anywhere: `pairFilter` holds `pairHash` of the first two words' keys of every
   * alias of two words or more, and `pairHash(first, ALONE)` of every one-word alias.
   */
  pairs?: { pairFilter: Uint32Array };
}

/** In a `firstNode` entry: the word alone is an alias. */
export const FIRST_ENDS = 1 << 30;
/** In a `firstNode` entry: no alias goes on after the word. */
export const FIRST_LEAF = 1 << 29;
/** In a `firstNode` entry: the bits of the trie node. */
export const FIRST_NODE = FIRST_LEAF - 1;

/** FNV-1a hash of a string's UTF-16 units (the scanner's, as an int32). */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

/**
 * The second word's hash in the pair of a one-word alias: `pairHash(first, ALONE)` in the pair
 * filter means "may be an alias alone". (A word whose key hashes to ALONE only adds a false "may".)
 */
export const ALONE = 0x1b873593;

/** One hash for a pair of word hashes, with well-mixed top bits (what the filter reads). */
export const pairHash = (first: number, second: number): number => {
  const h = Math.imul(first ^ Math.imul(second, 0x85ebca6b), 0xc2b2ae35);
  return h ^ (h >>> 15);
};

/** Builds a filter of precomputed hashes (e.g. `pairHash`es), sized for `count`. */
export function buildHashFilter(hashes: Iterable<number>, count: number): Uint32Array {
  let words = 32;
  while (words * 32 < count * 16) words <<= 1;
  const filter = new Uint32Array(words);
  const shift = filterShift(filter);
  for (const h of hashes) filter[h >>> shift] = filter[h >>> shift]! | bitsOf(h);
  return filter;
}

/** Builds the filter of `strings` (by the FNV-1a hashes of their UTF-16 units), sized for `count`. */
export function buildWordFilter(strings: readonly string[], count = strings.length): Uint32Array {
  return buildHashFilter(strings.map(fnv1a), count);
}

/** The shift that maps a 32-bit hash to a word of `filter` (its length is a power of two). */
export const filterShift = (filter: Uint32Array): number => 1 + Math.clz32(filter.length);

/**
 * The two bits a hash sets in its word. The word is chosen by the hash's top bits (FNV-1a ends
 * with a multiply, which carries every input bit up there); the bits, by the top bits of a
 * second multiply, so that they do not repeat the word's choice.
 */
const bitsOf = (hash: number): number => {
  const m = Math.imul(hash, 0x9e3779b1);
  return (1 << (m >>> 27)) | (1 << ((m >>> 22) & 31));
};

/** False when the string whose FNV-1a hash is `hash` is certainly not in the filter. */
export const filterMayHave = (filter: Uint32Array, shift: number, hash: number): boolean => {
  const bits = bitsOf(hash);
  return (filter[hash >>> shift]! & bits) === bits;
};
