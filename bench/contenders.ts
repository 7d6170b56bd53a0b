/**
 * The matchers the benchmark compares, behind one small interface.
 *
 * "Ours" is whatever the background really uses; to switch implementation, change `buildOurs`
 * and `loadOurs` only. The Aho–Corasick libraries find raw substrings and know nothing of word
 * boundaries or case rules, so for fairness they get lower-cased patterns and lower-cased text and
 * we count their matches; ours tokenizes, folds and applies its rules inside the timed region.
 */
import { createRequire } from 'node:module';
import { deserialize, serialize } from 'node:v8';
import AhoCorasick from 'modern-ahocorasick';
import { compileIndex, loadCompiledIndex, type IndexableEntity } from '../utils/matcher/compiled-index';
import type { AliasEntry, Matcher } from '../utils/matcher/matcher';
import { asciiRun } from '../utils/matcher/ascii-run';
import { buildTrieMatcher } from './trie-matcher';

/** A built matcher: counts matches in a text. */
export interface Built {
  count(text: string): number;
}

/** A matcher's stored form: what would sit in IndexedDB or a file, and how to wake it up. */
export interface Stored {
  bytes: number;
  load(): Built;
}

export interface Contender {
  name: string;
  /** Lower-case the text and patterns before matching (raw substring matchers). */
  lowerCase: boolean;
  build(aliases: readonly AliasEntry[]): Built;
  /** The serialised form, for libraries that have one; otherwise why not. */
  store?(built: Built): Stored;
  noStoreReason?: string;
}

const ourCount = (matcher: Matcher) => ({ count: (text: string) => matcher.match(text).length });

/** One synthetic entity per alias: the compiled index is built from entity records. */
function asEntities(aliases: readonly AliasEntry[]): IndexableEntity[] {
  return aliases.map((a) => ({
    id: a.entityId,
    type: 'person',
    name: a.alias,
    aliases: [{ text: a.alias, caseSensitive: a.caseSensitive }],
    prominence: 0.5,
    relations: [],
    facts: [],
  }));
}

type CompiledData = ReturnType<typeof compileIndex>;

/** Our matcher as the background uses it: compiled index (utils/matcher/compiled-index.ts). */
function buildOurs(aliases: readonly AliasEntry[]): Built & { data: CompiledData } {
  const data = compileIndex(asEntities(aliases));
  return { data, ...ourCount(loadCompiledIndex(data).matcher) };
}

/**
 * Waking ours up: IndexedDB hands back a structured clone of the stored data; v8.deserialize is
 * the same serializer, so this is the read-from-disk part plus `loadCompiledIndex`.
 */
function storeOurs(built: Built): Stored {
  const bytes = serialize((built as ReturnType<typeof buildOurs>).data);
  return { bytes: bytes.length, load: () => ourCount(loadCompiledIndex(deserialize(bytes) as CompiledData).matcher) };
}

/**
 * Not a matcher: reads the text's words the way ours does (ASCII classified and hashed by
 * ascii-run.ts, the rest skipped) and counts them, with no lookup at all. What any word matcher
 * on this machine must at least spend: the gap to it is the cost of lookups, walks and results.
 */
function countWords(text: string): number {
  let words = 0;
  let p = 0;
  while (p < text.length) {
    const c = text.charCodeAt(p);
    if (((c | 0x20) - 0x61) >>> 0 < 26) p = asciiRun(text, p, true);
    else if ((c - 0x30) >>> 0 < 10) p = asciiRun(text, p, false);
    else {
      p++;
      continue;
    }
    words++;
  }
  return words;
}

interface SubstringAho {
  search(text: string): [number, string[]][];
}
const require = createRequire(import.meta.url);
const LegacyAho = require('ahocorasick') as new (keywords: string[]) => SubstringAho;

export const CONTENDERS: Contender[] = [
  {
    name: 'ours (compiled index)',
    lowerCase: false,
    build: buildOurs,
    store: storeOurs,
  },
  {
    name: 'ours (trie, reference)',
    lowerCase: false,
    build: (aliases) => ourCount(buildTrieMatcher(aliases)),
    noStoreReason: 'n/a (in-memory only)',
  },
  {
    name: 'floor (read words only)',
    lowerCase: false,
    build: () => ({ count: countWords }),
    noStoreReason: 'n/a (no index)',
  },
  {
    name: 'modern-ahocorasick',
    lowerCase: true,
    build(aliases) {
      const ac = new AhoCorasick(aliases.map((a) => a.alias));
      return Object.assign({ count: (text: string) => ac.count(text) }, { ac });
    },
    store(built) {
      const serialized = (built as Built & { ac: AhoCorasick }).ac.serialize();
      return {
        bytes: Buffer.byteLength(serialized),
        load() {
          const ac = AhoCorasick.deserialize(serialized);
          return { count: (text: string) => ac.count(text) };
        },
      };
    },
  },
  {
    name: 'ahocorasick',
    lowerCase: true,
    build(aliases) {
      const ac = new LegacyAho(aliases.map((a) => a.alias));
      return { count: (text) => ac.search(text).reduce((n, [, words]) => n + words.length, 0) };
    },
    noStoreReason: 'n/a (none: rebuild)',
  },
];
