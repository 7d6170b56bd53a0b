/**
 * The matcher over a compiled index (compiled-index.ts): scans the text once (scanner.ts), looks
 * each word up in the vocabulary by its folded code units and hash, and walks the token trie as
 * words arrive. No token array and no per-word objects: only words that may continue an alias are
 * kept, in a small buffer of numbers, and objects are made only for matches. Between walks the
 * scanner skips straight to the next word that can start an alias (`nextWord`, with the stored
 * first-word filter), which is where most of a page's words go.
 *
 * Semantics (the reference is the plain loop in tests/unit/helpers/reference-matcher.ts): from
 * each word i, follow the trie while words are in the vocabulary and not separated by a break;
 * the longest alias ending there whose case rules accept the text is the match at i, and the scan
 * resumes after it; with none, it resumes at i + 1.
 */
import type { AliasEntry, Matcher, RawMatch } from './matcher';
import { DEAD_WORD, NO_WORD, Scanner, type WordLookup } from './scanner';
import { FIRST_ENDS, FIRST_LEAF, FIRST_NODE } from './word-filter';
import type { StringTable } from './string-table';
import { tokenize } from './tokenize';

export const CASE_SENSITIVE = 1;
export const NEEDS_CONTEXT = 2;

/** The parts of the compiled index the matcher reads. */
export interface TrieArrays {
  aliasBlob: string;
  aliasOffsets: Uint32Array;
  /** Per alias: bit k set when its word k (k < 31) starts with a capital; bit 31: capitals past word 30. */
  aliasCaps: Uint32Array;
  edgeStart: Uint32Array;
  edgeToken: Uint32Array;
  edgeChild: Uint32Array;
  entryStart: Uint32Array;
  entryEntity: Uint32Array;
  entryAlias: Uint32Array;
  entryFlags: Uint8Array;
  /** Filters (word-filter.ts) of the words that start an alias, and of all vocabulary words. */
  firstFilter: Uint32Array;
  lowerFirstFilter: Uint32Array;
  vocabFilter: Uint32Array;
  /** Filter of every alias's first two words (word-filter.ts pairHash; ALONE as the second of one). */
  pairFilter: Uint32Array;
}

const hasUpper = (s: string) => s !== s.toLowerCase();

/** Bit 31 of a capital mask: some word past the 31st starts with a capital. */
const CAPS_BEYOND = 1 << 31;
const CAPS_WORDS = 31;

/** Bit k set when word k starts with a capital (hasUpper of its first code unit). */
export function capitalMask(surfaces: readonly string[]): number {
  let mask = 0;
  surfaces.forEach((w, k) => {
    if (w[0] !== undefined && hasUpper(w[0])) mask |= k < CAPS_WORDS ? 1 << k : CAPS_BEYOND;
  });
  return mask >>> 0;
}
/**
 * Whether the case rules (`caseAllows` below) can accept an alias whose first word is written on
 * the page without a capital: not when it must be written exactly and starts with one, nor when
 * its first word holds its only capital.
 */
export function mayStartLowerCase(firstSurface: string, caps: number, caseSensitive: boolean): boolean {
  if (caseSensitive) return !hasUpper(firstSurface.charAt(0));
  return caps !== 1;
}

/** Buffered word flags. */
const PLAIN = 1; // ASCII word or number: its surface is its text
const BREAK_BEFORE = 2;
const ABBREVIATION = 4;
const CAPITAL = 8; // the surface starts with a capital

