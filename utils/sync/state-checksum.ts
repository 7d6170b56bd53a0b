/**
 * The checksum of a whole KB state (one source at one version), which the client verifies after
 * applying a snapshot or a delta: it checks the *result*, not just the download.
 *
 * It is the sum, modulo 2^256, of the SHA-256 of every record's NDJSON line (see
 * docs/feed-format.md). A sum is order-independent and can be updated per change: applying a
 * delta subtracts the digest of each replaced or deleted record and adds the digest of each new
 * one, so a 1,000-change delta is verified without re-reading the 100,000 records it leaves alone.
 * Shared by the feed builder (Node) and the sync engine (worker).
 */
const MOD = 1n << 256n;

export const EMPTY_STATE_CHECKSUM = '0'.repeat(64);

function toBig(hex: string): bigint {
  return BigInt(`0x${hex}`);
}

function toHex(n: bigint): string {
  return n.toString(16).padStart(64, '0');
}

/** An accumulator for the state checksum; `add`/`remove` take hex SHA-256 digests. */
export class StateChecksum {
  private sum: bigint;

  constructor(hex: string = EMPTY_STATE_CHECKSUM) {
    this.sum = toBig(hex);
  }

  add(digest: string): void {
    this.sum = (this.sum + toBig(digest)) % MOD;
  }

  remove(digest: string): void {
    this.sum = (this.sum - toBig(digest) + MOD) % MOD;
  }

  hex(): string {
    return toHex(this.sum);
  }
}
