/** Streaming SHA-256 (with saved/restored state) and the order-independent KB state checksum. */
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Sha256, digestHex } from '../../utils/sync/sha256';
import { EMPTY_STATE_CHECKSUM, StateChecksum } from '../../utils/sync/state-checksum';

const nodeSha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('streaming SHA-256', () => {
  it('matches node:crypto and WebCrypto for sizes around block boundaries', async () => {
    for (const size of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000, 100_000]) {
      const data = randomBytes(size);
      const ours = new Sha256().update(data).hex();
      expect(ours, `size ${size}`).toBe(nodeSha(data));
      expect(await digestHex(data)).toBe(ours);
    }
  });

  it('gives the same hash however the input is split, and after its state is stored and restored', () => {
    const data = randomBytes(10_000);
    const h = new Sha256();
    let pos = 0;
    for (const n of [1, 7, 64, 63, 500, 3000]) {
      h.update(data.subarray(pos, pos + n));
      pos += n;
    }
    // As if the worker was killed here: only the plain-data state survives (structured clone).
    const restored = new Sha256(structuredClone(h.state()));
    restored.update(data.subarray(pos));
    expect(restored.hex()).toBe(nodeSha(data));
    // hex() does not finish the running hash.
    h.update(data.subarray(pos));
    expect(h.hex()).toBe(nodeSha(data));
  });
});

describe('state checksum', () => {
  const d = (s: string) => nodeSha(Buffer.from(s));

  it('does not depend on order and undoes a removal exactly', () => {
    const a = new StateChecksum();
    ['x', 'y', 'z'].forEach((s) => a.add(d(s)));
    const b = new StateChecksum();
    ['z', 'x', 'y'].forEach((s) => b.add(d(s)));
    expect(a.hex()).toBe(b.hex());
    b.remove(d('y'));
    b.add(d('y2'));
    const c = new StateChecksum();
    ['x', 'y2', 'z'].forEach((s) => c.add(d(s)));
    expect(b.hex()).toBe(c.hex());
  });

  it('wraps around 2^256 and returns to empty', () => {
    const s = new StateChecksum();
    s.add('f'.repeat(64));
    s.add('f'.repeat(64));
    s.remove('f'.repeat(64));
    s.remove('f'.repeat(64));
    expect(s.hex()).toBe(EMPTY_STATE_CHECKSUM);
  });
});
