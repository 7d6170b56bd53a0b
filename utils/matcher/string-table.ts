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
  /** Hash slots holding string index + 1 (0 = empty); length is a power of two. */
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
      let slot = hash(s) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = i + 1;
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
    let slot = hash(s) & this.mask;
    for (;;) {
      const entry = slots[slot]!;
      if (entry === 0) return -1;
      const i = entry - 1;
      const start = offsets[i]!;
      if (offsets[i + 1]! - start === s.length && blob.startsWith(s, start)) return i;
      slot = (slot + 1) & this.mask;
    }
  }
}
