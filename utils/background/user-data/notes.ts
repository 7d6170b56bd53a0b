/**
 * A reader's notes on entities: user data, in the `notes` table, never touched by a sync or a
 * KB reset. Several notes per entity are allowed; each can be edited or deleted from the card.
 */
import type { UserNote } from '../../shared/protocol';
import type { SaveNoteRequest } from '../../shared/protocol-schemas';
import type { KbDatabase, NoteRow } from '../db/kb-database';

const toNote = (row: NoteRow): UserNote => ({ id: row.id!, entityId: row.entityId, text: row.text, updatedAt: row.updatedAt });

export async function getNotes(db: KbDatabase, entityId: string): Promise<UserNote[]> {
  const rows = await db.notes.where('entityId').equals(entityId).toArray();
  return rows.map(toNote).sort((a, b) => a.id - b.id);
}

export async function saveNote(db: KbDatabase, req: SaveNoteRequest, now = new Date()): Promise<UserNote> {
  const row: NoteRow = { entityId: req.entityId, text: req.text, updatedAt: now.toISOString() };
  return db.transaction('rw', db.notes, async () => {
    if (req.id !== undefined) {
      const existing = await db.notes.get(req.id);
      if (!existing || existing.entityId !== req.entityId) throw new Error('That note no longer exists');
      await db.notes.put({ ...row, id: req.id });
      return toNote({ ...row, id: req.id });
    }
    const id = await db.notes.add(row);
    return toNote({ ...row, id });
  });
}

export async function deleteNote(db: KbDatabase, id: number): Promise<void> {
  await db.notes.delete(id);
}