export function createCompiledMatcher(data: TrieArrays, vocab: StringTable, ids: StringTable): Matcher {
  const { edgeStart, edgeToken, edgeChild, entryStart, entryEntity, entryAlias, entryFlags, aliasCaps } = data;
  const scanner = new Scanner(vocab.maxLength());

  // The root has an edge for most first words: a direct table instead of a binary search.
  // Per first word: its node and whether it is an alias alone or a leaf (word-filter.ts FIRST_*).
  const firstInfo = new Int32Array(vocab.size).fill(-1);
  for (let e = edgeStart[0]!; e < edgeStart[1]!; e++) {
    const child = edgeChild[e]!;
    if (child > FIRST_NODE) throw new Error('compiled index: too many trie nodes');
    const ends = entryStart[child] !== entryStart[child + 1] ? FIRST_ENDS : 0;
    const leaf = edgeStart[child] === edgeStart[child + 1] ? FIRST_LEAF : 0;
    firstInfo[edgeToken[e]!] = child | ends | leaf;
  }
  const words: WordLookup = {
    vocab,
    firstNode: firstInfo,
    firstFilter: data.firstFilter,
    lowerFirstFilter: data.lowerFirstFilter,
    vocabFilter: data.vocabFilter,
    pairs: { pairFilter: data.pairFilter },
  };

  const aliasText = (alias: number) => data.aliasBlob.slice(data.aliasOffsets[alias], data.aliasOffsets[alias + 1]);
  // Filled in as entries are reached; sized on first use, not at load.
  let aliasWords: (string[] | undefined)[] | undefined;
  let entries: (AliasEntry | undefined)[] | undefined;
  // Per entry, the one-candidate list of a match that has only it (most matches): shared, frozen.
  let alone: (readonly AliasEntry[] | undefined)[] | undefined;

  /** Surface of each word of an alias. */
  function wordsOf(alias: number): string[] {
    aliasWords ??= new Array<string[] | undefined>(aliasCaps.length);
    return (aliasWords[alias] ??= tokenize(aliasText(alias)).map((t) => t.surface));
  }

  /** One frozen AliasEntry per KB entry, shared by every match of it. */
  function entryOf(k: number): AliasEntry {
    entries ??= new Array<AliasEntry | undefined>(entryEntity.length);
    let e = entries[k];
    // Not `!e`: that would read the object (its map), a cache miss per match on large KBs.
    if (e === undefined) {
      const flags = entryFlags[k]!;
      entries[k] = e = Object.freeze({
        entityId: ids.get(entryEntity[k]!),
        alias: aliasText(entryAlias[k]!),
        caseSensitive: (flags & CASE_SENSITIVE) !== 0,
        needsContext: (flags & NEEDS_CONTEXT) !== 0,
      });
    }
    return e;
  }

  function candidatesOf(count: number): readonly AliasEntry[] {
    if (count === 1) {
      alone ??= new Array<readonly AliasEntry[] | undefined>(entryEntity.length);
      const k = best[0]!;
      return (alone[k] ??= Object.freeze([entryOf(k)]));
    }
    const candidates = new Array<AliasEntry>(count);
    for (let k = 0; k < count; k++) candidates[k] = entryOf(best[k]!);
    return candidates;
  }

  function child(node: number, token: number): number {
    if (node === 0) {
      const info = firstInfo[token]!;
      return info < 0 ? -1 : info & FIRST_NODE;
    }
    let lo = edgeStart[node]!;
    let hi = edgeStart[node + 1]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const t = edgeToken[mid]!;
      if (t === token) return edgeChild[mid]!;
      if (t < token) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  // Words that may still be part of a match: vocabulary id, span, flags. Grown on demand.
  let capacity = 16;
  let bufId = new Int32Array(capacity);
  let bufStart = new Int32Array(capacity);
  let bufEnd = new Int32Array(capacity);
  let bufFlags = new Uint8Array(capacity);
  // Entries accepted at the best node so far, and at the node being looked at.
  let best = new Int32Array(8);
  let trial = new Int32Array(8);

  let text = '';
  let out: RawMatch[] = [];
  let n = 0; // buffered words
  let head = 0; // buffer index of the word the current walk starts at
  let base = 0; // token index of buffer index 0
  let walk = 0; // next buffer index the walk reads
  let node = 0;
  let bestLast = -1;
  let bestCount = 0;
  /** Capital mask of the words head .. walk. */
  let walkCaps = 0;

  function surfaceAt(b: number): string {
    const raw = text.slice(bufStart[b], bufEnd[b]);
    const flags = bufFlags[b]!;
    if (flags & ABBREVIATION) return raw.replaceAll('.', '');
    return flags & PLAIN ? raw : raw.normalize('NFKC');
  }

  function surfaceIs(b: number, word: string): boolean {
    if (!(bufFlags[b]! & PLAIN)) return surfaceAt(b) === word;
    const start = bufStart[b]!;
    if (bufEnd[b]! - start !== word.length) return false;
    for (let k = 0; k < word.length; k++) if (text.charCodeAt(start + k) !== word.charCodeAt(k)) return false;
    return true;
  }

  /**
   * Case rules. A case-sensitive alias (KCNA, US, Patriot) must be written exactly so. Any other
   * alias that has capitals must keep at least one of them on the page ("Russian foreign ministry"
   * matches, "cold war" in lower case does not): its capital mask meets that of the words read.
   */
  function caseAllows(alias: number, caseSensitive: boolean): boolean {
    if (caseSensitive) {
      const words = wordsOf(alias);
      for (let k = 0; k < words.length; k++) if (!surfaceIs(head + k, words[k]!)) return false;
      return true;
    }
    const caps = aliasCaps[alias]!;
    if (caps === 0 || (caps & walkCaps) !== 0) return true;
    if (!(caps & CAPS_BEYOND)) return false;
    const words = wordsOf(alias);
    for (let k = CAPS_WORDS; k < words.length; k++) if (bufFlags[head + k]! & CAPITAL && hasUpper(words[k]![0]!)) return true;
    return false;
  }

  /** At a node with entries: keeps those whose case rules the words from `head` satisfy, if any. */
  function accept(at: number): void {
    const from = entryStart[at]!;
    const to = entryStart[at + 1]!;
    if (to - from > trial.length) trial = new Int32Array(to - from);
    let count = 0;
    for (let k = from; k < to; k++) {
      if (caseAllows(entryAlias[k]!, (entryFlags[k]! & CASE_SENSITIVE) !== 0)) trial[count++] = k;
    }
    if (count === 0) return;
    const swap = best;
    best = trial;
    trial = swap;
    bestCount = count;
    bestLast = walk;
  }

  /** Continues the walk over buffered words; resolves walks that ended (all of them if `final`). */
  function advance(final: boolean): void {
    for (;;) {
      let ended = false;
      while (walk < n) {
        const id = bufId[walk]!;
        const next = id < 0 || (walk > head && bufFlags[walk]! & BREAK_BEFORE) ? -1 : child(node, id);
        if (next < 0) {
          ended = true;
          break;
        }
        node = next;
        if (bufFlags[walk]! & CAPITAL && walk - head < CAPS_WORDS) walkCaps |= 1 << (walk - head);
        if (entryStart[node] !== entryStart[node + 1]) accept(node);
        walk++;
      }
      if (!ended && !final) return;
      if (head >= n) return;
      if (bestLast >= 0) {
        const candidates = candidatesOf(bestCount);
        out.push({ start: bufStart[head]!, end: bufEnd[bestLast]!, firstToken: base + head, lastToken: base + bestLast, candidates });
        head = bestLast + 1;
      } else {
        head++;
      }
      walk = head;
      node = 0;
      walkCaps = 0;
      bestLast = -1;
      if (head >= n) {
        head = n = walk = 0;
        return;
      }
    }
  }

  function grow(): void {
    if (head > 0) {
      // Drop the words before the current walk.
      bufId.copyWithin(0, head, n);
      bufStart.copyWithin(0, head, n);
      bufEnd.copyWithin(0, head, n);
      bufFlags.copyWithin(0, head, n);
      n -= head;
      walk -= head;
      if (bestLast >= 0) bestLast -= head;
      base += head;
      head = 0;
      return;
    }
    capacity *= 2;
    const id = new Int32Array(capacity);
    const start = new Int32Array(capacity);
    const end = new Int32Array(capacity);
    const flags = new Uint8Array(capacity);
    id.set(bufId);
    start.set(bufStart);
    end.set(bufEnd);
    flags.set(bufFlags);
    [bufId, bufStart, bufEnd, bufFlags] = [id, start, end, flags];
  }

  function push(id: number): void {
    if (n === capacity) grow();
    bufId[n] = id;
    bufStart[n] = scanner.start;
    bufEnd[n] = scanner.end;
    let flags = (scanner.plain ? PLAIN : 0) | (scanner.breakBefore ? BREAK_BEFORE : 0) | (scanner.abbreviation ? ABBREVIATION : 0);
    if (scanner.plain) {
      const c = text.charCodeAt(scanner.start);
      if (c >= 0x41 && c <= 0x5a) flags |= CAPITAL;
    } else {
      const initial = scanner.surface()[0];
      if (initial !== undefined && hasUpper(initial)) flags |= CAPITAL;
    }
    bufFlags[n] = flags;
    n++;
  }

  function match(input: string): RawMatch[] {
    const found: RawMatch[] = (out = []);
    text = input;
    head = n = walk = node = walkCaps = 0;
    bestLast = -1;
    scanner.reset(input);
    for (;;) {
      if (head === n) {
        // No walk under way: skip to the next word that starts an alias, and start a walk there.
        const id = scanner.nextWord(words, true);
        if (id === NO_WORD) break;
        base = scanner.count - 1;
        head = n = 0;
        push(id);
        const info = firstInfo[id]!;
        node = info & FIRST_NODE;
        walk = 0;
        walkCaps = bufFlags[0]! & CAPITAL ? 1 : 0;
        if (info & FIRST_ENDS) accept(node);
        walk = 1;
        // A leaf ("HAD"): the walk ends here, so settle it without reading the next word.
        if (info & FIRST_LEAF) advance(true);
        continue;
      }
      // A word outside the vocabulary continues no walk and starts none: every walk under way
      // ends before it, so settle them all without buffering it (the commonest end of a walk).
      const id = scanner.nextWord(words, false, true);
      if (id === NO_WORD) break;
      if (id === DEAD_WORD) {
        advance(true);
        continue;
      }
      push(id);
      advance(false);
    }
    advance(true);
    text = '';
    out = [];
    return found;
  }

  return { size: entryEntity.length, match };
}
