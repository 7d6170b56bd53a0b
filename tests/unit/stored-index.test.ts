/** The stored-index cache: the head answers first after a wake-up, then the whole index. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { KbDatabase } from '../../utils/background/db/kb-database';
import { kbStamp, storedIndex } from '../../utils/background/stored-index';
import { HEAD_ENTITIES, headEntities } from '../../utils/background/search/search-head';
import type { SearchableEntity } from '../../utils/background/search/search-index';

const ready = () => Promise.resolve();

/** A toy index whose stored form is a string; records the order in which forms are loaded. */
function toyIndex(withHead: boolean) {
  const loads: string[] = [];
  const index = storedIndex<string, string>({
    metaKey: 'toy-index',
    compile: async (db) => ({ stamp: await kbStamp(db), data: 'whole', head: withHead ? 'head' : undefined }),
    load: (data) => {
      loads.push(data);
      return data;
    },
  });
  return { index, loads };
}

describe('stored index with a head', () => {
  let db: KbDatabase;
  beforeEach(() => {
    db = new KbDatabase('stored-index-test');
  });
  afterEach(async () => {
    db.close();
    await Dexie.delete(db.name);
  });

  it('answers with the head first after a wake-up, then with the whole index', async () => {
    const { index, loads } = toyIndex(true);
    await index.rebuild(db);
    loads.length = 0;
    index.invalidate(); // as after a worker restart: nothing cached, both forms stored
    expect(await index.getFirst(db, ready)).toBe('head');
    expect(await index.get(db, ready)).toBe('whole');
    expect(await index.getFirst(db, ready)).toBe('whole');
    expect(loads).toEqual(['head', 'whole']);
  });

  it('ignores a head built for another KB state and waits for the whole index', async () => {
    const { index } = toyIndex(true);
    await index.rebuild(db);
    await db.meta.put({ key: 'toy-index:head', value: { stamp: 'an older KB', data: 'stale head' } });
    index.invalidate();
    expect(await index.getFirst(db, ready)).toBe('whole');
  });

  it('drops the stored head when a rebuild makes none', async () => {
    await toyIndex(true).index.rebuild(db);
    const { index, loads } = toyIndex(false);
    await index.rebuild(db);
    expect(await db.meta.get('toy-index:head')).toBeUndefined();
    loads.length = 0;
    expect(await index.getFirst(db, ready)).toBe('whole');
    expect(loads).toEqual(['whole']);
  });
});

describe('search index head', () => {
  const make = (n: number, prefix: string): SearchableEntity[] =>
    Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, type: 'person', name: `${prefix} ${i}`, description: '', aliases: [], prominence: i / n }));

  it('is left out for a KB the whole index loads quickly anyway', () => {
    expect(headEntities(make(HEAD_ENTITIES - 1, 'kb'), make(1, 'user-'))).toBeUndefined();
  });

  it('holds the most prominent KB entities and every own entity', () => {
    const own = make(3, 'user-');
    const head = headEntities(make(HEAD_ENTITIES * 2, 'kb'), own)!;
    expect(head).toHaveLength(HEAD_ENTITIES);
    expect(head.slice(-3)).toEqual(own);
    const lowest = Math.min(...head.slice(0, -3).map((e) => e.prominence));
    expect(lowest).toBeGreaterThan(0.49); // the top half of the KB by prominence
  });
});
