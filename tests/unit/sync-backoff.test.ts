/** Retry timing: exponential backoff with jitter, Retry-After honoured, 24 h cap. */
import { describe, expect, it } from 'vitest';
import { BACKOFF_BASE_MS, BACKOFF_CAP_MS, backoffDelay, parseRetryAfter } from '../../utils/sync/http';

const HOUR = 3_600_000;

describe('backoff', () => {
  it('doubles per failure, with jitter between half and all of the step', () => {
    for (let failures = 1; failures <= 6; failures++) {
      const step = BACKOFF_BASE_MS * 2 ** (failures - 1);
      expect(backoffDelay(failures, undefined, () => 0)).toBe(step / 2);
      expect(backoffDelay(failures, undefined, () => 1)).toBe(step);
      const d = backoffDelay(failures);
      expect(d).toBeGreaterThanOrEqual(step / 2);
      expect(d).toBeLessThanOrEqual(step);
    }
  });

  it('spreads clients that failed together', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(5)));
    expect(delays.size).toBeGreaterThan(40);
  });

  it('waits at least as long as Retry-After asks', () => {
    expect(backoffDelay(1, 2 * HOUR, () => 0)).toBe(2 * HOUR);
    expect(backoffDelay(10, 1000, () => 1)).toBe(BACKOFF_BASE_MS * 2 ** 9);
  });

  it('never waits more than 24 hours, whatever the failures or Retry-After', () => {
    expect(BACKOFF_CAP_MS).toBe(24 * HOUR);
    expect(backoffDelay(100, undefined, () => 1)).toBe(24 * HOUR);
    expect(backoffDelay(1, 30 * 24 * HOUR)).toBe(24 * HOUR);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('120')).toBe(120_000);
    const now = Date.parse('2026-11-29T10:00:00Z');
    expect(parseRetryAfter('Sun, 29 Nov 2026 10:05:00 GMT', now)).toBe(300_000);
    expect(parseRetryAfter('Sun, 29 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
