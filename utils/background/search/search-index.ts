/**
 * The popup's search index: exact, then prefix, then one-typo matches over every entity's name
 * and aliases, each tier ranked by prominence. Built in the background when the KB changes and
 * stored in a compact, structured-clone-friendly form (strings packed, numbers in typed arrays).
 *
 * Structure (see docs/adr/0003-search-index.md for the measured figures):
 * - `suffixes`: every word-suffix of every folded key ("maria zakharova", "zakharova"), sorted.
 *   A prefix query is one binary search: the range of suffixes starting with the query covers
 *   "prefix of the name or an alias" and "prefix of any word in them". Exact hits are the
 *   suffixes equal to the query that start at the key's first word.
 * - `vocab`: every distinct word and whole key, sorted, with the keys it occurs in; `reversed`:
 *   the same strings reversed, sorted. A one-typo match of a query of length L agrees exactly with
 *   the query on its first a = ⌊(L-1)/2⌋ letters or on its last L-1-a (the edit, even a
 *   transposition, cannot touch both), so candidates are two binary-searched ranges, filtered by
 *   length (L±1) and checked with `withinOneEdit`. No pass over the whole vocabulary.
 */
import { ENTITY_TYPES, type EntityType } from '../../shared/entity-types';
import { foldPhrase } from '../../shared/text-normalize';
import { withinOneEdit } from './edit-distance';
import { countOf, lengthAt, packStrings, prefixRange, stringAt, type PackedStrings } from './packed-strings';

export const SEARCH_INDEX_FORMAT = 1;
/** Shorter queries get no typo tier: at 1–3 letters nearly everything is one typo away. */
const MIN_TYPO_QUERY = 4;

export type SearchTier = 'exact' | 'prefix' | 'typo';

/** What the index needs of an entity (KB record or the user's own). */
export interface SearchableEntity {
  id: string;
  type: EntityType;
  name: string;
  description: string;
  aliases: readonly { text: string }[];
  prominence: number;
}

export interface SearchIndexData {
  format: typeof SEARCH_INDEX_FORMAT;
  ids: PackedStrings;
  names: PackedStrings;
  descriptions: PackedStrings;
  types: Uint8Array;
  prominence: Float32Array;
  /** Key k: its written form and its entity. */
  keyTexts: PackedStrings;
  keyEntity: Uint32Array;
  suffixes: PackedStrings;
  suffixKey: Uint32Array;
  /** Entity of each suffix (= keyEntity[suffixKey[i]]), read sequentially by the prefix scan. */
  suffixEntity: Uint32Array;
  /** 1 when the suffix is the whole key. */
  suffixWhole: Uint8Array;
  vocab: PackedStrings;
  /** Keys containing vocab word v: postKey[postStart[v] .. postStart[v + 1]). */
  postStart: Uint32Array;
  postKey: Uint32Array;
  reversed: PackedStrings;
  reversedVocab: Uint32Array;
}

export interface SearchResult {
  entity: number;
  tier: SearchTier;
  key: number;
}

export interface SearchOptions {
  limit?: number;
  type?: EntityType;
}

const reverse = (s: string) => [...s].reverse().join('');
const byString = (strings: readonly string[]) => (a: number, b: number) => {
  const x = strings[a]!;
  const y = strings[b]!;
  return x < y ? -1 : x > y ? 1 : 0;
};

