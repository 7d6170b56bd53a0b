/**
 * The popup's search index: exact, then prefix, then one-typo, then prefix-with-one-typo matches
 * over every entity's name and aliases, each tier ranked by prominence. The stored form and its
 * compilation are in search-index-data.ts.
 *
 * How each tier is found (see docs/adr/0003-search-index.md for the measured figures):
 * - Prefix: the sorted word-suffixes of every folded key ("maria zakharova", "zakharova"). One
 *   binary search gives the range of suffixes starting with the query: "prefix of the name or an
 *   alias" and "prefix of any word in them". Exact hits are the suffixes equal to the query that
 *   are whole keys (they sort first in the range).
 * - One typo: a word or whole key one edit from a query of length L agrees exactly with it on the
 *   first a = ⌊(L-1)/2⌋ letters or on the last L-1-a (the edit, even a transposition, cannot touch
 *   both), so candidates are two binary-searched ranges of the vocabulary (one read backwards),
 *   filtered by length (L±1) and checked with `withinOneEdit`. No pass over the whole vocabulary.
 * - Prefix with one typo (a typo in a half-typed word, "zelwn" → "zelensky"): the words and whole
 *   keys that start one edit away from the query, as ranges of the sorted vocabulary
 *   (prefix-typo.ts), for queries of 5+ letters.
 */
import { ENTITY_TYPES, type EntityType } from '../../shared/entity-types';
import { foldPhrase } from '../../shared/text-normalize';
import { withinOneEdit } from './edit-distance';
import {
  compareUnits,
  compareUnitsReversed,
  countOf,
  decodeUnits,
  sortedRange,
  stringAt,
  unitsEndWithReversed,
  unitsStartWith,
} from './packed-strings';
import { prefixTypoRanges } from './prefix-typo';
import { checkSearchIndexData, reverseUnits, type SearchIndexData } from './search-index-data';
import { TopByProminence } from './top-by-prominence';

export { compileSearchIndex, compileSearchIndexSteps, SEARCH_INDEX_FORMAT, type SearchableEntity, type SearchIndexData } from './search-index-data';

/** Shorter queries get no typo tier: at 1–3 letters nearly everything is one typo away. */
const MIN_TYPO_QUERY = 4;
/** At 4 letters, "three of them start a word" matches far too much to be a useful suggestion. */
const MIN_PREFIX_TYPO_QUERY = 5;

export type SearchTier = 'exact' | 'prefix' | 'typo' | 'prefix-typo';

export interface SearchResult {
  entity: number;
  tier: SearchTier;
  key: number;
}

export interface SearchOptions {
  limit?: number;
  type?: EntityType;
}

export class SearchIndex {
  constructor(readonly data: SearchIndexData) {
    checkSearchIndexData(data);
  }

  get size(): number {
    return countOf(this.data.ids);
  }

  id(entity: number): string {
    return stringAt(this.data.ids, entity);
  }
  name(entity: number): string {
    return this.keyText(this.data.entityKeys[entity]!);
  }
  description(entity: number): string {
    return stringAt(this.data.descriptions, entity);
  }
  type(entity: number): EntityType {
    return ENTITY_TYPES[this.data.types[entity]!]!;
  }
  keyText(key: number): string {
    return stringAt(this.data.keyTexts, key);
  }

