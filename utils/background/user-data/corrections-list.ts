/** The stored corrections, for the options page, with the names of the entities they mention. */
import type { UserCorrection } from '../../shared/protocol';
import type { KbDatabase } from '../db/kb-database';
import { getLiveEntities } from '../../sync/generations';

export async function listCorrections(db: KbDatabase): Promise<UserCorrection[]> {
  const rows = await db.corrections.toArray();
  const ids = [...new Set(rows.flatMap((r) => [r.entityId, ...(r.replacementId ? [r.replacementId] : [])]))];
  const [live, own] = await Promise.all([getLiveEntities(db, ids), db.ownEntities.bulkGet(ids)]);
  const names = new Map<string, string>();
  ids.forEach((id, i) => {
    const name = live[i]?.name ?? own[i]?.name;
    if (name) names.set(id, name);
  });
  return rows
    .map((r) => ({
      id: r.id!,
      entityId: r.entityId,
      entityName: names.get(r.entityId),
      alias: r.alias,
      action: r.action,
      replacementId: r.replacementId,
      replacementName: r.replacementId ? names.get(r.replacementId) : undefined,
      site: r.site,
      createdAt: r.createdAt,
    }))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export async function deleteCorrection(db: KbDatabase, id: number): Promise<void> {
  await db.corrections.delete(id);
}
