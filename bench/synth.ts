/**
 * Deterministic synthetic aliases and news-like text for the matcher benchmark.
 *
 * Aliases come from a seeded PRNG, so every run (and every child process) sees the same ones, and
 * the first N aliases of a larger set are exactly the N-alias set: the 10k set is inside the 100k
 * set, which is inside the 1M set. The text only quotes aliases from the first 10k, so the same
 * text has matches for every set size.
 */
import type { AliasEntry } from '../utils/matcher/matcher';

/** mulberry32: small, fast, good enough to make reproducible test data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ONSETS = ['b', 'ch', 'd', 'f', 'g', 'h', 'j', 'k', 'kh', 'l', 'm', 'n', 'p', 'r', 's', 'sh', 't', 'ts', 'v', 'y', 'z', 'zh', 'br', 'dr', 'gr', 'kr', 'st', 'tr', ''];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ei', 'ou', 'ya', 'yo', 'ae', 'io'];
const CODAS = ['', '', '', 'n', 'r', 'l', 's', 'k', 'v', 'ng', 'sk', 'nd', 'rt'];
const ORG_HEADS = ['Agency', 'Ministry', 'Council', 'Institute', 'Front', 'Party', 'Bank', 'Corporation', 'Command', 'Directorate', 'Union', 'Fund'];
const TREATY_HEADS = ['Treaty', 'Accord', 'Agreement', 'Convention', 'Protocol', 'Memorandum', 'Pact'];
const WEAPON_HEADS = ['missile', 'howitzer', 'drone', 'tank', 'launcher'];

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const cap = (w: string) => w[0]!.toUpperCase() + w.slice(1);
// Every onset+vowel pair, once: a word is two or three of these and a coda.
const SYLLABLES = ONSETS.flatMap((o) => VOWELS.map((v) => o + v));

function word(r: Rand): string {
  const w = pick(r, SYLLABLES) + pick(r, SYLLABLES) + (r() < 0.5 ? pick(r, SYLLABLES) : '');
  return w + pick(r, CODAS);
}

function acronym(r: Rand): string {
  const n = 3 + Math.floor(r() * 3);
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(65 + Math.floor(r() * 26));
  return s;
}

/**
 * One alias of a random kind: people (some hyphenated, "Kim Jong-un"), places, organisations,
 * acronyms (case-sensitive), treaties, weapons. Returns the text; acronyms are upper case.
 */
function alias(r: Rand): string {
  const k = r();
  if (k < 0.35) {
    const name = `${cap(word(r))} ${cap(word(r))}`;
    const third = r();
    if (third < 0.15) return `${name}-${word(r)}`;
    return third < 0.4 ? `${name} ${cap(word(r))}` : name;
  }
  if (k < 0.55) return r() < 0.3 ? `${cap(word(r))} ${cap(word(r))}` : cap(word(r));
  if (k < 0.72) return `${cap(word(r))} ${pick(r, ORG_HEADS)}`;
  if (k < 0.85) return acronym(r);
  if (k < 0.95) return r() < 0.5 ? `Treaty of ${cap(word(r))}` : `${cap(word(r))} ${pick(r, TREATY_HEADS)}`;
  return `${acronym(r).slice(0, 2)}-${10 + Math.floor(r() * 990)} ${cap(word(r))} ${pick(r, WEAPON_HEADS)}`;
}

const isAcronym = (s: string) => /^[A-Z]+$/.test(s);

/** The first `count` unique aliases of the seeded sequence (unique by lower-cased text). */
export function synthAliases(count: number, seed = 20240619): AliasEntry[] {
  const r = prng(seed);
  const seen = new Set<string>();
  const out: AliasEntry[] = [];
  while (out.length < count) {
    const text = alias(r);
    const key = text.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ entityId: `e${out.length}`, alias: text, caseSensitive: isAcronym(text), needsContext: false });
  }
  return out;
}

const FILLER = (
  'the a of to in and said on for that with was as by at from has have had its it he she they officials ' +
  'government minister talks week after before while would could will not but also more than new since ' +
  'told reporters statement agreement sanctions troops border security forces talks visit leaders ' +
  'meeting summit deal weapons missile defence defense foreign ministry spokesman spokeswoman people ' +
  'country countries region support attack attacks peace ceasefire negotiations president prime ' +
  'on monday tuesday wednesday thursday friday saturday sunday year years month last next first two three ' +
  'news agency report reported according analysts experts warned urged called rejected welcomed ' +
  'economic military political nuclear energy oil gas trade exports imports aid humanitarian'
).split(' ');

/**
 * About `bytes` characters of news-like prose: sentences of filler words with, every dozen words
 * or so, an alias from the first `quoteFrom` aliases (sometimes possessive), plus punctuation.
 */
export function synthText(aliases: readonly AliasEntry[], bytes: number, quoteFrom = 10_000, seed = 7): string {
  const r = prng(seed);
  const pool = aliases.slice(0, Math.min(quoteFrom, aliases.length));
  const parts: string[] = [];
  let length = 0;
  while (length < bytes) {
    const words: string[] = [];
    const n = 12 + Math.floor(r() * 18);
    for (let i = 0; i < n; i++) {
      if (pool.length && r() < 0.08) {
        const a = pick(r, pool).alias;
        words.push(r() < 0.15 ? `${a}'s` : a);
      } else {
        words.push(pick(r, FILLER));
      }
      if (i < n - 1 && r() < 0.06) words[words.length - 1] += ',';
    }
    words[0] = cap(words[0]!);
    const sentence = `${words.join(' ')}.${r() < 0.15 ? '\n\n' : ' '}`;
    parts.push(sentence);
    length += sentence.length;
  }
  return parts.join('');
}
