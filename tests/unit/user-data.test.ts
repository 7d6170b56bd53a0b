/** User data: notes, own entities, export/import (validation, merge rule, rejects), the context menu handler. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import Dexie from 'dexie';
import { KbDatabase } from '../../utils/background/db/kb-database';
import { addCorrection } from '../../utils/background/corrections';
import { ADD_ENTITY_MENU_ID, createContextMenu, onContextMenuClick } from '../../utils/background/context-menu';
import { deleteNote, getNotes, saveNote } from '../../utils/background/user-data/notes';
import { addOwnEntity, listOwnEntities, ownEntitiesRevision } from '../../utils/background/user-data/own-entities';
import { exportUserData, importUserData } from '../../utils/background/user-data/user-data-file';
import { kbStamp } from '../../utils/background/spot-index';

let db: KbDatabase;
beforeEach(() => {
  db = new KbDatabase(`user-data-${Math.random()}`);
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

describe('notes', () => {
  it('adds, edits and deletes notes per entity', async () => {
    const a = await saveNote(db, { entityId: 'maria-zakharova', text: 'first' });
    await saveNote(db, { entityId: 'maria-zakharova', text: 'second' });
    await saveNote(db, { entityId: 'north-korea', text: 'elsewhere' });
    await saveNote(db, { entityId: 'maria-zakharova', text: 'first, edited', id: a.id });
    expect((await getNotes(db, 'maria-zakharova')).map((n) => n.text)).toEqual(['first, edited', 'second']);
    await deleteNote(db, a.id);
    expect((await getNotes(db, 'maria-zakharova')).map((n) => n.text)).toEqual(['second']);
    await expect(saveNote(db, { entityId: 'north-korea', text: 'x', id: a.id })).rejects.toThrow(/no longer exists/);
  });
});

describe('own entities', () => {
  it('get a "user-" id, the aliases and a revision that changes the KB stamp', async () => {
    const before = await kbStamp(db);
    const e = await addOwnEntity(db, { name: 'Ottoline Brackwater', type: 'person', aliases: ['Brackwater', 'Ottoline Brackwater'] });
    expect(e.id).toMatch(/^user-ottoline-brackwater-[a-z0-9]{6}$/);
    expect(e.aliases).toEqual([{ text: 'Brackwater' }]);
    expect(e.sources[0]!.title).toBe('Added by you');
    expect(await ownEntitiesRevision(db)).toBe(1);
    expect(await kbStamp(db)).not.toBe(before);
  });

  it('need at least two letters or digits in the name and each alias (else they mark every "a" or "I")', async () => {
    for (const name of ['a', 'I', '.', '—', 'x!']) {
      await expect(addOwnEntity(db, { name, type: 'term' }), name).rejects.toThrow(/at least 2 letters or digits/);
    }
    await expect(addOwnEntity(db, { name: 'Ottoline Brackwater', type: 'person', aliases: ['O'] })).rejects.toThrow(/aliases/);
    expect(await listOwnEntities(db)).toEqual([]);
    // Two letters or digits in any script are enough.
    for (const name of ['UN', 'G7', '東京', 'Ян']) await addOwnEntity(db, { name, type: 'term' });
    expect(await listOwnEntities(db)).toHaveLength(4);
  });
});

async function seed() {
  await saveNote(db, { entityId: 'maria-zakharova', text: 'mine' });
  await addCorrection(db, { entityId: 'washington', matched: 'Washington', action: 'not-an-entity', site: 'example.org' });
  return addOwnEntity(db, { name: 'Ottoline Brackwater', type: 'person' });
}

describe('export and import', () => {
  it('round-trips into an empty database', async () => {
    const own = await seed();
    const file = await exportUserData(db);
    const other = new KbDatabase(`user-data-other-${Math.random()}`);
    try {
      const report = await importUserData(other, file);
      expect(report).toMatchObject({ applied: true, added: { notes: 1, corrections: 1, ownEntities: 1 }, rejected: [] });
      expect((await listOwnEntities(other)).map((e) => e.id)).toEqual([own.id]);
      expect((await other.corrections.toArray())[0]).toMatchObject({ entityId: 'washington', alias: 'washington', site: 'example.org' });
    } finally {
      other.close();
      await Dexie.delete(other.name);
    }
  });

  it('merges without losing or changing what was there', async () => {
    const own = await seed();
    const file = JSON.parse(await exportUserData(db)) as Record<string, unknown[]>;
    // Local changes after the export: edit the note text, flip the correction, rename the entity.
    await db.notes.toCollection().modify({ text: 'mine, edited' });
    await db.corrections.toCollection().modify({ action: 'use-instead', replacementId: 'washington-dc' });
    await db.ownEntities.update(own.id, { name: 'O. Brackwater' });
    file.notes!.push({ entityId: 'north-korea', text: 'new', updatedAt: '2026-01-01T00:00:00.000Z' });
    const report = await importUserData(db, JSON.stringify(file));
    expect(report.added).toEqual({ notes: 2, corrections: 0, ownEntities: 0 }); // "mine" differs from "mine, edited"
    expect(report.skipped).toEqual({ notes: 0, corrections: 1, ownEntities: 1 });
    expect((await db.corrections.toArray()).map((c) => c.action)).toEqual(['use-instead']);
    expect((await db.ownEntities.get(own.id))?.name).toBe('O. Brackwater');
    // Importing the same file again adds nothing.
    expect((await importUserData(db, JSON.stringify(file))).added).toEqual({ notes: 0, corrections: 0, ownEntities: 0 });
  });

  it('rejects invalid entries with reasons and applies the valid ones', async () => {
    const report = await importUserData(
      db,
      JSON.stringify({
        format: 'newslens-user-data',
        version: 1,
        notes: [{ entityId: 'Not An Id', text: 'x', updatedAt: '2026-01-01T00:00:00Z' }, { entityId: 'ok', text: 'fine', updatedAt: '2026-01-01T00:00:00Z' }],
        corrections: [{ entityId: 'a', alias: 'A', action: 'use-instead', createdAt: '2026-01-01T00:00:00Z' }],
        ownEntities: [{ id: 'vladimir-putin', type: 'person', name: 'Hijack', description: 'x', sources: [{ title: 't' }], checked: '2026', createdAt: '2026-01-01T00:00:00Z' }],
      }),
    );
    expect(report.applied).toBe(true);
    expect(report.added.notes).toBe(1);
    expect(report.rejected.map((r) => [r.section, r.index])).toEqual([
      ['notes', 0],
      ['corrections', 0],
      ['ownEntities', 0],
    ]);
    expect(report.rejected[0]!.reason).toMatch(/entityId/);
    expect(report.rejected[1]!.reason).toMatch(/replacementId/);
    expect(report.rejected[2]!.reason).toMatch(/user-/);
  });

  it('rejects own entities whose name or an alias breaks the add-entity form\'s name rule', async () => {
    const entry = (name: string, aliases: { text: string }[] = []) => ({
      id: `user-${Math.random().toString(36).slice(2, 8)}`,
      type: 'term',
      name,
      description: 'x',
      aliases,
      sources: [{ title: 'Added by you' }],
      checked: '2026-01-01',
      createdAt: '2026-01-01T00:00:00Z',
    });
    const report = await importUserData(
      db,
      JSON.stringify({
        format: 'newslens-user-data',
        version: 1,
        notes: [],
        corrections: [],
        ownEntities: [entry('a'), entry('Fine Name', [{ text: 'I' }]), entry('Fine Name', [{ text: 'FN' }])],
      }),
    );
    expect(report.added.ownEntities).toBe(1);
    expect(report.rejected.map((r) => [r.index, r.reason])).toEqual([
      [0, 'name: needs at least 2 letters or digits'],
      [1, 'aliases.0.text: needs at least 2 letters or digits'],
    ]);
  });

  it('applies nothing from a malformed file', async () => {
    await seed();
    const before = await exportUserData(db);
    for (const text of ['not json', '[]', JSON.stringify({ format: 'newslens-user-data', version: 2, notes: [], corrections: [], ownEntities: [] }),
      JSON.stringify({ format: 'newslens-user-data', version: 1, notes: [{ entityId: 'ok', text: 'x', updatedAt: '2026-01-01T00:00:00Z' }], corrections: 'nope', ownEntities: [] })]) {
      const report = await importUserData(db, text);
      expect(report.applied).toBe(false);
      expect(report.error).toBeTruthy();
    }
    const notesOf = (text: string) => (JSON.parse(text) as { notes: unknown[] }).notes;
    expect(notesOf(await exportUserData(db))).toEqual(notesOf(before));
    expect(await db.notes.count()).toBe(1);
  });
});

describe('context menu', () => {
  it('is created for selections and opens the form with the selected text', async () => {
    const create = vi.fn();
    await createContextMenu({ contextMenus: { create, removeAll: () => Promise.resolve() }, title: 'Add to Newslens' });
    expect(create).toHaveBeenCalledWith({ id: ADD_ENTITY_MENU_ID, title: 'Add to Newslens', contexts: ['selection'] });

    const openWindow = vi.fn(() => Promise.resolve());
    const deps = { getURL: (p: string) => `chrome-extension://abc${p}`, openWindow };
    expect(await onContextMenuClick({ menuItemId: ADD_ENTITY_MENU_ID, selectionText: ' Ottoline\n Brackwater ' }, undefined, deps)).toBe(true);
    expect(openWindow).toHaveBeenCalledWith(expect.objectContaining({ url: 'chrome-extension://abc/add-entity.html?text=Ottoline+Brackwater', type: 'popup' }));
    expect(await onContextMenuClick({ menuItemId: 'other' }, undefined, deps)).toBe(false);
    expect(openWindow).toHaveBeenCalledTimes(1);
  });
});
