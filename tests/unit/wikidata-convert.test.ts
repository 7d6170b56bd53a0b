// Wikidata entity → EntityRecord conversion, on hand-written entities in Wikidata's JSON shape
// (tests/fixtures/wikidata/small-dump.json).
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EntityRecord } from '../../utils/shared/kb-schema';
import { DEFAULT_TYPE_MAP, convertEntity, qidToId, wikidataTime, type ConvertOptions } from '../../utils/kb-build/wikidata/convert';
import { resolveRecord } from '../../utils/kb-build/wikidata/resolve';
import type { WdEntity } from '../../utils/kb-build/wikidata/wikidata-json';

const dump = readFileSync(resolve(__dirname, '../fixtures/wikidata/small-dump.json'), 'utf8');
const entities = new Map(
  dump
    .split('\n')
    .map((l) => l.replace(/,$/, ''))
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as WdEntity)
    .map((e) => [e.id, e]),
);

const options: ConvertOptions = {
  types: new Set(['Q5', 'Q6256', 'Q3624078', 'Q484652', 'Q131569', 'Q198', 'Q1190554', 'Q43229', 'Q15142894', 'Q728']),
  typeMap: DEFAULT_TYPE_MAP,
  langs: ['en'],
  checked: '2026-11-29',
};

function convert(id: string, opts: ConvertOptions = options): EntityRecord {
  const result = convertEntity(entities.get(id)!, opts);
  if (!result.ok) throw new Error(`${id} not converted: ${result.reason}`);
  return EntityRecord.parse(result.record);
}

describe('wikidataTime', () => {
  const t = (time: string, precision: number, calendarmodel?: string) => wikidataTime({ time, precision, calendarmodel });
  it('keeps the precision: day, month, year', () => {
    expect(t('+2012-05-07T00:00:00Z', 11)).toBe('2012-05-07');
    expect(t('+1950-06-00T00:00:00Z', 10)).toBe('1950-06');
    expect(t('+1947-00-00T00:00:00Z', 9)).toBe('1947');
    expect(t('+0000000002021-00-00T00:00:00Z', 9)).toBe('2021');
  });
  it('drops what it cannot state: decades, centuries, BCE, unknown month', () => {
    expect(t('+2000-00-00T00:00:00Z', 8)).toBeUndefined();
    expect(t('+2000-00-00T00:00:00Z', 7)).toBeUndefined();
    expect(t('-0044-03-15T00:00:00Z', 11)).toBeUndefined();
    expect(t('+1950-00-00T00:00:00Z', 11)).toBe('1950');
  });
  it('keeps a Julian-calendar date at year precision only', () => {
    expect(t('+1950-06-25T00:00:00Z', 11, 'http://www.wikidata.org/entity/Q1985786')).toBe('1950');
  });
});

