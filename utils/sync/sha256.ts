/**
 * Incremental SHA-256 whose state can be saved and restored.
 *
 * WebCrypto only digests a whole buffer at once: verifying a 100 MB snapshot with it would mean
 * holding all of it in the worker's memory, and a download resumed after the worker was killed
 * could not continue the hash. This one hashes the stream as it arrives, and its state (eight
 * words, the unprocessed tail and the length) is stored with the resume cursor in the same
 * transaction as each chunk. Per-record digests, which are small and independent, use WebCrypto
 * (`digestHex`). Tested against node:crypto and WebCrypto in tests/unit/sync-checksum.test.ts.
 */

// Int32 throughout (the constants and words wrap to negative numbers): V8 keeps every value of
// the compression loop a small integer, about ten times faster than mixing in uint32 doubles.
const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);
const INIT = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

/** A hash in progress, as plain data (structured-cloneable, storable in IndexedDB). */
export interface Sha256State {
  /** The eight words, as unsigned 32-bit numbers. */
  h: number[];
  /** Bytes not yet forming a full 64-byte block. */
  tail: Uint8Array;
  /** Total bytes hashed so far. */
  length: number;
}

export class Sha256 {
  private readonly h: Int32Array;
  private readonly block = new Uint8Array(64);
  private blockLen: number;
  private length: number;
  private readonly w = new Int32Array(64);

  constructor(state?: Sha256State) {
    this.h = new Int32Array(state?.h ?? INIT);
    this.blockLen = state?.tail.length ?? 0;
    if (state) this.block.set(state.tail);
    this.length = state?.length ?? 0;
  }

  update(data: Uint8Array): this {
    const n = data.length;
    let pos = 0;
    this.length += n;
    if (this.blockLen > 0) {
      // Fill the pending block first.
      const take = Math.min(64 - this.blockLen, n);
      for (let i = 0; i < take; i++) this.block[this.blockLen + i] = data[i]!;
      this.blockLen += take;
      pos = take;
      if (this.blockLen < 64) return this;
      this.compress(this.block, 0);
      this.blockLen = 0;
    }
    // Whole blocks straight from the input, no copy.
    for (; n - pos >= 64; pos += 64) this.compress(data, pos);
    for (let i = pos; i < n; i++) this.block[i - pos] = data[i]!;
    this.blockLen = n - pos;
    return this;
  }

  state(): Sha256State {
    return { h: Array.from(this.h, (x) => x >>> 0), tail: this.block.slice(0, this.blockLen), length: this.length };
  }

  /** Finishes a copy of the hash, so `update` can go on afterwards. */
  hex(): string {
    const copy = new Sha256(this.state());
    return copy.finish();
  }

  private finish(): string {
    const bits = this.length * 8;
    const pad = new Uint8Array((this.blockLen < 56 ? 56 : 120) - this.blockLen + 8);
    pad[0] = 0x80;
    const view = new DataView(pad.buffer);
    view.setUint32(pad.length - 8, Math.floor(bits / 2 ** 32));
    view.setUint32(pad.length - 4, bits >>> 0);
    this.update(pad);
    return Array.from(this.h, (x) => (x >>> 0).toString(16).padStart(8, '0')).join('');
  }

  /** One 64-byte block of `b` starting at `off`. */
  private compress(b: Uint8Array, off: number): void {
    const w = this.w;
    for (let i = 0; i < 16; i++, off += 4) w[i] = (b[off]! << 24) | (b[off + 1]! << 16) | (b[off + 2]! << 8) | b[off + 3]!;
    for (let i = 16; i < 64; i++) {
      const x = w[i - 15]!;
      const y = w[i - 2]!;
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
    }
    const H = this.h;
    let a = H[0]!;
    let bb = H[1]!;
    let c = H[2]!;
    let d = H[3]!;
    let e = H[4]!;
    let f = H[5]!;
    let g = H[6]!;
    let h = H[7]!;
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const ch = (e & f) ^ (~e & g);
      const t1 = (h + S1 + ch + K[i]! + w[i]!) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const maj = (a & bb) ^ (a & c) ^ (bb & c);
      const t2 = (S0 + maj) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = bb;
      bb = a;
      a = (t1 + t2) | 0;
    }
    H[0] = (H[0]! + a) | 0;
    H[1] = (H[1]! + bb) | 0;
    H[2] = (H[2]! + c) | 0;
    H[3] = (H[3]! + d) | 0;
    H[4] = (H[4]! + e) | 0;
    H[5] = (H[5]! + f) | 0;
    H[6] = (H[6]! + g) | 0;
    H[7] = (H[7]! + h) | 0;
  }
}

/** SHA-256 of a (small) buffer with WebCrypto, as lower-case hex. */
export async function digestHex(data: Uint8Array): Promise<string> {
  const buf = await crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>);
  return toHex(new Uint8Array(buf));
}

const HEX_BYTE = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** Lower-case hex of `bytes` (a table per byte: this runs once per record of a feed). */
export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX_BYTE[bytes[i]!]!;
  return s;
}
