/** Manifest validation and the choice between a delta chain and the snapshot. */
import { describe, expect, it } from 'vitest';
import { ManifestError, parseManifest, planUpdate, type FeedDelta, type FeedManifest } from '../../utils/sync/manifest';

const H = (c: string) => c.repeat(64);
const file = (bytes: number, records = 10) => ({ url: 'f.ndjson', bytes, records, sha256: H('a'), result: H('b') });
const delta = (from: number, to: number, bytes = 100, records = 10): FeedDelta => ({ ...file(bytes, records), url: `deltas/${from}-${to}.ndjson`, from, to });

function manifest(version: number, deltas: FeedDelta[] = [], snapshotBytes = 100_000): FeedManifest {
  return { format: 1, source: 'test-feed', title: 'Test', version, snapshot: file(snapshotBytes, 1000), deltas };
}
const opts = { maxDeltaRecords: 10_000 };

describe('manifest validation', () => {
  it('accepts a well-formed manifest and fills defaults', () => {
    const m = parseManifest(JSON.stringify({ ...manifest(3), deltas: undefined }));
    expect(m).toMatchObject({ version: 3, deltas: [] });
  });

  it.each([
    ['not JSON', '{"format": 1,', /not JSON/],
    ['a wrong format', JSON.stringify({ ...manifest(1), format: 2 }), /format/],
    ['a bad checksum', JSON.stringify({ ...manifest(1), snapshot: { ...file(1), sha256: 'abc' } }), /snapshot\.sha256/],
    ['a delta going backwards', JSON.stringify(manifest(3, [delta(3, 2)])), /older version to a newer/],
    ['a version that is not a positive integer', JSON.stringify({ ...manifest(1), version: 1.5 }), /version/],
    ['an unsafe source id', JSON.stringify({ ...manifest(1), source: '../x' }), /source/],
  ])('rejects %s in plain words', (_name, text, message) => {
    expect(() => parseManifest(text)).toThrow(ManifestError);
    expect(() => parseManifest(text)).toThrow(message);
  });
});

describe('update planning', () => {
  it('downloads the snapshot when there is no local version', () => {
    expect(planUpdate(manifest(5, [delta(4, 5)]), undefined, opts).kind).toBe('snapshot');
  });

  it('is up to date at the same version, and never rolls back to an older one', () => {
    expect(planUpdate(manifest(5), 5, opts)).toEqual({ kind: 'up-to-date' });
    expect(planUpdate(manifest(4), 5, opts)).toEqual({ kind: 'older', local: 5, offered: 4 });
  });

  it('chains deltas from the local version, preferring fewer steps then fewer bytes', () => {
    const m = manifest(5, [delta(2, 3), delta(3, 4), delta(4, 5), delta(3, 5, 500), delta(3, 5, 300), delta(1, 2)]);
    const plan = planUpdate(m, 3, opts);
    expect(plan.kind === 'delta' && plan.steps.map((d) => [d.from, d.to, d.bytes])).toEqual([[3, 5, 300]]);
    const long = planUpdate(m, 1, opts);
    expect(long.kind === 'delta' && long.steps.map((d) => `${d.from}-${d.to}`)).toEqual(['1-2', '2-3', '3-5']);
  });

  it('falls back to the snapshot when the chain has a gap, is too big, or is forced', () => {
    expect(planUpdate(manifest(5, [delta(2, 3), delta(4, 5)]), 2, opts).kind).toBe('snapshot');
    expect(planUpdate(manifest(5, [delta(4, 5, 100, 20_000)]), 4, opts).kind).toBe('snapshot');
    expect(planUpdate(manifest(5, [delta(4, 5, 200_000)]), 4, opts).kind).toBe('snapshot');
    expect(planUpdate(manifest(5, [delta(4, 5)]), 4, { ...opts, forceSnapshot: true }).kind).toBe('snapshot');
    // A delta that would overshoot the published version is not used.
    expect(planUpdate(manifest(5, [delta(4, 6)]), 4, opts).kind).toBe('snapshot');
  });
});
