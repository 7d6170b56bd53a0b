/**
 * A list of strings packed into one string and an offsets array. Loading a stored index then
 * costs one structured clone of a few large values instead of hundreds of thousands of small
 * strings, which is what keeps the popup's first search quick after the service worker wakes.
 */

export interface PackedStrings {
  blob: string;
  /** String i is blob[offsets[i], offsets[i + 1]). */
  offsets: Uint32Array;
}

export function packStrings(list: readonly string[]): PackedStrings {
  const offsets = new Uint32Array(list.length + 1);
  let at = 0;
  list.forEach((s, i) => {
    offsets[i] = at;
    at += s.length;
  });
  offsets[list.length] = at;
  return { blob: list.join(''), offsets };
}

export function stringAt(p: PackedStrings, i: number): string {
  return p.blob.slice(p.offsets[i], p.offsets[i + 1]);
}

export function lengthAt(p: PackedStrings, i: number): number {
  return p.offsets[i + 1]! - p.offsets[i]!;
}

export function countOf(p: PackedStrings): number {
  return p.offsets.length - 1;
}

/** Compares string i with `s` in UTF-16 code-unit order, without allocating. */
function compareAt(p: PackedStrings, i: number, s: string): number {
  const start = p.offsets[i]!;
  const end = p.offsets[i + 1]!;
  const n = Math.min(end - start, s.length);
  for (let k = 0; k < n; k++) {
    const d = p.blob.charCodeAt(start + k) - s.charCodeAt(k);
    if (d !== 0) return d;
  }
  return end - start - s.length;
}

function startsWithAt(p: PackedStrings, i: number, prefix: string): boolean {
  const start = p.offsets[i]!;
  return p.offsets[i + 1]! - start >= prefix.length && p.blob.startsWith(prefix, start);
}

/** First index whose string is >= s (the list is sorted). */
export function lowerBound(p: PackedStrings, s: string): number {
  let lo = 0;
  let hi = countOf(p);
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareAt(p, mid, s) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** [from, to) of the strings starting with `prefix` in a sorted list. */
export function prefixRange(p: PackedStrings, prefix: string): [number, number] {
  const from = lowerBound(p, prefix);
  let lo = from;
  let hi = countOf(p);
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (startsWithAt(p, mid, prefix)) lo = mid + 1;
    else hi = mid;
  }
  return [from, lo];
}
