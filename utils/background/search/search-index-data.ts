/**
 * The stored form of the popup's search index and how it is compiled. Every field is a typed
 * array (strings as code units, see packed-strings.ts) so that loading it after the service worker
 * wakes is a handful of memory copies, not the deserialisation of an object graph or of large
 * strings: that load is what the popup waits for before its first results.
 *
 * Nothing is stored twice: suffixes and vocabulary words are positions in the folded keys, the
 * reversed vocabulary is only an order (compared by reading words backwards), and an entity's
 * name is its first key.
 */
import { ENTITY_TYPES, type EntityType } from '../../shared/entity-types';
import { foldPhrase } from '../../shared/text-normalize';
import { runToEnd } from '../../shared/run-steps';
import { packStrings, type PackedStrings } from './packed-strings';

/** 2: typed arrays only, suffixes and vocabulary as positions in the folded keys. */
export const SEARCH_INDEX_FORMAT = 2;
/** Longer strings are not vocabulary (their length must fit vocabLen); they stay findable by prefix. */
const MAX_VOCAB_LENGTH = 0xffff;

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
  descriptions: PackedStrings;
  types: Uint8Array;
  prominence: Float32Array;
  /** Keys of entity e: [entityKeys[e], entityKeys[e + 1]); the first is its name. */
  entityKeys: Uint32Array;
  /** Key k: its written form, its folded form ('' when it folds to nothing), its entity. */
  keyTexts: PackedStrings;
  folded: PackedStrings;
  keyEntity: Uint32Array;
  /**
   * Every word-suffix of every folded key, sorted: suffix i is folded.units[suffixPos[i], end of
   * key suffixKey[i]). It is the whole key when suffixPos[i] is the key's start.
   */
  suffixPos: Uint32Array;
  suffixKey: Uint32Array;
  /** Entity of each suffix (= keyEntity[suffixKey[i]]), read sequentially by the prefix scan. */
  suffixEntity: Uint32Array;
  /** Every distinct word and whole key, sorted: folded.units[vocabPos[v], + vocabLen[v]). */
  vocabPos: Uint32Array;
  vocabLen: Uint16Array;
  /** Keys containing vocab word v: postKey[postStart[v] .. postStart[v + 1]). */
  postStart: Uint32Array;
  postKey: Uint32Array;
  /** The vocabulary ordered by its words read backwards (for typos in a query's first half). */
  reversedVocab: Uint32Array;
}

/** Reverses by code units, as compareUnitsReversed reads them. */
export const reverseUnits = (s: string): string => {
  let out = '';
  for (let i = s.length - 1; i >= 0; i--) out += s[i];
  return out;
};

const byString = (strings: readonly string[]) => (a: number, b: number) => {
  const x = strings[a]!;
  const y = strings[b]!;
  return x < y ? -1 : x > y ? 1 : 0;
};

/** Entities compiled between two steps of compileSearchIndexSteps (a few milliseconds of work). */
const ENTITIES_PER_STEP = 500;

export function compileSearchIndex(entities: Iterable<SearchableEntity>): SearchIndexData {
  return runToEnd(compileSearchIndexSteps(entities));
}

/**
 * compileSearchIndex in steps: it yields every ENTITIES_PER_STEP entities and between its
 * phases, so that the background can answer lookups in between (stored-index.ts, runInSlices)
 * instead of being blocked for the whole build (seconds at 100k entities). The longest step left
 * is the sort of every word-suffix (~0.3 s at 100k on the 2-core development machine).
 */
