/**
 * Schema upgrade harness: opens the database at an old version, writes rows, closes it, then
 * opens it with a newer version list and checks what survived. Every future schema version gets
 * a case here. `TEST_NEXT` is a test-only version after the last real one, shaped like a realistic
 * next step (a new index on records, a migration that rewrites synced rows) to prove user tables
 * come through untouched; v1 → v2 (generations, issue 6) is the first real migration.
 */
import { afterEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { KbDatabase } from '../../utils/background/db/kb-database';
import { KB_VERSIONS, type KbVersion } from '../../utils/background/db/versions';
import { entity } from './helpers/entities';
import { allLiveEntities, getLiveEntity } from '../../utils/sync/generations';

const NAME = 'upgrade-test';

const TEST_NEXT: KbVersion = {
  version: KB_VERSIONS.length + 1,
  stores: { records: '[gen+id], id, gen, *keys, prominence', testOnly: 'id' },
  async upgrade(tx) {
    await tx
      .table('records')
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

  async function writeV1(): Promise<void> {
    const v1 = new KbDatabase(NAME, KB_VERSIONS.slice(0, 1));
    await v1.sources.put({ id: 'default', title: 'Default', kind: 'bundled', version: 'p1', entityCount: 1, rejected: 0, rejectedSamples: [], importedAt: '2026-11-29T10:00:00Z', enabled: true });
    await v1.table('entities').put({ ...entity({ id: 'russia', type: 'country', name: 'Russia' }), source: 'default', keys: ['russia'], description: '  Russia.  ' });
    await v1.notes.add({ entityId: 'russia', text: 'Check the 2024 treaty', updatedAt: '2026-11-29T10:00:00Z' });
    await v1.corrections.add({ entityId: 'russia', alias: 'russian', action: 'not-an-entity', createdAt: '2026-11-29T10:00:00Z' });
    await v1.ownEntities.put({ ...entity({ id: 'my-analyst', type: 'person', name: 'My Analyst' }), keys: ['my analyst'], createdAt: '2026-11-29T10:00:00Z' });
    v1.close();
  }

  it('moves v1 entities into their source\'s first live generation (v2) and keeps user data', async () => {
    await writeV1();
    const v2 = new KbDatabase(NAME, KB_VERSIONS.slice(0, 2));
    await v2.open();
    expect(v2.verno).toBe(2);
    expect(v2.tables.map((t) => t.name)).not.toContain('entities');
    expect(await v2.sources.get('default')).toMatchObject({ liveGen: 1, version: 'p1' });
    expect(await getLiveEntity(v2, 'russia')).toMatchObject({ name: 'Russia', gen: 1, source: 'default' });
    expect((await allLiveEntities(v2)).map((e) => e.id)).toEqual(['russia']);
    expect(await v2.meta.get('next-generation')).toEqual({ key: 'next-generation', value: 2 });
    expect(await v2.notes.count()).toBe(1);
    expect(await v2.corrections.count()).toBe(1);
    expect((await v2.ownEntities.get('my-analyst'))?.name).toBe('My Analyst');
    v2.close();
  });

  it('keeps user data and migrates synced rows to a later version', async () => {
    await writeV1();
    const v2 = new KbDatabase(NAME, [...KB_VERSIONS, TEST_NEXT]);
    await v2.open();
    expect(v2.verno).toBe(TEST_NEXT.version);
    expect(await v2.notes.toArray()).toMatchObject([{ entityId: 'russia', text: 'Check the 2024 treaty' }]);
    expect(await v2.corrections.count()).toBe(1);
    expect((await v2.ownEntities.get('my-analyst'))?.name).toBe('My Analyst');
    expect((await getLiveEntity(v2, 'russia'))?.description).toBe('Russia.');
    // The new index is usable.
    expect(await v2.records.orderBy('prominence').count()).toBe(1);
    v2.close();
  });
});
