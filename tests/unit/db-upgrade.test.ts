/**
 * Schema upgrade harness: opens the database at an old version, writes rows, closes it, then
 * opens it with a newer version list and checks what survived. Every future schema version gets
 * a case here; v2 below is a test-only version shaped like a realistic next step (a new index on
 * entities, a migration that rewrites synced rows) to prove user tables come through untouched.
 */
import { afterEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { KbDatabase } from '../../utils/background/db/kb-database';
import { KB_VERSIONS, type KbVersion } from '../../utils/background/db/versions';
import { entity } from './helpers/entities';

const NAME = 'upgrade-test';

const TEST_V2: KbVersion = {
  version: 2,
  stores: { entities: 'id, type, source, *keys, prominence', staging: 'id, generation' },
  async upgrade(tx) {
    await tx
      .table('entities')
      .toCollection()
      .modify((row: { description: string }) => {
        row.description = row.description.trim();
      });
  },
};

afterEach(async () => {
  await Dexie.delete(NAME);
});

describe('KB schema upgrades', () => {
  it('has a contiguous version list starting at 1', () => {
    expect(KB_VERSIONS.map((v) => v.version)).toEqual(KB_VERSIONS.map((_, i) => i + 1));
  });

  it('keeps user data and migrates synced rows from v1 to v2', async () => {
    const v1 = new KbDatabase(NAME, KB_VERSIONS.slice(0, 1));
    await v1.entities.put({ ...entity({ id: 'russia', type: 'country', name: 'Russia' }), source: 'default', keys: ['russia'], description: '  Russia.  ' });
    await v1.notes.add({ entityId: 'russia', text: 'Check the 2024 treaty', updatedAt: '2026-11-29T10:00:00Z' });
    await v1.corrections.add({ entityId: 'russia', alias: 'russian', action: 'not-an-entity', createdAt: '2026-11-29T10:00:00Z' });
    await v1.ownEntities.put({ ...entity({ id: 'my-analyst', type: 'person', name: 'My Analyst' }), keys: ['my analyst'], createdAt: '2026-11-29T10:00:00Z' });
    v1.close();

    const v2 = new KbDatabase(NAME, [...KB_VERSIONS, TEST_V2]);
    await v2.open();
    expect(v2.verno).toBe(2);
    expect(await v2.notes.toArray()).toMatchObject([{ entityId: 'russia', text: 'Check the 2024 treaty' }]);
    expect(await v2.corrections.count()).toBe(1);
    expect((await v2.ownEntities.get('my-analyst'))?.name).toBe('My Analyst');
    expect((await v2.entities.get('russia'))?.description).toBe('Russia.');
    // The new index is usable.
    expect(await v2.entities.orderBy('prominence').count()).toBe(1);
    v2.close();
  });
});
