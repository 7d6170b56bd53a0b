/**
 * The spotting index in a compiled, storable form: a token trie and the per-entity context data
 * flattened into typed arrays and packed strings.
 *
 * Why: an MV3 service worker is killed whenever Chrome likes, and rebuilding a trie of a large KB
 * from IndexedDB on every wake would delay the first marks on a page. The background compiles the
 * index once per KB change and stores `CompiledIndexData` (structured-clone friendly: strings and
 * typed arrays only); `loadCompiledIndex` wraps it without rebuilding anything.
 *
 * Layout (CSR-style): node n's outgoing edges are edgeToken/edgeChild[edgeStart[n] .. edgeStart[n+1]),
 * sorted by token id for binary search; the aliases ending at n are entry*[entryStart[n] .. entryStart[n+1]).
 * `firstFilter` and `vocabFilter` (word-filter.ts) let the scanner pass over most words of a page
 * without probing the vocabulary.
 */
import { ENTITY_TYPES, type EntityType } from '../shared/entity-types';
import type { EntityRecord } from '../shared/kb-schema';
import { referencedIds } from '../shared/entity-refs';
import { runToEnd } from '../shared/run-steps';
import { capitalMask, CASE_SENSITIVE, createCompiledMatcher, mayStartLowerCase, NEEDS_CONTEXT, type TrieArrays } from './compiled-matcher';
import type { EntityInfo, SpotIndex } from './spot-mentions';
import { StringTable, type StringTableData } from './string-table';
import { tokenize } from './tokenize';
import { ALONE, buildHashFilter, buildWordFilter, fnv1a, pairHash } from './word-filter';

/**
 * Bumped whenever the stored layout changes, so that an index stored by an older version is
 * rebuilt instead of misread. 2: string-table slots carry a hash tag; `aliasCaps` added.
 * 3: `firstFilter` and `vocabFilter` added. 4: `lowerFirstFilter` and `pairFilter` added.
 * 5: the filters set two bits per string. 6: `pairFilter` also holds one-word aliases (ALONE).
 */
export const COMPILED_INDEX_FORMAT = 6;

/** The stored form: the matcher's trie arrays (compiled-matcher.ts) plus per-entity context. */
export interface CompiledIndexData extends TrieArrays {
  format: typeof COMPILED_INDEX_FORMAT;
  vocab: StringTableData;
  entityIds: StringTableData;
  entityType: Uint8Array;
  prominence: Float32Array;
  /** Entity index of what a city's name stands for (seat-of, else capital-of), or -1. */
  capitalOf: Int32Array;
  neighborStart: Uint32Array;
  neighborList: Uint32Array;
}

/** The subset of an entity record the index needs. */
export type IndexableEntity = Pick<EntityRecord, 'id' | 'type' | 'name' | 'aliases' | 'prominence' | 'relations' | 'facts' | 'treaty'>;

interface BuildNode {
  children: Map<number, BuildNode>;
  entries: { entity: number; alias: number; flags: number }[];
}

export function compileIndex(records: Iterable<IndexableEntity>): CompiledIndexData {
  return runToEnd(compileIndexSteps(records));
}

/** Entities compiled between two steps of compileIndexSteps (a few milliseconds of work). */
const ENTITIES_PER_STEP = 500;

/**
 * compileIndex in steps: yields every ENTITIES_PER_STEP entities and between phases, so that
 * the background worker can answer lookups while it rebuilds the index after a KB change
 * (utils/background/stored-index.ts, runInSlices) instead of blocking its thread for seconds.
 */