describe('convertEntity', () => {
  it('turns dated offices into facts; skips undated, deprecated and somevalue ones', () => {
    const putin = convert('Q7747');
    const offices = putin.facts.filter((f) => f.label === 'Position held');
    expect(offices).toEqual([
      expect.objectContaining({ value: 'Q218295', valueId: 'q218295', from: '2012-05-07', asOf: '2025-05-30' }),
      expect.objectContaining({ value: 'Q218295', from: '2000-05-07', to: '2008-05-07', asOf: '2008-05-07' }),
    ]);
    expect(putin.facts.some((f) => f.value === 'Q1501316' || f.value === 'Q999999')).toBe(false);
    expect(putin.facts.find((f) => f.label === 'Born')?.value).toBe('1952-10-07');
  });

  it('writes labels, aliases (acronyms case-sensitive), description, sitelink and source', () => {
    const putin = convert('Q7747');
    expect(putin).toMatchObject({ id: 'q7747', type: 'person', name: 'Vladimir Putin', description: 'President of Russia since 2012' });
    expect(putin.aliases).toContainEqual({ text: 'Putin' });
    expect(putin.aliases).toContainEqual({ text: 'VVP', caseSensitive: true });
    expect(putin.aliases.some((a) => a.text === 'Wladimir Putin')).toBe(false); // German not chosen
    expect(putin.links).toEqual({ wikidata: 'Q7747', wikipedia: 'https://en.wikipedia.org/wiki/Vladimir_Putin' });
    expect(putin.sources[0]).toMatchObject({ title: 'Wikidata', wikidata: 'Q7747', retrieved: '2025-05-30' });
    expect(putin.checked).toBe('2026-11-29');
  });

  it('reads monolingualtext names in the chosen languages, dated quantities, dated memberships', () => {
    const russia = convert('Q159');
    expect(russia.type).toBe('country');
    expect(russia.aliases.map((a) => a.text)).toEqual(['Russia', 'Russian Federation']); // "RU" too short; Russian text not chosen
    expect(russia.facts.find((f) => f.label === 'Population')).toMatchObject({ value: '146,150,789', asOf: '2021' });
    expect(russia.facts.find((f) => f.label === 'Inception')).toMatchObject({ value: '1991-12-25', from: '1991-12-25' });
    // The undated membership (Q7184) is not stated.
    expect(russia.relations).toEqual([{ type: 'member-of', target: 'q1065', from: '1945-10-24' }]);
  });

  it('prefers a preferred statement for single-valued properties', () => {
    const war = convert('Q110999040');
    expect(war.facts.filter((f) => f.label === 'Country').map((f) => f.value)).toEqual(['Q212']);
    expect(war.relations).toEqual([{ type: 'located-in', target: 'q212' }]);
    expect(war.facts.find((f) => f.label === 'Start')).toMatchObject({ value: '2022-02-24', from: '2022-02-24' });
  });

  it('keeps year and month precision, and drops a century-precision date', () => {
    const cold = convert('Q8683');
    expect(cold.facts.map((f) => [f.label, f.value])).toEqual([
      ['Start', '1947'],
      ['End', '1991-12-26'],
    ]);
    const korea = convert('Q8663');
    expect(korea.facts.map((f) => [f.label, f.value])).toEqual([
      ['Start', '1950-06'],
      ['Date', '1950'],
    ]);
  });

  it('gives treaties parties from signatories (novalue skipped) and an explained status', () => {
    const charter = convert('Q171328');
    expect(charter.treaty).toMatchObject({ parties: ['q159', 'q30'], inForce: '1945-10-24', status: 'in-force' });
    expect(charter.treaty!.statusNote).toMatch(/Not verified/);
    expect(charter.facts.filter((f) => f.label === 'Signatory')).toEqual([
      expect.objectContaining({ value: 'Q159', from: '1945-06-26', asOf: '1945-06-26' }),
      expect.objectContaining({ value: 'Q30', asOf: '2025-04-01' }),
    ]);
  });

  it('matches subclass-of (P279) as well as instance-of', () => {
    const himars = convert('Q1145447');
    expect(himars.type).toBe('weapon');
    expect(himars.aliases).toContainEqual({ text: 'HIMARS', caseSensitive: true });
  });

  it('says why an entity is not converted', () => {
    const reason = (id: string, opts = options) => {
      const r = convertEntity(entities.get(id)!, opts);
      return r.ok ? 'ok' : r.reason;
    };
    expect(reason('Q100001')).toBe('no-label'); // German label only
    expect(reason('Q100001', { ...options, langs: ['en', 'de'] })).toBe('ok');
    expect(reason('Q100002')).toBe('ok'); // 'mul' label
    expect(reason('Q100003')).toBe('not-in-classes');
    expect(reason('P39')).toBe('not-item');
    expect(reason('Q100004')).toBe('not-in-classes');
    expect(reason('Q7747', { ...options, typeMap: {} })).toBe('no-type');
  });

  it('every converted fixture passes the schema', () => {
    for (const e of entities.values()) {
      const r = convertEntity(e, { ...options, langs: ['en', 'de'] });
      if (r.ok) expect(EntityRecord.safeParse(r.record).success, e.id).toBe(true);
    }
  });
});

describe('resolveRecord', () => {
  it('names linked values and drops links to entities outside the pack', () => {
    const putin = convert('Q7747');
    const charter = convert('Q171328');
    const names = new Map([
      ['q7747', 'Vladimir Putin'],
      ['q159', 'Russia'],
      ['q171328', 'Charter of the United Nations'],
      ['q218295', 'President of Russia'],
    ]);
    expect(resolveRecord(putin, names).facts[0]).toMatchObject({ value: 'President of Russia', valueId: 'q218295' });
    const c = resolveRecord(charter, names);
    expect(c.treaty!.parties).toEqual(['q159']);
    const us = c.facts.find((f) => f.value === 'Q30')!;
    expect(us.valueId).toBeUndefined();
    expect(qidToId('Q30')).toBe('q30');
  });
});
