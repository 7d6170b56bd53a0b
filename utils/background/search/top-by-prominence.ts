/**
 * The best `limit` entities by prominence, one entry per entity. Candidates arrive in any order;
 * most are rejected by one comparison with the current worst, so scanning a range of tens of
 * thousands of suffixes stays well under a millisecond.
 */
import type { SearchResult, SearchTier } from './search-index';

export class TopByProminence {
  readonly items: SearchResult[] = [];
  private readonly scores: number[] = [];
  /** A candidate must beat this to get in (-1 while there is room). */
  threshold = -1;

  constructor(
    private readonly limit: number,
    private readonly prominence: Float32Array,
  ) {}

  offer(entity: number, tier: SearchTier, key: number): void {
    const score = this.prominence[entity]!;
    if (score <= this.threshold) return;
    if (this.items.some((r) => r.entity === entity)) return; // same tier, same score: the first key found stays
    let at = this.scores.length;
    while (at > 0 && this.scores[at - 1]! < score) at--;
    this.items.splice(at, 0, { entity, tier, key });
    this.scores.splice(at, 0, score);
    if (this.items.length > this.limit) {
      this.items.pop();
      this.scores.pop();
    }
    if (this.items.length >= this.limit) this.threshold = this.scores[this.scores.length - 1]!;
  }
}