export function* compileIndexSteps(records: Iterable<IndexableEntity>): Generator<void, CompiledIndexData, void> {
  const entities = [...records];
  const entityIds = StringTable.build(entities.map((e) => e.id));
  const indexOfEntity = (id: string) => entityIds.indexOf(id);

  const vocabIds = new Map<string, number>();
  const aliasTexts: string[] = [];
  const aliasCaps: number[] = [];
  /** Vocabulary ids of the first words of aliases that a word without a capital may start. */
  const lowerFirsts = new Set<number>();
  /** pairHash of the keys of every alias's first two words (the second ALONE for one word). */
  const pairs = new Set<number>();
  const root: BuildNode = { children: new Map(), entries: [] };
  let nodeCount = 1;
  let entryCount = 0;

  for (let n = 0; n < entities.length; n++) {
    if (n % ENTITIES_PER_STEP === 0) yield;
    const e = entities[n]!;
    const entity = indexOfEntity(e.id);
    const own = e.aliases.some((a) => a.text === e.name) ? e.aliases : [...e.aliases, { text: e.name }];
    for (const a of own.flatMap(withSentenceStart)) {
      const tokens = tokenize(a.text);
      if (tokens.length === 0) continue;
      let node = root;
      for (const t of tokens) {
        let id = vocabIds.get(t.key);
        if (id === undefined) vocabIds.set(t.key, (id = vocabIds.size));
        let child = node.children.get(id);
        if (!child) {
          node.children.set(id, (child = { children: new Map(), entries: [] }));
          nodeCount++;
        }
        node = child;
      }
      const caseSensitive = 'caseSensitive' in a && a.caseSensitive === true;
      const flags = (caseSensitive ? CASE_SENSITIVE : 0) | ('needsContext' in a && a.needsContext ? NEEDS_CONTEXT : 0);
      node.entries.push({ entity, alias: aliasTexts.length, flags });
      const caps = capitalMask(tokens.map((t) => t.surface));
      if (mayStartLowerCase(tokens[0]!.surface, caps, caseSensitive)) lowerFirsts.add(vocabIds.get(tokens[0]!.key)!);
      pairs.add(pairHash(fnv1a(tokens[0]!.key), tokens.length > 1 ? fnv1a(tokens[1]!.key) : ALONE));
      aliasTexts.push(a.text);
      aliasCaps.push(caps);
      entryCount++;
    }
  }
  yield;

  // Flatten breadth-first so that node numbers are assigned before their edges are written.
  const edgeStart = new Uint32Array(nodeCount + 1);
  const entryStart = new Uint32Array(nodeCount + 1);
  const edgeToken = new Uint32Array(nodeCount - 1);
  const edgeChild = new Uint32Array(nodeCount - 1);
  const entryEntity = new Uint32Array(entryCount);
  const entryAlias = new Uint32Array(entryCount);
  const entryFlags = new Uint8Array(entryCount);
  const queue: BuildNode[] = [root];
  let edges = 0;
  let entries = 0;
  for (let n = 0; n < queue.length; n++) {
    if (n % (ENTITIES_PER_STEP * 4) === 0) yield;
    const node = queue[n]!;
    edgeStart[n] = edges;
    entryStart[n] = entries;
    for (const [token, child] of [...node.children].sort((a, b) => a[0] - b[0])) {
      edgeToken[edges] = token;
      edgeChild[edges] = queue.length;
      queue.push(child);
      edges++;
    }
    for (const entry of node.entries) {
      entryEntity[entries] = entry.entity;
      entryAlias[entries] = entry.alias;
      entryFlags[entries] = entry.flags;
      entries++;
    }
  }
  edgeStart[nodeCount] = edges;
  entryStart[nodeCount] = entries;

  const aliasOffsets = new Uint32Array(aliasTexts.length + 1);
  let length = 0;
  aliasTexts.forEach((t, i) => {
    aliasOffsets[i] = length;
    length += t.length;
  });
  aliasOffsets[aliasTexts.length] = length;

  // Per-entity context: type, prominence, capital, neighbours in both directions.
  const count = entityIds.size;
  const entityType = new Uint8Array(count);
  const prominence = new Float32Array(count);
  const capitalOf = new Int32Array(count).fill(-1);
  const neighbors: Set<number>[] = Array.from({ length: count }, () => new Set());
  yield;
  for (const [n, e] of entities.entries()) {
    if (n % (ENTITIES_PER_STEP * 4) === 0) yield;
    const i = indexOfEntity(e.id);
    entityType[i] = ENTITY_TYPES.indexOf(e.type);
    prominence[i] = e.prominence;
    // What the city's name stands for: the seat of an institution before the capital of a country.
    const capital = e.relations.find((r) => r.type === 'seat-of' && !r.to) ?? e.relations.find((r) => r.type === 'capital-of' && !r.to);
    if (capital) capitalOf[i] = indexOfEntity(capital.target);
    for (const target of referencedIds(e)) {
      const j = indexOfEntity(target);
      if (j < 0 || j === i) continue;
      neighbors[i]!.add(j);
      neighbors[j]!.add(i);
    }
  }
  const neighborStart = new Uint32Array(count + 1);
  let total = 0;
  neighbors.forEach((set, i) => {
    neighborStart[i] = total;
    total += set.size;
  });
  neighborStart[count] = total;
  const neighborList = new Uint32Array(total);
  neighbors.forEach((set, i) => neighborList.set([...set].sort((a, b) => a - b), neighborStart[i]));

  yield;
  // Stored rather than built at load: hashing every vocabulary word would slow each wake-up.
  const vocabList = [...vocabIds.keys()];
  const firstWords = [...root.children.keys()].map((id) => vocabList[id]!);

  return {
    format: COMPILED_INDEX_FORMAT,
    vocab: StringTable.build(vocabList).data,
    entityIds: entityIds.data,
    aliasBlob: aliasTexts.join(''),
    aliasOffsets,
    aliasCaps: Uint32Array.from(aliasCaps),
    edgeStart,
    edgeToken,
    edgeChild,
    entryStart,
    entryEntity,
    entryAlias,
    entryFlags,
    firstFilter: buildWordFilter(firstWords, firstWords.length),
    // Sized like firstFilter (the scanner uses one shift for both).
    lowerFirstFilter: buildWordFilter([...lowerFirsts].map((id) => vocabList[id]!), firstWords.length),
    vocabFilter: buildWordFilter(vocabList, vocabList.length),
    pairFilter: buildHashFilter(pairs, pairs.size),
    entityType,
    prominence,
    capitalOf,
    neighborStart,
    neighborList,
  };
}

