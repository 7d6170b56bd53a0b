/**
 * An immutable set of strings packed into one string and two typed arrays, with an
 * open-addressing hash index: `indexOf` is O(1) and loading a stored table costs nothing beyond
 * IndexedDB's structured clone (no Map to rebuild after the service worker wakes).
 */

export interface StringTableData {
  /** All strings concatenated. */
  blob: string;
  /** Start of string i is offsets[i], end offsets[i + 1]. */
  offsets: Uint32Array;
  /**
   * Hash slots (0 = empty; length a power of two): bits 0-23 hold string index + 1, bits 24-31 the
   * top byte of the string's hash, so that most probes of other strings are rejected without
   * reading them.
   */
  slots: Uint32Array;
}

/** FNV-1a over UTF-16 code units of s[from, to). */
function hash(s: string, from = 0, to = s.length): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const INDEX_BITS = 0xffffff;
/** The slot's tag equals the top byte of hash `h`: the slot may hold the string hashed. */
export const slotTagMatches = (entry: number, h: number): boolean => (entry ^ h) >>> 24 === 0;
/** Index of the string a non-empty slot holds. */
export const slotIndex = (entry: number): number => (entry & INDEX_BITS) - 1;

export class StringTable {
  private readonly mask: number;

  constructor(readonly data: StringTableData) {
    this.mask = data.slots.length - 1;
  }

  /** Builds a table of the distinct strings, in first-seen order. */
  static build(strings: Iterable<string>): StringTable {
    const seen = new Map<string, number>();
    for (const s of strings) if (!seen.has(s)) seen.set(s, seen.size);
    const list = [...seen.keys()];
    if (list.length >= INDEX_BITS) throw new Error(`a string table holds fewer than ${INDEX_BITS} strings`);
    const offsets = new Uint32Array(list.length + 1);
    let length = 0;
    list.forEach((s, i) => {
      offsets[i] = length;
      length += s.length;
    });
    offsets[list.length] = length;
    let size = 1;
    while (size < list.length * 2) size <<= 1;
    const slots = new Uint32Array(size);
    const mask = size - 1;
    list.forEach((s, i) => {
      const h = hash(s);
      let slot = h & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = ((h & ~INDEX_BITS) | (i + 1)) >>> 0;
    });
    return new StringTable({ blob: list.join(''), offsets, slots });
  }

  get size(): number {
    return this.data.offsets.length - 1;
  }

  get(index: number): string {
    const { blob, offsets } = this.data;
    return blob.slice(offsets[index], offsets[index + 1]);
  }

  /** Index of `s`, or -1. */
  indexOf(s: string): number {
    const { blob, offsets, slots } = this.data;
    const h = hash(s);
    let slot = h & this.mask;
    for (;;) {
      const entry = slots[slot]!;
      if (entry === 0) return -1;
      if (slotTagMatches(entry, h)) {
        const i = slotIndex(entry);
        const start = offsets[i]!;
        if (offsets[i + 1]! - start === s.length && blob.startsWith(s, start)) return i;
      }
      slot = (slot + 1) & this.mask;
    }
  }

  /**
   * Index of the string whose UTF-16 code units are units[0, length) and whose FNV-1a hash is
   * `hash` (as an int32 or uint32), or -1: a lookup without building the string.
   */
  indexOfUnits(units: Uint16Array, length: number, hash: number): number {
    const { blob, offsets, slots } = this.data;
    const mask = this.mask;
    let slot = hash & mask;
    for (;;) {
      const entry = slots[slot]!;
      if (entry === 0) return -1;
      if (slotTagMatches(entry, hash)) {
        const i = slotIndex(entry);
        const start = offsets[i]!;
        if (offsets[i + 1]! - start === length) {
          let k = 0;
          while (k < length && blob.charCodeAt(start + k) === units[k]) k++;
          if (k === length) return i;
        }
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Length of the longest string in the table. */
  maxLength(): number {
    const { offsets } = this.data;
    let max = 0;
    for (let i = 1; i < offsets.length; i++) max = Math.max(max, offsets[i]! - offsets[i - 1]!);
    return max;
  }
}
