/**
 * Export and import of all user data (notes, corrections, own entities) as one JSON file.
 *
 * Import is validated with zod in two levels. The file level (JSON, the format marker, the three
 * lists) decides whether anything is applied at all: a malformed file changes nothing. Entries
 * are then validated one by one; an invalid entry is rejected with its reason and the others are
 * merged, all in one transaction.
 *
 * Merge rule: an import only adds; what was there is never changed or removed.
 * - a note is skipped when the same entity already has a note with the same text;
 * - a correction is skipped when one exists for the same entity, words and site (yours is kept,
 *   even if the file's decision differs);
 * - an own entity is skipped when one with the same id exists (yours is kept).
 */
import { z } from 'zod';
import { EntityId, EntityRecord, describeIssues } from '../../shared/kb-schema';
import type { ImportReport } from '../../shared/protocol';
import { checkOwnEntityNames, NOTE_MAX_LENGTH } from '../../shared/protocol-schemas';
import { foldPhrase } from '../../shared/text-normalize';
import type { CorrectionRow, KbDatabase, NoteRow } from '../db/kb-database';
import { bumpOwnEntitiesRevision, OWN_ID_PREFIX, toRecord, toRow } from './own-entities';

export const USER_DATA_FORMAT = 'newslens-user-data';
export const USER_DATA_VERSION = 1;

const Timestamp = z.iso.datetime({ offset: true });

const NoteEntry = z.object({
  entityId: EntityId,
  text: z.string().trim().min(1).max(NOTE_MAX_LENGTH),
  updatedAt: Timestamp,
});

const CorrectionEntry = z
  .object({
    entityId: EntityId,
    alias: z.string().min(1).max(300),
    action: z.enum(['not-an-entity', 'use-instead']),
    replacementId: EntityId.optional(),
    site: z.string().min(1).max(253).optional(),
    createdAt: Timestamp,
  })
  .refine((c) => c.action !== 'use-instead' || c.replacementId, { message: '"use-instead" needs a replacementId', path: ['replacementId'] });

// Same name rule as the add-entity form (shared/own-entity-name.ts): a file cannot bring in "a" or ".".
const OwnEntityEntry = EntityRecord.extend({
  id: EntityId.refine((id) => id.startsWith(OWN_ID_PREFIX), { message: `own entity ids start with "${OWN_ID_PREFIX}"` }),
  createdAt: Timestamp,
}).superRefine(checkOwnEntityNames);

/** The file level: checked before anything is applied. */
const UserDataFile = z.object({
  format: z.literal(USER_DATA_FORMAT),
  version: z.literal(USER_DATA_VERSION),
  exportedAt: z.string().optional(),
  notes: z.array(z.unknown()).max(100_000),
  corrections: z.array(z.unknown()).max(100_000),
  ownEntities: z.array(z.unknown()).max(100_000),
});

export async function exportUserData(db: KbDatabase, now = new Date()): Promise<string> {
  const [notes, corrections, own] = await db.transaction('r', db.notes, db.corrections, db.ownEntities, () =>
    Promise.all([db.notes.toArray(), db.corrections.toArray(), db.ownEntities.toArray()]),
  );
  const file = {
    format: USER_DATA_FORMAT,
    version: USER_DATA_VERSION,
    exportedAt: now.toISOString(),
    notes: notes.map(({ entityId, text, updatedAt }) => ({ entityId, text, updatedAt })),
    corrections: corrections.map(({ id: _id, ...c }) => c),
    ownEntities: own.map((row) => ({ ...toRecord(row), createdAt: row.createdAt })),
  };
  return JSON.stringify(file, null, 2);
}

const emptyCounts = () => ({ notes: 0, corrections: 0, ownEntities: 0 });

function refused(error: string): ImportReport {
  return { applied: false, error, added: emptyCounts(), skipped: emptyCounts(), rejected: [] };
}

export async function importUserData(db: KbDatabase, text: string): Promise<ImportReport> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return refused(`Not a JSON file (${e instanceof Error ? e.message : String(e)})`);
  }
  const file = UserDataFile.safeParse(json);
  if (!file.success) return refused(`Not a Newslens user-data file: ${describeIssues(file.error)}`);

  const report: ImportReport = { applied: true, added: emptyCounts(), skipped: emptyCounts(), rejected: [] };
  const valid = <T>(section: ImportReport['rejected'][number]['section'], schema: z.ZodType<T>, items: unknown[]): T[] =>
    items.flatMap((item, index) => {
      const parsed = schema.safeParse(item);
      if (parsed.success) return [parsed.data];
      report.rejected.push({ section, index, reason: describeIssues(parsed.error, 3) });
      return [];
    });
  const notes = valid('notes', NoteEntry, file.data.notes);
  const corrections = valid('corrections', CorrectionEntry, file.data.corrections);
  const ownEntities = valid('ownEntities', OwnEntityEntry, file.data.ownEntities);

  await db.transaction('rw', [db.notes, db.corrections, db.ownEntities, db.meta], async () => {
    const noteKey = (n: Pick<NoteRow, 'entityId' | 'text'>) => `${n.entityId}\u0000${n.text.trim()}`;
    const haveNotes = new Set((await db.notes.toArray()).map(noteKey));
    for (const n of notes) {
      if (haveNotes.has(noteKey(n))) {
        report.skipped.notes++;
        continue;
      }
      haveNotes.add(noteKey(n));
      await db.notes.add(n);
      report.added.notes++;
    }

    const correctionKey = (c: Pick<CorrectionRow, 'entityId' | 'alias' | 'site'>) => `${c.entityId}\u0000${foldPhrase(c.alias)}\u0000${c.site ?? ''}`;
    const haveCorrections = new Set((await db.corrections.toArray()).map(correctionKey));
    for (const c of corrections) {
      if (haveCorrections.has(correctionKey(c))) {
        report.skipped.corrections++;
        continue;
      }
      haveCorrections.add(correctionKey(c));
      await db.corrections.add({ ...c, alias: foldPhrase(c.alias), replacementId: c.action === 'use-instead' ? c.replacementId : undefined });
      report.added.corrections++;
    }

    let ownChanged = false;
    for (const { createdAt, ...record } of ownEntities) {
      if (await db.ownEntities.get(record.id)) {
        report.skipped.ownEntities++;
        continue;
      }
      await db.ownEntities.add(toRow(record, createdAt));
      report.added.ownEntities++;
      ownChanged = true;
    }
    if (ownChanged) await bumpOwnEntitiesRevision(db);
  });
  return report;
}