/** Wraps stored index data as a ready SpotIndex; no per-alias work happens here. */
export function loadCompiledIndex(data: CompiledIndexData): SpotIndex {
  if (data.format !== COMPILED_INDEX_FORMAT) throw new Error(`unknown compiled index format ${String(data.format)}`);
  const ids = new StringTable(data.entityIds);
  const matcher = createCompiledMatcher(data, new StringTable(data.vocab), ids);

  function info(id: string): EntityInfo | undefined {
    const i = ids.indexOf(id);
    if (i < 0) return undefined;
    const neighbors: string[] = [];
    for (let k = data.neighborStart[i]!; k < data.neighborStart[i + 1]!; k++) neighbors.push(ids.get(data.neighborList[k]!));
    const capital = data.capitalOf[i]!;
    return {
      type: ENTITY_TYPES[data.entityType[i]!] as EntityType,
      prominence: data.prominence[i]!,
      neighbors,
      capitalOf: capital >= 0 ? ids.get(capital) : undefined,
    };
  }

  return { matcher, info };
}

type AliasInput = EntityRecord['aliases'][number] | { text: string };

/**
 * An exact-case alias that starts with "the" ("the Kremlin", "the Pentagon") is also written with
 * "The" at the start of a sentence; without this, "The Kremlin said" would mark only "Kremlin".
 */
function withSentenceStart(a: AliasInput): AliasInput[] {
  const exact = 'caseSensitive' in a && a.caseSensitive;
  return exact && a.text.startsWith('the ') ? [a, { ...a, text: `The${a.text.slice(3)}` }] : [a];
}
