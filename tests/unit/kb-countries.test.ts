// Countries, territories and capitals generated from i18n-iso-countries and the hand-written table
// (kb/country-data/countries.yaml), merged with the hand-written records in kb/sources.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadSources } from '../../utils/kb-build/load-sources';
import { normalizeAlias } from '../../utils/kb-build/normalize-alias';
import { CountryRow, generateCountries, slugify, withArticle, type IsoEntry } from '../../utils/kb-build/countries';
import { renderCountries } from '../../utils/kb-build/render-countries';

const root = resolve(__dirname, '../..');
const { records } = loadSources({ sourcesDir: resolve(root, 'kb/sources'), treatyTextsDir: resolve(root, 'kb/treaty-texts') });
const byId = new Map(records.map((r) => [r.id, r]));

/** Entities an article's `text` could link to, with the alias that matched (case rules applied). */
function claimants(text: string) {
  return records.flatMap((r) =>
    r.aliases
      .filter((a) => normalizeAlias(a.text) === normalizeAlias(text) && (!a.caseSensitive || a.text === text))
      .map((a) => ({ id: r.id, needsContext: !!a.needsContext })),
  );
}

describe('generated countries file', () => {
  it('is what the generator writes today (rerun scripts/kb/generate-countries.ts after editing the table)', () => {
    const committed = readFileSync(resolve(root, 'kb/sources/countries.generated.yaml'), 'utf8');
    expect(renderCountries(root).text).toBe(committed);
  });
});

describe('country coverage', () => {
  const unMembers = records.filter((r) => r.relations.some((rel) => rel.type === 'member-of' && rel.target === 'united-nations' && !rel.to));

  it('lists all 193 UN member states, each with a dated membership', () => {
    expect(unMembers.filter((r) => r.type === 'country')).toHaveLength(193);
    for (const r of unMembers) {
      expect(r.relations.find((rel) => rel.target === 'united-nations')?.from, r.id).toMatch(/^\d{4}/);
    }
  });

  it('lists the 32 NATO and 27 EU members (as of 2025-06-01), each with its accession date', () => {
    const members = (org: string) =>
      records.filter((r) => r.relations.some((rel) => rel.type === 'member-of' && rel.target === org && rel.from && !rel.to));
    expect(members('nato')).toHaveLength(32);
    expect(members('european-union')).toHaveLength(27);
    expect(members('nato').map((r) => r.id)).toEqual(expect.arrayContaining(['finland', 'sweden', 'turkey', 'north-macedonia']));
  });

  it('has the two observer states with a dated status', () => {
    for (const id of ['vatican-city', 'palestine']) {
      expect(byId.get(id)?.facts.find((f) => f.label === 'UN status')?.from, id).toBeTruthy();
    }
  });

  it.each([
    ['taiwan', 'Q865'],
    ['kosovo', 'Q1246'],
    ['western-sahara', 'Q6250'],
    ['hong-kong', 'Q8646'],
    ['crimea', undefined],
    ['greenland', 'Q223'],
  ])('has the often-named territory %s', (id, qid) => {
    expect(byId.has(id)).toBe(true);
    if (qid) expect(byId.get(id)!.links.wikidata).toBe(qid);
  });

  it('every country record carries its ISO codes and a Wikidata id', () => {
    for (const r of records.filter((x) => x.type === 'country')) {
      expect(r.facts.some((f) => f.label === 'ISO 3166-1 codes'), r.id).toBe(true);
      expect(r.links.wikidata, r.id).toMatch(/^Q\d+$/);
    }
  });

  it('capitals point at their country, and the country names its capital', () => {
    const capitals = records.filter((r) => r.relations.some((rel) => rel.type === 'capital-of'));
    expect(capitals.length).toBeGreaterThan(170);
    for (const c of capitals) {
      const country = c.relations.find((rel) => rel.type === 'capital-of')!.target;
      expect(byId.get(country)?.type, c.id).toMatch(/country|place/);
    }
    for (const [country, capital] of [['brazil', 'brasilia'], ['india', 'new-delhi'], ['iran', 'tehran'], ['saudi-arabia', 'riyadh']]) {
      expect(byId.get(capital!)?.relations).toContainEqual({ type: 'capital-of', target: country });
      expect(byId.get(country!)?.facts.find((f) => f.label === 'Capital')?.valueId).toBe(capital);
    }
  });
});

