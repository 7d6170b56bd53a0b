/**
 * The popup's search index: tiers, ranking by prominence, one-typo and prefix-with-one-typo
 * matches, type filter, own entities, the compact stored form and the head loaded first.
 */
import { afterEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { KbDatabase } from '../../utils/background/db/kb-database';
import { prefixWithinOneEdit, withinOneEdit } from '../../utils/background/search/edit-distance';
import { compileSearchIndex, SearchIndex } from '../../utils/background/search/search-index';
import { getSearchIndex, invalidateSearchIndex, toHits } from '../../utils/background/search/search-service';
import { decodeUnits, toCodeUnits } from '../../utils/background/search/packed-strings';
import { prefixTypoRanges } from '../../utils/background/search/prefix-typo';
import { syntheticRecords } from '../../utils/kb-build/synthetic-pack';
import { createPrng } from '../../utils/kb-build/prng';
import { replaceSourceEntities } from '../../utils/background/kb-repository';
import { addOwnEntity } from '../../utils/background/user-data/own-entities';
import { entity } from './helpers/entities';

const records = [
  entity({ id: 'maria-zakharova', type: 'person', name: 'Maria Zakharova', prominence: 0.6 }),
  entity({ id: 'zakhar-prilepin', type: 'person', name: 'Zakhar Prilepin', prominence: 0.3 }),
  entity({ id: 'zakho', type: 'place', name: 'Zakho', prominence: 0.2 }),
  entity({ id: 'kim-jong-un', type: 'person', name: 'Kim Jong Un', aliases: [{ text: 'Kim Jong-un' }], prominence: 0.9 }),
  entity({ id: 'north-korea', type: 'country', name: 'North Korea', aliases: [{ text: 'DPRK', caseSensitive: true }], prominence: 0.8 }),
  entity({ id: 'korea-strait', type: 'place', name: 'Korea Strait', prominence: 0.1 }),
  entity({ id: 'korea', type: 'term', name: 'Korea', prominence: 0.05 }),
  entity({ id: 'himars', type: 'weapon', name: 'HIMARS', aliases: [{ text: 'M142 HIMARS' }], prominence: 0.5 }),
  entity({ id: 'volodymyr-zelensky', type: 'person', name: 'Volodymyr Zelensky', aliases: [{ text: 'Zelenskyy' }], prominence: 0.85 }),
  entity({ id: 'zelenograd', type: 'place', name: 'Zelenograd', prominence: 0.15 }),
  entity({ id: 'zelenka', type: 'term', name: 'Zelenka', prominence: 0.01 }),
];
const index = new SearchIndex(structuredClone(compileSearchIndex(records)));
const search = (q: string, options = {}) => index.search(q, options).map((r) => [index.id(r.entity), r.tier]);

describe('withinOneEdit', () => {
  it('accepts one insertion, deletion, substitution or transposition and nothing more', () => {
    expect(withinOneEdit('zakharova', 'zakharova')).toBe(true);
    expect(withinOneEdit('zakharva', 'zakharova')).toBe(true); // deletion
    expect(withinOneEdit('zakharovaa', 'zakharova')).toBe(true); // insertion
    expect(withinOneEdit('zekharova', 'zakharova')).toBe(true); // substitution
    expect(withinOneEdit('zakhraova', 'zakharova')).toBe(true); // transposition
    expect(withinOneEdit('zkahraova', 'zakharova')).toBe(false);
    expect(withinOneEdit('zakhar', 'zakharova')).toBe(false);
  });
});

describe('prefixWithinOneEdit', () => {
  const check = (q: string, word: string) => prefixWithinOneEdit(q, toCodeUnits(word), 0, word.length);
  it('accepts a query one edit from the start of a word', () => {
    expect(check('zelen', 'zelensky')).toBe(true); // a plain prefix
    expect(check('zelwn', 'zelensky')).toBe(true); // substitution
    expect(check('zeleen', 'zelensky')).toBe(true); // an extra letter
    expect(check('zelns', 'zelensky')).toBe(true); // a missing letter
    expect(check('zelnes', 'zelensky')).toBe(true); // two neighbours swapped
    expect(check('zelenskyx', 'zelensky')).toBe(true); // the whole word and one more letter
  });
  it('refuses two edits or a query longer than the word allows', () => {
    expect(check('zewwn', 'zelensky')).toBe(false);
    expect(check('zelwnz', 'zelensky')).toBe(false);
    expect(check('zelenskyxy', 'zelensky')).toBe(false);
    expect(check('abc', 'ab')).toBe(true); // "ab" and one more letter
    expect(check('axc', 'ab')).toBe(false);
  });
});

describe('prefixTypoRanges', () => {
  it('finds exactly the vocabulary strings a full pass with prefixWithinOneEdit finds', () => {
    const data = compileSearchIndex([...syntheticRecords(2000), ...records]);
    const vocab = { units: data.folded.units, pos: data.vocabPos, len: data.vocabLen };
    const word = (v: number) => decodeUnits(vocab.units, vocab.pos[v]!, vocab.pos[v]! + vocab.len[v]!);
    const all = Array.from(vocab.pos, (_, v) => word(v));
    const rng = createPrng(11);
    const letters = 'abcdefghijklmnopqrstuvwxyz -';
    for (let n = 0; n < 300; n++) {
      // A vocabulary string's start with one random edit (or none), 5 to 10 letters.
      const base = all[rng.int(all.length)]!.slice(0, 5 + rng.int(6));
      const i = rng.int(base.length);
      const c = letters[rng.int(letters.length)]!;
      const q = [base, base.slice(0, i) + c + base.slice(i + 1), base.slice(0, i) + base.slice(i + 1), base.slice(0, i) + c + base.slice(i)][n % 4]!;
      const found = new Set<string>();
      prefixTypoRanges(vocab, q, (from, to) => {
        for (let v = from; v < to; v++) found.add(all[v]!);
      });
      const expected = all.filter((w) => !w.startsWith(q) && prefixWithinOneEdit(q, toCodeUnits(w), 0, w.length));
      expect([...found].filter((w) => !w.startsWith(q)).sort(), q).toEqual(expected.sort());
    }
  });
});

describe('search index', () => {
  it('puts exact hits first, then prefixes of names, aliases and their words, by prominence', () => {
    expect(search('korea')).toEqual([
      ['korea', 'exact'],
      ['north-korea', 'prefix'], // "korea" starts a word of "North Korea"
      ['korea-strait', 'prefix'],
    ]);
    expect(search('zakh')).toEqual([
      ['maria-zakharova', 'prefix'],
      ['zakhar-prilepin', 'prefix'],
      ['zakho', 'prefix'],
    ]);
    expect(search('jong un')).toEqual([['kim-jong-un', 'prefix']]);
    expect(search('dprk')).toEqual([['north-korea', 'exact']]);
    expect(search('  Kim   Jong-Un ')).toEqual([['kim-jong-un', 'exact']]);
  });

  it('finds names one typo away, after the exact and prefix tiers', () => {
    expect(search('zakharva')).toEqual([['maria-zakharova', 'typo']]);
    expect(search('zakharvoa')).toEqual([['maria-zakharova', 'typo']]);
    expect(search('himrs')).toEqual([['himars', 'typo']]);
    expect(search('xhimars')).toEqual([['himars', 'typo']]);
    expect(search('maria zakharovs')).toEqual([['maria-zakharova', 'typo']]);
    // Two typos: nothing.
    expect(search('zkaharva')).toEqual([]);
    // Short queries get no typo tier.
    expect(search('kix')).toEqual([]);
  });

  it('finds a half-typed word with a typo in it, after every other tier', () => {
    expect(search('zelwn')).toEqual([
      ['volodymyr-zelensky', 'prefix-typo'],
      ['zelenograd', 'prefix-typo'],
      ['zelenka', 'prefix-typo'],
    ]);
    expect(search('volodymyr zelwn')).toEqual([['volodymyr-zelensky', 'prefix-typo']]); // a whole key
    expect(search('zelnes')).toEqual([['volodymyr-zelensky', 'prefix-typo']]);
    // A full-word typo ranks before a prefix with a typo, whatever the prominence.
    expect(search('zakhor')).toEqual([
      ['zakhar-prilepin', 'typo'], // "zakhar"
      ['zakho', 'typo'], // "zakho" and one more letter
      ['maria-zakharova', 'prefix-typo'], // "zakhar…", though more prominent
    ]);
    // Prefix hits come first; the prefix-typo tier only fills what is left.
    expect(search('zelenk')).toEqual([
      ['zelenka', 'prefix'],
      ['volodymyr-zelensky', 'prefix-typo'], // "zelens…"
      ['zelenograd', 'prefix-typo'], // "zeleno…"
    ]);
    // The type filter applies, and four letters are too few.
    expect(search('zelwn', { type: 'place' })).toEqual([['zelenograd', 'prefix-typo']]);
    expect(search('zelw')).toEqual([]);
    // Wherever the typo is, even in the first letter.
    expect(search('xelen').map(([id]) => id)).toEqual(['volodymyr-zelensky', 'zelenograd', 'zelenka']);
  });

  it('reports a prefix with a typo as a typo hit to the popup', async () => {
    expect(await toHits(index, { query: 'zelwn', limit: 1 })).toEqual([
      expect.objectContaining({ id: 'volodymyr-zelensky', kind: 'typo', matched: 'Volodymyr Zelensky' }),
    ]);
  });

  it('keeps names outside Latin-1 in two-byte code units and finds them like any other', () => {
    const cyrillic = new SearchIndex(
      structuredClone(compileSearchIndex([entity({ id: 'moskva', type: 'place', name: 'Москва', aliases: [{ text: 'Moscow' }], prominence: 0.5 })])),
    );
    expect(cyrillic.data.folded.units).toBeInstanceOf(Uint16Array);
    expect(cyrillic.search('моск').map((r) => [cyrillic.id(r.entity), r.tier, cyrillic.keyText(r.key)])).toEqual([['moskva', 'prefix', 'Москва']]);
    expect(cyrillic.search('мсоква').map((r) => r.tier)).toEqual(['typo']);
    expect(cyrillic.name(0)).toBe('Москва');
    expect(index.data.folded.units).toBeInstanceOf(Uint8Array);
  });

  it('stores nothing but typed arrays (a cheap structured clone)', () => {
    const leaves = (value: unknown): unknown[] =>
      ArrayBuffer.isView(value) || typeof value !== 'object' || value === null ? [value] : Object.values(value).flatMap(leaves);
    const data = compileSearchIndex(records);
    expect(leaves(data).filter((v) => !ArrayBuffer.isView(v))).toEqual([data.format]);
  });

  it('filters by type and honours the limit', () => {
    expect(search('zakh', { type: 'place' })).toEqual([['zakho', 'prefix']]);
    expect(search('korea', { limit: 2 })).toEqual([
      ['korea', 'exact'],
      ['north-korea', 'prefix'],
    ]);
    expect(search('')).toEqual([]);
  });

  it('keeps the first of two records with one id and reports the matched alias', async () => {
    const twice = new SearchIndex(compileSearchIndex([records[0]!, { ...records[0]!, name: 'Other name' }]));
    expect(twice.size).toBe(1);
    const hit = (await toHits(index, { query: 'm142' }))[0]!;
    expect(hit).toMatchObject({ id: 'himars', matched: 'M142 HIMARS', kind: 'prefix', type: 'weapon' });
  });
});

describe('stored search index', () => {
  const db = new KbDatabase('search-index-test');
  afterEach(async () => {
    invalidateSearchIndex();
    db.close();
    await Dexie.delete(db.name);
  });

  it('includes own entities and is rebuilt when they change', async () => {
    await replaceSourceEntities(
      db,
      { id: 'default', title: 'Default', kind: 'bundled', version: '1', rejected: 0, rejectedSamples: [], importedAt: '', enabled: true },
      records,
    );
    const ready = () => Promise.resolve();
    expect(await toHits(await getSearchIndex(db, ready), { query: 'olena' })).toEqual([]);
    const own = await addOwnEntity(db, { name: 'Olena Zelenska', type: 'person', aliases: ['First Lady of Ukraine'] });
    invalidateSearchIndex();
    const hits = await toHits(await getSearchIndex(db, ready), { query: 'olena zel' });
    expect(hits.map((h) => h.id)).toEqual([own.id]);
    expect(own.id).toMatch(/^user-olena-zelenska-/);
    // A worker that wakes up loads the stored index (same stamp) instead of rebuilding.
    invalidateSearchIndex();
    expect((await toHits(await getSearchIndex(db, ready), { query: 'first lady' })).map((h) => h.id)).toEqual([own.id]);
  });
});
