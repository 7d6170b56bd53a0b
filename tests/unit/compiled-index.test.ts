import { afterEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { KbDatabase } from '../../utils/background/db/kb-database';
import { replaceWithNewGeneration } from '../../utils/sync/generations';
import { getSpotIndex, invalidateSpotIndex, kbStamp, rebuildSpotIndex } from '../../utils/background/spot-index';
import { COMPILED_INDEX_FORMAT, compileIndex, loadCompiledIndex } from '../../utils/matcher/compiled-index';
import { StringTable } from '../../utils/matcher/string-table';
import { entity } from './helpers/entities';

describe('StringTable', () => {
  it('finds every string it was built from and nothing else', () => {
    const words = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}`);
    const table = StringTable.build([...words, ...words.slice(0, 10)]);
    expect(table.size).toBe(5000);
    words.forEach((w, i) => expect(table.indexOf(w)).toBe(i));
    expect(table.get(42)).toBe(words[42]);
    expect(table.indexOf('absent')).toBe(-1);
    expect(table.indexOf('')).toBe(-1);
  });
});

const records = [
  entity({ id: 'kim-jong-un', type: 'person', name: 'Kim Jong Un', aliases: [{ text: 'Kim Jong-un' }] }),
  entity({ id: 'north-korea', type: 'country', name: 'North Korea', aliases: [{ text: 'DPRK', caseSensitive: true }] }),
  entity({ id: 'pyongyang', type: 'place', name: 'Pyongyang', relations: [{ type: 'capital-of', target: 'north-korea' }] }),
];

describe('compiled index', () => {
  it('survives a structured clone (how IndexedDB stores it) and matches the same', () => {
    const text = 'Kim Jong-un said the DPRK and dprk; Pyongyang replied.';
    const direct = loadCompiledIndex(compileIndex(records));
    const cloned = loadCompiledIndex(structuredClone(compileIndex(records)));
    expect(cloned.matcher.match(text)).toEqual(direct.matcher.match(text));
    expect(cloned.matcher.match(text).map((m) => text.slice(m.start, m.end))).toEqual(['Kim Jong-un', 'DPRK', 'Pyongyang']);
    expect(cloned.info('pyongyang')).toEqual({ type: 'place', prominence: 0.5, neighbors: ['north-korea'], capitalOf: 'north-korea' });
    expect(cloned.info('north-korea')?.neighbors).toEqual(['pyongyang']);
    expect(cloned.info('nobody')).toBeUndefined();
  });

  it('starts walks at words without a capital only for aliases whose case rules allow it', () => {
    // The scanner passes over such words for aliases that need a capital on their first word
    // (lowerFirstFilter); exact-case aliases written in lower case must still be found.
    const { matcher } = loadCompiledIndex(
      compileIndex([
        entity({ id: 'us', type: 'country', name: 'United States', aliases: [{ text: 'US', caseSensitive: true }] }),
        entity({ id: 'iphone', type: 'term', name: 'iPhone', aliases: [{ text: 'iPhone', caseSensitive: true }] }),
        entity({ id: 'zelensky', type: 'person', name: 'Zelensky' }),
        entity({ id: 'cold-war', type: 'term', name: 'Cold War' }),
      ]),
    );
    const text = 'us US iPhone iphone zelensky Zelensky cold War cold war';
    expect(matcher.match(text).map((m) => text.slice(m.start, m.end))).toEqual(['US', 'iPhone', 'Zelensky', 'cold War']);
  });
});

describe('compiled matcher', () => {
  it('matches a name written with an en dash like one written with a hyphen', () => {
    const treaty = entity({ id: 'us-rok-treaty', type: 'treaty', name: 'US-ROK Mutual Defense Treaty' });
    const { matcher } = loadCompiledIndex(compileIndex([treaty]));
    for (const text of ['the US–ROK Mutual Defense Treaty', 'the US-ROK Mutual Defense Treaty', 'the US ROK Mutual Defense Treaty']) {
      expect(matcher.match(text).map((m) => text.slice(m.start, m.end))).toEqual([text.slice(4)]);
    }
    expect(matcher.match('the US—ROK Mutual Defense Treaty')).toEqual([]);
  });

  it('numbers matched tokens as tokenize does', () => {
    const { matcher } = loadCompiledIndex(compileIndex(records));
    const [m] = matcher.match("Yesterday, in a speech, Kim Jong-un's aides");
    expect(m).toMatchObject({ firstToken: 4, lastToken: 6 });
  });
});

describe('stored spotting index', () => {
  let db: KbDatabase;
  afterEach(async () => {
    invalidateSpotIndex();
    db.close();
    await Dexie.delete(db.name);
  });

  async function seed() {
    db = new KbDatabase(`index-${Math.random()}`);
    await replaceWithNewGeneration(
      db,
      { id: 'default', title: 'Test', kind: 'bundled', version: 'v1', entityCount: 3, rejected: 0, rejectedSamples: [], importedAt: '', enabled: true },
      records.map((r) => ({ ...r, source: 'default', keys: [] })),
    );
  }

  it('is loaded after a wake instead of rebuilt when the KB has not changed', async () => {
    await seed();
    await rebuildSpotIndex(db);
    // Plant a marker entity in the stored form only: a rebuild from the database would lose it.
    const marker = compileIndex([...records, entity({ id: 'stored-only', type: 'term', name: 'Stored Only' })]);
    await db.meta.put({ key: 'spot-index', value: { stamp: await kbStamp(db), data: marker } });
    invalidateSpotIndex(); // as if the worker had been killed
    const index = await getSpotIndex(db, () => Promise.resolve());
    expect(index.info('stored-only')).toBeDefined();
  });

  it('is rebuilt when it was stored in an older format', async () => {
    await seed();
    const old = { ...compileIndex([entity({ id: 'old-format', type: 'term', name: 'Old Format' })]), format: 1 };
    await db.meta.put({ key: 'spot-index', value: { stamp: await kbStamp(db), data: old } });
    const index = await getSpotIndex(db, () => Promise.resolve());
    expect(index.info('old-format')).toBeUndefined();
    expect(index.matcher.match('Kim Jong Un').length).toBe(1);
    expect(((await db.meta.get('spot-index'))?.value as { data: { format: number } }).data.format).toBe(COMPILED_INDEX_FORMAT);
  });

  it('is rebuilt when the KB changed since it was stored', async () => {
    await seed();
    const stale = compileIndex([entity({ id: 'stale', type: 'term', name: 'Stale' })]);
    await db.meta.put({ key: 'spot-index', value: { stamp: 'default@v0', data: stale } });
    const index = await getSpotIndex(db, () => Promise.resolve());
    expect(index.info('stale')).toBeUndefined();
    expect(index.info('kim-jong-un')).toBeDefined();
    expect(((await db.meta.get('spot-index'))?.value as { stamp: string }).stamp).toBe(await kbStamp(db));
  });
});