describe('country aliases', () => {
  it.each([
    ['South Koreans', 'south-korea'],
    ['Ukrainian', 'ukraine'],
    ['Brazilian', 'brazil'],
    ['Saudi', 'saudi-arabia'],
    ['Türkiye', 'turkey'],
    ['Turkey', 'turkey'],
    ['UAE', 'united-arab-emirates'],
    ['DRC', 'democratic-republic-of-the-congo'],
    ['Ivory Coast', 'ivory-coast'],
    ["Côte d'Ivoire", 'ivory-coast'],
    ['Czechia', 'czech-republic'],
    ['Burma', 'myanmar'],
    ['Kosovar', 'kosovo'],
  ])('"%s" links to %s', (text, id) => {
    expect(claimants(text)).toContainEqual(expect.objectContaining({ id }));
  });

  it('names that are also common words match only capitalised', () => {
    for (const word of ['turkey', 'chad', 'chile', 'guinea', 'jordan', 'danish']) {
      expect(claimants(word), word).toEqual([]);
    }
  });

  it('shared and ambiguous names need context', () => {
    expect(claimants('Congo').sort((x, y) => x.id.localeCompare(y.id))).toEqual([
      { id: 'democratic-republic-of-the-congo', needsContext: true },
      { id: 'republic-of-the-congo', needsContext: true },
    ]);
    expect(claimants('Georgia')).toEqual([{ id: 'georgia', needsContext: true }]);
    expect(claimants('Santiago').every((c) => c.needsContext)).toBe(true);
  });

  it('no two- or three-letter code is an alias unless news uses it, and those are case-sensitive', () => {
    const allowed = new Set(['US', 'UK', 'UAE', 'DRC', 'PRC', 'ROK', 'DPRK', 'USA']);
    for (const r of records.filter((x) => x.type === 'country')) {
      for (const a of r.aliases) {
        const letters = a.text.replace(/\./g, '');
        if (/^[A-Z]{2,4}$/.test(letters)) {
          expect(allowed.has(letters), `${r.id}: ${a.text}`).toBe(true);
          expect(a.caseSensitive, `${r.id}: ${a.text}`).toBe(true);
        }
      }
    }
  });
});

describe('generateCountries (merge rule)', () => {
  const iso = new Map<string, IsoEntry>([
    ['FR', { alpha2: 'FR', alpha3: 'FRA', numeric: '250', names: ['France'] }],
    ['KR', { alpha2: 'KR', alpha3: 'KOR', numeric: '410', names: ['South Korea', 'Korea, Republic of', 'KR'] }],
  ]);
  const table = {
    FR: CountryRow.parse({ q: 'Q142', in: 'Western Europe', un: 1945, cap: 'Paris', capQ: 'Q90', dem: ['French'] }),
    KR: CountryRow.parse({ q: 'Q884', in: 'East Asia', un: '1991-09-17', cap: 'Seoul', codes: ['ROK'], cs: ['ROK'] }),
  };
  const options = { checked: '2026-11-29', packageVersion: 'test' };

  it('a hand-written record (by id or Wikidata id) wins; its capital is still generated', () => {
    const out = generateCountries(table, iso, { ids: new Set(['fr-hand']), byWikidata: new Map([['Q142', 'fr-hand']]) }, options);
    expect(out.skipped).toEqual([{ code: 'FR', id: 'fr-hand' }]);
    expect(out.records.map((r) => r.id)).toEqual(['paris', 'seoul', 'south-korea']);
    expect(out.records[0]!.relations).toContainEqual({ type: 'capital-of', target: 'fr-hand' });
  });

  it('skips inverted and code names from the package and dates every membership', () => {
    const out = generateCountries(table, iso, { ids: new Set(), byWikidata: new Map() }, options);
    const kr = out.records.find((r) => r.id === 'south-korea')!;
    expect(kr.aliases!.map((a) => a.text)).toEqual(['South Korea', 'ROK']);
    expect(kr.aliases![1]).toEqual({ text: 'ROK', caseSensitive: true });
    expect(kr.relations).toEqual([{ type: 'member-of', target: 'united-nations', from: '1991-09-17' }]);
    expect(kr.facts!.find((f) => f.label === 'ISO 3166-1 codes')!.value).toBe('KR / KOR / 410');
  });

  it('slugs and articles', () => {
    expect(slugify("N'Djamena")).toBe('ndjamena');
    expect(slugify('São Tomé and Príncipe')).toBe('sao-tome-and-principe');
    expect(withArticle('United Arab Emirates')).toBe('the United Arab Emirates');
    expect(withArticle('Japan')).toBe('Japan');
  });
});