  search(query: string, options: SearchOptions = {}): SearchResult[] {
    const q = foldPhrase(query);
    const limit = options.limit ?? 20;
    if (!q || limit <= 0) return [];
    const d = this.data;
    const units = d.folded.units;
    const keyEnd = (key: number) => d.folded.offsets[key + 1]!;
    const typeCode = options.type === undefined ? -1 : ENTITY_TYPES.indexOf(options.type);
    const taken = new Set<number>();
    const out: SearchResult[] = [];
    const accepts = (entity: number) => !taken.has(entity) && (typeCode < 0 || d.types[entity] === typeCode);
    const flush = (top: TopByProminence) => {
      for (const r of top.items) {
        if (out.length >= limit) break;
        taken.add(r.entity);
        out.push(r);
      }
    };
    const vocabEnd = (v: number) => d.vocabPos[v]! + d.vocabLen[v]!;
    /** Offers every entity whose keys contain vocabulary string v. */
    const offerPostings = (top: TopByProminence, v: number, tier: SearchTier) => {
      for (let p = d.postStart[v]!; p < d.postStart[v + 1]!; p++) {
        const key = d.postKey[p]!;
        const entity = d.keyEntity[key]!;
        if (accepts(entity)) top.offer(entity, tier, key);
      }
    };

    const [from, to] = sortedRange(
      d.suffixPos.length,
      (i) => compareUnits(units, d.suffixPos[i]!, keyEnd(d.suffixKey[i]!), q),
      (i) => unitsStartWith(units, d.suffixPos[i]!, keyEnd(d.suffixKey[i]!), q),
    );
    // Exact: suffixes equal to the query that are whole keys (they sort first in the range).
    const exact = new TopByProminence(limit, d.prominence);
    for (let i = from; i < to; i++) {
      const key = d.suffixKey[i]!;
      const start = d.suffixPos[i]!;
      if (keyEnd(key) - start !== q.length) break;
      const entity = d.keyEntity[key]!;
      if (start === d.folded.offsets[key] && accepts(entity)) exact.offer(entity, 'exact', key);
    }
    flush(exact);
    if (out.length >= limit) return out;

    // The hot loop: a one-letter query can cover a large share of all suffixes, so the common
    // case (not better than the current worst) costs two typed-array reads and a comparison.
    const prefix = new TopByProminence(limit - out.length, d.prominence);
    for (let i = from; i < to; i++) {
      const entity = d.suffixEntity[i]!;
      if (d.prominence[entity]! <= prefix.threshold) continue;
      if (accepts(entity)) prefix.offer(entity, 'prefix', d.suffixKey[i]!);
    }
    flush(prefix);
    if (out.length >= limit || q.length < MIN_TYPO_QUERY) return out;

    const headLength = (q.length - 1) >> 1;
    const head = q.slice(0, headLength);
    const [hf, ht] = sortedRange(
      d.vocabPos.length,
      (v) => compareUnits(units, d.vocabPos[v]!, vocabEnd(v), head),
      (v) => unitsStartWith(units, d.vocabPos[v]!, vocabEnd(v), head),
    );

    const typo = new TopByProminence(limit - out.length, d.prominence);
    const check = (v: number) => {
      const len = d.vocabLen[v]!;
      if (len < q.length - 1 || len > q.length + 1) return;
      if (withinOneEdit(q, decodeUnits(units, d.vocabPos[v]!, vocabEnd(v)))) offerPostings(typo, v, 'typo');
    };
    for (let v = hf; v < ht; v++) check(v);
    const tail = reverseUnits(q.slice(headLength + 1));
    const [tf, tt] = sortedRange(
      d.reversedVocab.length,
      (r) => compareUnitsReversed(units, d.vocabPos[d.reversedVocab[r]!]!, vocabEnd(d.reversedVocab[r]!), tail),
      (r) => unitsEndWithReversed(units, d.vocabPos[d.reversedVocab[r]!]!, vocabEnd(d.reversedVocab[r]!), tail),
    );
    for (let r = tf; r < tt; r++) check(d.reversedVocab[r]!);
    flush(typo);
    if (out.length >= limit || q.length < MIN_PREFIX_TYPO_QUERY) return out;

    const prefixTypo = new TopByProminence(limit - out.length, d.prominence);
    prefixTypoRanges({ units, pos: d.vocabPos, len: d.vocabLen }, q, (from, to) => {
      for (let v = from; v < to; v++) offerPostings(prefixTypo, v, 'prefix-typo');
    });
    flush(prefixTypo);
    return out;
  }
}
