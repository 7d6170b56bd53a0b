/**
 * The vocabulary strings that start one typo away from a query ("zelwn" → "zelensky"), found with
 * binary searches in the sorted vocabulary instead of a pass over it.
 *
 * Say the typo is at position i of the query q: the word then starts with q[0..i), and after that
 * - a letter c ≠ q[i] replaced q[i]:        the word continues c + q[i+1..]
 * - a letter c is missing from the query:   the word continues c + q[i..]
 * - q[i] is an extra letter in the query:   the word continues q[i+1..]
 * - q[i] and q[i+1] are swapped:            the word continues q[i+1] + q[i] + q[i+2..]
 * Each is a range of the sorted vocabulary. The letters c that occur at position i among the words
 * starting with q[0..i) are found by hopping from one letter's block to the next (a few dozen
 * binary searches), and i only runs while some word starts with q[0..i), so the cost grows with
 * the alphabet and the position of the typo, not with the size of the vocabulary.
 */
import type { CodeUnits } from './packed-strings';

/** The sorted vocabulary: string v is units[pos[v], pos[v] + len[v]). */
export interface SortedVocab {
  units: CodeUnits;
  pos: Uint32Array;
  len: Uint16Array;
}

/**
 * Calls `found(from, to)` for ranges of the vocabulary whose strings start one edit away from q.
 * Ranges may overlap, and may hold strings that start with q itself (a doubled letter swapped
 * with itself, an extra last letter): callers have ranked those as prefix hits already.
 */
export function prefixTypoRanges(vocab: SortedVocab, q: string, found: (from: number, to: number) => void): void {
  const { units, pos, len } = vocab;
  /** Compares string v from offset `off` on with `s` (v's first `off` letters are known to match). */
  const compareFrom = (v: number, off: number, s: string): number => {
    const start = pos[v]! + off;
    const n = Math.min(len[v]! - off, s.length);
    for (let k = 0; k < n; k++) {
      const d = units[start + k]! - s.charCodeAt(k);
      if (d !== 0) return d;
    }
    return len[v]! - off - s.length;
  };
  const startsFrom = (v: number, off: number, s: string): boolean => {
    if (len[v]! - off < s.length) return false;
    const start = pos[v]! + off;
    for (let k = 0; k < s.length; k++) if (units[start + k] !== s.charCodeAt(k)) return false;
    return true;
  };
  /** Within [lo, hi) (strings sharing their first `off` letters), those continuing with `s`. */
  const rangeFrom = (lo: number, hi: number, off: number, s: string): [number, number] => {
    let a = lo;
    let b = hi;
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (compareFrom(mid, off, s) < 0) a = mid + 1;
      else b = mid;
    }
    const from = a;
    b = hi;
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (startsFrom(mid, off, s)) a = mid + 1;
      else b = mid;
    }
    return [from, a];
  };
  const report = ([from, to]: [number, number]) => {
    if (from < to) found(from, to);
  };

  // [lo, hi): the strings starting with q[0..i).
  let lo = 0;
  let hi = pos.length;
  for (let i = 0; i < q.length && lo < hi; i++) {
    const qi = q.charCodeAt(i);
    const rest = q.slice(i + 1);
    report(rangeFrom(lo, hi, i, rest)); // q[i] is an extra letter
    if (i + 1 < q.length) report(rangeFrom(lo, hi, i, q[i + 1]! + q[i]! + q.slice(i + 2))); // swapped
    // Strings exactly q[0..i) sort first and have no letter at i.
    let k = lo;
    while (k < hi && len[k] === i) k++;
    let next: [number, number] = [hi, hi];
    while (k < hi) {
      const c = units[pos[k]! + i]!;
      // The block of strings with letter c at i: those with a letter ≤ c there, from k on.
      let a = k + 1;
      let b = hi;
      while (a < b) {
        const mid = (a + b) >>> 1;
        if (units[pos[mid]! + i]! <= c) a = mid + 1;
        else b = mid;
      }
      if (c === qi) next = [k, a];
      else {
        report(rangeFrom(k, a, i + 1, rest)); // c replaced q[i]
        report(rangeFrom(k, a, i + 1, q.slice(i))); // c is missing from the query
      }
      k = a;
    }
    [lo, hi] = next;
  }
}