export function compileSearchIndex(entities: Iterable<SearchableEntity>): SearchIndexData {
  const ids: string[] = [];
  const names: string[] = [];
  const descriptions: string[] = [];
  const types: number[] = [];
  const prominence: number[] = [];
  const keyTexts: string[] = [];
  const keyEntity: number[] = [];
  const suffixList: string[] = [];
  const suffixKeyList: number[] = [];
  const suffixWholeList: number[] = [];
  const vocabKeys = new Map<string, number[]>();
  const seenIds = new Set<string>();

  for (const e of entities) {
    if (seenIds.has(e.id)) continue; // first wins: callers pass higher-priority entities first
    seenIds.add(e.id);
    const entity = ids.length;
    ids.push(e.id);
    names.push(e.name);
    descriptions.push(e.description);
    types.push(ENTITY_TYPES.indexOf(e.type));
    prominence.push(e.prominence);
    const seenKeys = new Set<string>();
    for (const text of [e.name, ...e.aliases.map((a) => a.text)]) {
      const folded = foldPhrase(text);
      if (!folded || seenKeys.has(folded)) continue;
      seenKeys.add(folded);
      const key = keyTexts.length;
      keyTexts.push(text);
      keyEntity.push(entity);
      const words = folded.split(' ');
      for (let w = 0; w < words.length; w++) {
        suffixList.push(words.slice(w).join(' '));
        suffixKeyList.push(key);
        suffixWholeList.push(w === 0 ? 1 : 0);
      }
      for (const v of new Set([folded, ...words])) {
        const list = vocabKeys.get(v);
        if (list) list.push(key);
        else vocabKeys.set(v, [key]);
      }
    }
  }

  const suffixOrder = suffixList.map((_, i) => i).sort(byString(suffixList));
  const vocabList = [...vocabKeys.keys()].sort();
  const postStart = new Uint32Array(vocabList.length + 1);
  const postKey: number[] = [];
  vocabList.forEach((v, i) => {
    postStart[i] = postKey.length;
    postKey.push(...vocabKeys.get(v)!);
  });
  postStart[vocabList.length] = postKey.length;
  const reversedList = vocabList.map(reverse);
  const reversedOrder = reversedList.map((_, i) => i).sort(byString(reversedList));

  return {
    format: SEARCH_INDEX_FORMAT,
    ids: packStrings(ids),
    names: packStrings(names),
    descriptions: packStrings(descriptions),
    types: Uint8Array.from(types),
    prominence: Float32Array.from(prominence),
    keyTexts: packStrings(keyTexts),
    keyEntity: Uint32Array.from(keyEntity),
    suffixes: packStrings(suffixOrder.map((i) => suffixList[i]!)),
    suffixKey: Uint32Array.from(suffixOrder, (i) => suffixKeyList[i]!),
    suffixEntity: Uint32Array.from(suffixOrder, (i) => keyEntity[suffixKeyList[i]!]!),
    suffixWhole: Uint8Array.from(suffixOrder, (i) => suffixWholeList[i]!),
    vocab: packStrings(vocabList),
    postStart,
    postKey: Uint32Array.from(postKey),
    reversed: packStrings(reversedOrder.map((i) => reversedList[i]!)),
    reversedVocab: Uint32Array.from(reversedOrder),
  };
}

/**
 * The best `limit` entities by prominence, one entry per entity. Candidates arrive in any order;
 * most are rejected by one comparison with the current worst, so scanning a range of tens of
 * thousands of suffixes stays well under a millisecond.
 */
class TopByProminence {
  readonly items: SearchResult[] = [];
  private readonly scores: number[] = [];
  constructor(
    private readonly limit: number,
    private readonly prominence: Float32Array,
  ) {}

  /** A candidate must beat this to get in (-1 while there is room). */
  threshold = -1;

  offer(entity: number, tier: SearchTier, key: number): void {
    const score = this.prominence[entity]!;
    if (score <= this.threshold) return;
    const existing = this.items.findIndex((r) => r.entity === entity);
    if (existing >= 0) return; // same tier, same score: the first key found stays
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

export class SearchIndex {
  constructor(readonly data: SearchIndexData) {
    if (data.format !== SEARCH_INDEX_FORMAT) throw new Error(`search index format ${String((data as { format: unknown }).format)} is not ${String(SEARCH_INDEX_FORMAT)}`);
  }

  get size(): number {
    return countOf(this.data.ids);
  }

  id(entity: number): string {
    return stringAt(this.data.ids, entity);
  }
  name(entity: number): string {
    return stringAt(this.data.names, entity);
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

    const [from, to] = prefixRange(d.suffixes, q);
    // Exact: suffixes equal to the query that are whole keys (they sort first in the range).
    const exact = new TopByProminence(limit, d.prominence);
    for (let i = from; i < to && lengthAt(d.suffixes, i) === q.length; i++) {
      const key = d.suffixKey[i]!;
      const entity = d.keyEntity[key]!;
      if (d.suffixWhole[i] && accepts(entity)) exact.offer(entity, 'exact', key);
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

    const typo = new TopByProminence(limit - out.length, d.prominence);
    const check = (v: number) => {
      const len = lengthAt(d.vocab, v);
      if (len < q.length - 1 || len > q.length + 1 || !withinOneEdit(q, stringAt(d.vocab, v))) return;
      for (let p = d.postStart[v]!; p < d.postStart[v + 1]!; p++) {
        const key = d.postKey[p]!;
        const entity = d.keyEntity[key]!;
        if (accepts(entity)) typo.offer(entity, 'typo', key);
      }
    };
    const head = q.slice(0, (q.length - 1) >> 1);
    const tail = reverse(q.slice(head.length + 1));
    const [hf, ht] = prefixRange(d.vocab, head);
    for (let v = hf; v < ht; v++) check(v);
    const [tf, tt] = prefixRange(d.reversed, tail);
    for (let r = tf; r < tt; r++) check(d.reversedVocab[r]!);
    flush(typo);
    return out;
  }
}