export function* compileSearchIndexSteps(entities: Iterable<SearchableEntity>): Generator<void, SearchIndexData, void> {
  const ids: string[] = [];
  const descriptions: string[] = [];
  const types: number[] = [];
  const prominence: number[] = [];
  const entityKeys: number[] = [];
  const keyTexts: string[] = [];
  const foldedKeys: string[] = [];
  const keyEntity: number[] = [];
  const suffixList: string[] = [];
  const suffixPosList: number[] = [];
  const suffixKeyList: number[] = [];
  /** Each vocabulary string: where it first occurs in the folded keys, and the keys holding it. */
  const vocab = new Map<string, { pos: number; keys: number[] }>();
  const seenIds = new Set<string>();
  let foldedAt = 0;

  let read = 0;
  for (const e of entities) {
    if (++read % ENTITIES_PER_STEP === 0) yield;
    if (seenIds.has(e.id)) continue; // first wins: callers pass higher-priority entities first
    seenIds.add(e.id);
    const entity = ids.length;
    ids.push(e.id);
    descriptions.push(e.description);
    types.push(ENTITY_TYPES.indexOf(e.type));
    prominence.push(e.prominence);
    entityKeys.push(keyTexts.length);
    const seenKeys = new Set<string>();
    [e.name, ...e.aliases.map((a) => a.text)].forEach((text, nth) => {
      const folded = foldPhrase(text);
      // The name is always key 0 of its entity (it is shown from there), even if it folds to nothing.
      if (nth > 0 && (!folded || seenKeys.has(folded))) return;
      seenKeys.add(folded);
      const key = keyTexts.length;
      keyTexts.push(text);
      foldedKeys.push(folded);
      keyEntity.push(entity);
      const keyStart = foldedAt;
      foldedAt += folded.length;
      if (!folded) return;
      const note = (v: string, pos: number) => {
        if (v.length > MAX_VOCAB_LENGTH) return;
        const entry = vocab.get(v);
        if (!entry) vocab.set(v, { pos, keys: [key] });
        else if (entry.keys[entry.keys.length - 1] !== key) entry.keys.push(key);
      };
      note(folded, keyStart);
      let wordStart = 0;
      for (const word of folded.split(' ')) {
        suffixList.push(folded.slice(wordStart));
        suffixPosList.push(keyStart + wordStart);
        suffixKeyList.push(key);
        note(word, keyStart + wordStart);
        wordStart += word.length + 1;
      }
    });
  }
  entityKeys.push(keyTexts.length);

  yield;
  const suffixOrder = suffixList.map((_, i) => i).sort(byString(suffixList));
  yield;
  const vocabList = [...vocab.keys()].sort();
  yield;
  const postStart = new Uint32Array(vocabList.length + 1);
  const postKey: number[] = [];
  vocabList.forEach((v, i) => {
    postStart[i] = postKey.length;
    for (const key of vocab.get(v)!.keys) postKey.push(key);
  });
  postStart[vocabList.length] = postKey.length;
  yield;
  const reversedList = vocabList.map(reverseUnits);
  const reversedVocab = Uint32Array.from(reversedList.map((_, i) => i).sort(byString(reversedList)));
  yield;

  return {
    format: SEARCH_INDEX_FORMAT,
    ids: packStrings(ids),
    descriptions: packStrings(descriptions),
    types: Uint8Array.from(types),
    prominence: Float32Array.from(prominence),
    entityKeys: Uint32Array.from(entityKeys),
    keyTexts: packStrings(keyTexts),
    folded: packStrings(foldedKeys),
    keyEntity: Uint32Array.from(keyEntity),
    suffixPos: Uint32Array.from(suffixOrder, (i) => suffixPosList[i]!),
    suffixKey: Uint32Array.from(suffixOrder, (i) => suffixKeyList[i]!),
    suffixEntity: Uint32Array.from(suffixOrder, (i) => keyEntity[suffixKeyList[i]!]!),
    vocabPos: Uint32Array.from(vocabList, (v) => vocab.get(v)!.pos),
    vocabLen: Uint16Array.from(vocabList, (v) => v.length),
    postStart,
    postKey: Uint32Array.from(postKey),
    reversedVocab,
  };
}

/** Throws unless `data` is a stored form this code reads (an older one is then rebuilt). */
export function checkSearchIndexData(data: SearchIndexData): void {
  const format = (data as { format: unknown }).format;
  if (format !== SEARCH_INDEX_FORMAT) throw new Error(`search index format ${String(format)} is not ${String(SEARCH_INDEX_FORMAT)}`);
}
