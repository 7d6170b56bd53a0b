/**
 * Entities the reader made ("Add to Newslens"): user data in the `ownEntities` table, kept apart
 * from synced records. They are spotted on pages and found by search like KB entities; a
 * revision number in `meta` is part of the KB stamp, so both indexes are rebuilt when it moves.
 */
import { EntityRecord } from '../../shared/kb-schema';
import { OwnEntityInput } from '../../shared/protocol-schemas';
import type { KbDatabase, OwnEntityRow } from '../db/kb-database';
import { searchKeysOf } from '../search-keys';

export const OWN_ENTITIES_REVISION_KEY = 'own-entities-revision';
/** Ids of own entities start with this, so they never take a KB id. */
export const OWN_ID_PREFIX = 'user-';
export const OWN_SOURCE_TITLE = 'Added by you';

export async function ownEntitiesRevision(db: KbDatabase): Promise<number> {
  const row = await db.meta.get(OWN_ENTITIES_REVISION_KEY);
  return typeof row?.value === 'number' ? row.value : 0;
}

/** Call inside a rw transaction that includes `meta`. */
export async function bumpOwnEntitiesRevision(db: KbDatabase): Promise<void> {
  await db.meta.put({ key: OWN_ENTITIES_REVISION_KEY, value: (await ownEntitiesRevision(db)) + 1 });
}

export function toRecord(row: OwnEntityRow): EntityRecord {
  const { keys: _keys, createdAt: _createdAt, ...record } = row;
  return record;
}

export function toRow(record: EntityRecord, createdAt: string): OwnEntityRow {
  return { ...record, keys: searchKeysOf(record), createdAt };
}

export async function listOwnEntities(db: KbDatabase): Promise<EntityRecord[]> {
  return (await db.ownEntities.toArray()).map(toRecord);
}

export async function getOwnEntity(db: KbDatabase, id: string): Promise<EntityRecord | undefined> {
  const row = await db.ownEntities.get(id);
  return row && toRecord(row);
}

function slug(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'entity'
  );
}

/** Builds the record for the form's input: a fresh id, the aliases, "Added by you" as source. */
export function ownEntityRecord(input: OwnEntityInput, now = new Date(), random = Math.random): EntityRecord {
  const form = OwnEntityInput.parse(input);
  const suffix = Math.floor(random() * 36 ** 6).toString(36).padStart(6, '0');
  const aliases = [...new Set(form.aliases)].filter((a) => a !== form.name).map((text) => ({ text }));
  return EntityRecord.parse({
    id: `${OWN_ID_PREFIX}${slug(form.name)}-${suffix}`,
    type: form.type,
    name: form.name,
    description: form.description || OWN_SOURCE_TITLE,
    aliases,
    sources: [{ title: OWN_SOURCE_TITLE, retrieved: now.toISOString().slice(0, 10) }],
    checked: now.toISOString().slice(0, 10),
  });
}

export async function addOwnEntity(db: KbDatabase, input: OwnEntityInput, now = new Date()): Promise<EntityRecord> {
  const record = ownEntityRecord(input, now);
  await db.transaction('rw', db.ownEntities, db.meta, async () => {
    await db.ownEntities.add(toRow(record, now.toISOString()));
    await bumpOwnEntitiesRevision(db);
  });
  return record;
}

export async function deleteOwnEntity(db: KbDatabase, id: string): Promise<void> {
  await db.transaction('rw', db.ownEntities, db.meta, async () => {
    await db.ownEntities.delete(id);
    await bumpOwnEntitiesRevision(db);
  });
}
