/**
 * Strings stored as typed arrays of UTF-16 code units. A stored index is handed to a waking
 * service worker as a structured clone, and cloning a typed array is one memory copy, while a
 * string (even one large packed string) costs several times more per byte and an object graph
 * far more again. Code units keep the exact order and lengths JavaScript strings compare by, so
 * sorting at build time and binary search at query time agree.
 *
 * Latin-1 text (all code units ≤ 0xFF, the common case once names are folded) is stored one byte
 * per unit; anything else two bytes per unit.
 */

export type CodeUnits = Uint8Array | Uint16Array;

export interface PackedStrings {
  units: CodeUnits;
  /** String i is units[offsets[i], offsets[i + 1]). */
  offsets: Uint32Array;
}

export function toCodeUnits(s: string): CodeUnits {
  let wide = false;
  for (let i = 0; i < s.length && !wide; i++) wide = s.charCodeAt(i) > 0xff;
  const out = wide ? new Uint16Array(s.length) : new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

export function packStrings(list: readonly string[]): PackedStrings {
  const offsets = new Uint32Array(list.length + 1);
  let at = 0;
  list.forEach((s, i) => {
    offsets[i] = at;
    at += s.length;
  });
  offsets[list.length] = at;
  return { units: toCodeUnits(list.join('')), offsets };
}

/** Below the engines' argument-count limits for Function.prototype.apply. */
const DECODE_CHUNK = 8192;

export function decodeUnits(units: CodeUnits, from: number, to: number): string {
  let out = '';
  for (let at = from; at < to; at += DECODE_CHUNK) {
    out += String.fromCharCode.apply(null, units.subarray(at, Math.min(to, at + DECODE_CHUNK)) as unknown as number[]);
  }
  return out;
}

export function stringAt(p: PackedStrings, i: number): string {
  return decodeUnits(p.units, p.offsets[i]!, p.offsets[i + 1]!);
}

export function countOf(p: PackedStrings): number {
  return p.offsets.length - 1;
}

/** Compares units[start, end) with `s` in code-unit order, without allocating. */
export function compareUnits(units: CodeUnits, start: number, end: number, s: string): number {
  const n = Math.min(end - start, s.length);
  for (let k = 0; k < n; k++) {
    const d = units[start + k]! - s.charCodeAt(k);
    if (d !== 0) return d;
  }
  return end - start - s.length;
}

export function unitsStartWith(units: CodeUnits, start: number, end: number, prefix: string): boolean {
  if (end - start < prefix.length) return false;
  for (let k = 0; k < prefix.length; k++) if (units[start + k] !== prefix.charCodeAt(k)) return false;
  return true;
}

/** Compares units[start, end) read backwards (last unit first) with `s`. */
export function compareUnitsReversed(units: CodeUnits, start: number, end: number, s: string): number {
  const n = Math.min(end - start, s.length);
  for (let k = 0; k < n; k++) {
    const d = units[end - 1 - k]! - s.charCodeAt(k);
    if (d !== 0) return d;
  }
  return end - start - s.length;
}

export function unitsEndWithReversed(units: CodeUnits, start: number, end: number, reversedSuffix: string): boolean {
  if (end - start < reversedSuffix.length) return false;
  for (let k = 0; k < reversedSuffix.length; k++) if (units[end - 1 - k] !== reversedSuffix.charCodeAt(k)) return false;
  return true;
}

/**
 * [from, to) of the entries of a sorted list that start with a query, given how entry i compares
 * with the query (`compare`) and whether it starts with it (`startsWith`): two binary searches.
 */
export function sortedRange(count: number, compare: (i: number) => number, startsWith: (i: number) => boolean): [number, number] {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(mid) < 0) lo = mid + 1;
    else hi = mid;
  }
  const from = lo;
  hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (startsWith(mid)) lo = mid + 1;
    else hi = mid;
  }
  return [from, lo];
}
