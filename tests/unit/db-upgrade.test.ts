/**
 * Schema upgrade harness: opens the database at an old version, writes rows, closes it, then
 * opens it with a newer version list and checks what survived. Every future schema version gets
 * a case here. `TEST_NEXT` is a test-only version after the last real one, shaped like a realistic
 * next step (a new index on records, a migration that rewrites synced rows) to prove user tables
 * come through untouched; v1 → v2 (generations, issue 6) is the first real migration, v2 → v3
 * (entities packed many per row, ADR 4) the second.
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
  stores: { records: '[gen+id], kind', testOnly: 'id' },
  async upgrade(tx) {
    await tx
      .table('records')
      .toCollection()
      .modify((row: { records?: string[] }) => {
        row.records = row.records?.map((json) => {
          const record = JSON.parse(json) as { description: string };
          return JSON.stringify({ ...record, description: record.description.trim() });
        });
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
    // v2 keeps one entity per row (read raw: the readers know the current form only).
    expect(await v2.table('records').get([1, 'russia'])).toMatchObject({ name: 'Russia', gen: 1, source: 'default' });
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
    expect(await v2.records.where('kind').equals('pack').count()).toBe(1);
    v2.close();
  });

  async function writeV2(): Promise<void> {
    const v2 = new KbDatabase(NAME, KB_VERSIONS.slice(0, 2));
    const bundled = { title: 'Default', kind: 'bundled' as const, version: 'p1', entityCount: 1, rejected: 0, rejectedSamples: [], importedAt: '', enabled: true };
    await v2.sources.bulkPut([
      { ...bundled, id: 'default', liveGen: 1 },
      { ...bundled, id: 'feed', kind: 'feed', entityCount: 60, liveGen: 3, seq: 1, checksum: 'c' },
    ]);
    const table = v2.table('records');
    await table.put({ ...entity({ id: 'russia', type: 'country', name: 'Russia' }), source: 'default', gen: 1, keys: ['russia'] });
    // A feed's live generation (with digests), a garbage generation and an unfinished job's staging.
    const digest = (i: number) => i.toString(16).padStart(64, '0');
    await table.bulkPut(Array.from({ length: 60 }, (_, i) => ({ ...entity({ id: `p-${i}`, type: 'person', name: `P ${i}` }), source: 'feed', gen: 3, keys: [`p ${i}`], digest: digest(i + 1) })));
    await table.bulkPut([2, 4].map((gen) => ({ ...entity({ id: 'old', type: 'term', name: 'Old' }), source: 'feed', gen, keys: ['old'] })));
    await v2.table('staging').put({ gen: 4, id: 'x' });
    await v2.syncJobs.put({ source: 'feed', gen: 4 } as never);
    await v2.notes.add({ entityId: 'russia', text: 'Mine', updatedAt: '2026-11-29T10:00:00Z' });
    v2.close();
  }

  it('packs v2 live generations (v3), drops garbage, staging and unfinished jobs, keeps user data', async () => {
    await writeV2();
    const v3 = new KbDatabase(NAME, KB_VERSIONS.slice(0, 3));
    await v3.open();
    expect(v3.verno).toBe(3);
    expect(v3.tables.map((t) => t.name)).not.toContain('staging');
    expect(await getLiveEntity(v3, 'russia')).toMatchObject({ name: 'Russia', gen: 1, source: 'default' });
    expect(await getLiveEntity(v3, 'p-17')).toMatchObject({ name: 'P 17', gen: 3, digest: (18).toString(16).padStart(64, '0') });
    expect((await allLiveEntities(v3)).map((e) => e.id).sort()).toEqual(['russia', ...Array.from({ length: 60 }, (_, i) => `p-${i}`)].sort());
    const gens = new Set((await v3.records.toCollection().primaryKeys()).map(([g]) => g));
    expect([...gens].sort()).toEqual([1, 3]);
    // 61 entities, far fewer rows: packs of up to 64 plus an index bucket per generation.
    expect(await v3.records.count()).toBeLessThan(10);
    expect((await v3.sources.get('feed'))?.layout).toMatchObject({ buckets: 1 });
    expect(await v3.syncJobs.count()).toBe(0);
    expect(await v3.notes.count()).toBe(1);
    v3.close();
  });

  it('upgrades v1 straight to the current version', async () => {
    await writeV1();
    const db = new KbDatabase(NAME);
    await db.open();
    expect(await getLiveEntity(db, 'russia')).toMatchObject({ name: 'Russia', gen: 1, source: 'default' });
    expect(await db.notes.count()).toBe(1);
    db.close();
  });
});
