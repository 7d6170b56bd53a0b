/** The popup's search index: tiers, ranking by prominence, one-typo matches, type filter, own entities. */
import { afterEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { KbDatabase } from '../../utils/background/db/kb-database';
import { withinOneEdit } from '../../utils/background/search/edit-distance';
import { compileSearchIndex, SearchIndex } from '../../utils/background/search/search-index';
import { getSearchIndex, invalidateSearchIndex, toHits } from '../../utils/background/search/search-service';
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

  it('filters by type and honours the limit', () => {
    expect(search('zakh', { type: 'place' })).toEqual([['zakho', 'prefix']]);
    expect(search('korea', { limit: 2 })).toEqual([
      ['korea', 'exact'],
      ['north-korea', 'prefix'],
    ]);
    expect(search('')).toEqual([]);
  });

  it('keeps the first of two records with one id and reports the matched alias', () => {
    const twice = new SearchIndex(compileSearchIndex([records[0]!, { ...records[0]!, name: 'Other name' }]));
    expect(twice.size).toBe(1);
    const hit = toHits(index, { query: 'm142' })[0]!;
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
    expect(toHits(await getSearchIndex(db, ready), { query: 'zelensky' })).toEqual([]);
    const own = await addOwnEntity(db, { name: 'Olena Zelenska', type: 'person', aliases: ['First Lady of Ukraine'] });
    invalidateSearchIndex();
    const hits = toHits(await getSearchIndex(db, ready), { query: 'zelensk' });
    expect(hits.map((h) => h.id)).toEqual([own.id]);
    expect(own.id).toMatch(/^user-olena-zelenska-/);
    // A worker that wakes up loads the stored index (same stamp) instead of rebuilding.
    invalidateSearchIndex();
    expect(toHits(await getSearchIndex(db, ready), { query: 'first lady' }).map((h) => h.id)).toEqual([own.id]);
  });
});
