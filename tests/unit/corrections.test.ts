import { afterEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { addCorrection, applyCorrections } from '../../utils/background/corrections';
import { KbDatabase } from '../../utils/background/db/kb-database';
import type { Mention } from '../../utils/shared/protocol';

const mention = (entityId: string, matched: string): Mention => ({
  block: 0,
  start: 0,
  end: matched.length,
  entityId,
  type: 'place',
  reason: { rule: 'alias', matched },
  alternatives: [],
});
const index = { info: (id: string) => (id === 'georgia-us-state' ? { type: 'place' as const, prominence: 0.4, neighbors: [] } : undefined) };

let db: KbDatabase;
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

describe('corrections', () => {
  it('drops a mention the reader said is not an entity, on that site only', async () => {
    db = new KbDatabase(`corr-${Math.random()}`);
    await addCorrection(db, { entityId: 'georgia', matched: 'Georgia', action: 'not-an-entity', site: 'news.example' });
    const corrections = await db.corrections.toArray();
    expect(applyCorrections([mention('georgia', 'Georgia')], corrections, 'news.example', index)).toEqual([]);
    expect(applyCorrections([mention('georgia', 'Georgia')], corrections, 'other.example', index)).toHaveLength(1);
  });

  it('relinks a mention to the entity the reader chose, and the latest choice wins', async () => {
    db = new KbDatabase(`corr-${Math.random()}`);
    await addCorrection(db, { entityId: 'georgia', matched: 'Georgia', action: 'not-an-entity' });
    await addCorrection(db, { entityId: 'georgia', matched: 'GEORGIA', action: 'use-instead', replacementId: 'georgia-us-state' });
    const corrections = await db.corrections.toArray();
    expect(corrections).toHaveLength(1);
    const [relinked] = applyCorrections([mention('georgia', 'Georgia')], corrections, undefined, index);
    expect(relinked).toMatchObject({ entityId: 'georgia-us-state', reason: { rule: 'user-correction' }, alternatives: ['georgia'] });
  });

  it('refuses a replacement without a target and keeps mentions whose replacement left the KB', async () => {
    db = new KbDatabase(`corr-${Math.random()}`);
    await expect(addCorrection(db, { entityId: 'georgia', matched: 'Georgia', action: 'use-instead' })).rejects.toThrow(/replacement/);
    await addCorrection(db, { entityId: 'georgia', matched: 'Georgia', action: 'use-instead', replacementId: 'gone' });
    expect(applyCorrections([mention('georgia', 'Georgia')], await db.corrections.toArray(), undefined, index)[0]?.entityId).toBe('georgia');
  });
});
