import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { KbDatabase } from '../../utils/background/db/kb-database';
import { ensureDefaultPack } from '../../utils/background/default-pack';
import { getEntityCard } from '../../utils/background/kb-repository';
import { entity } from './helpers/entities';

const pack = (version: string) => ({
  format: 1,
  source: 'default',
  title: 'Bundled',
  version,
  generated: '2026-11-29T00:00:00Z',
  entities: [entity({ id: 'russia', type: 'country', name: 'Russia', description: `Russia (${version}).` })],
});

/** A loader that counts how often the pack file is read. */
function loader(version: string) {
  const load = Object.assign(
    () => {
      load.calls++;
      return Promise.resolve(pack(version));
    },
    { calls: 0 },
  );
  return load;
}

let db: KbDatabase | undefined;
afterEach(async () => {
  db?.close();
  if (db) await Dexie.delete(db.name);
});

describe('ensureDefaultPack', () => {
  it('imports the bundled pack once, then checks it with one read instead of reloading it', async () => {
    db = new KbDatabase(`pack-${Math.random()}`);
    const load = loader('p1');
    expect(await ensureDefaultPack(db, load)).toMatchObject({ imported: true, version: 'p1', entityCount: 1 });
    expect(await ensureDefaultPack(db, load)).toMatchObject({ imported: false, version: 'p1', entityCount: 1 });
    expect(await ensureDefaultPack(db, load)).toMatchObject({ imported: false });
    expect(load.calls).toBe(1);
  });

  it('imports again when the KB lost the pack (a reset) or another build ships a newer one', async () => {
    db = new KbDatabase(`pack-${Math.random()}`);
    const load = loader('p1');
    await ensureDefaultPack(db, load);
    await db.sources.delete('default');
    expect(await ensureDefaultPack(db, load)).toMatchObject({ imported: true, version: 'p1' });
    expect(load.calls).toBe(2);

    const update = loader('p2');
    expect(await ensureDefaultPack(db, update)).toMatchObject({ imported: true, version: 'p2' });
    expect((await getEntityCard(db, 'russia'))?.entity.description).toBe('Russia (p2).');
  });
});
