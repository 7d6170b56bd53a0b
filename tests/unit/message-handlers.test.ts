import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import Dexie from 'dexie';
import type { Runtime } from 'webextension-polyfill';
import { KbDatabase } from '../../utils/background/db/kb-database';
import { createHandlers, dispatch, type Handlers } from '../../utils/background/message-handlers';
import { invalidateSpotIndex } from '../../utils/background/spot-index';
import { invalidateSearchIndex } from '../../utils/background/search/search-service';
import { PrivilegedMessageError } from '../../utils/background/sender-guard';
import { settingsItem } from '../../utils/shared/settings';
import { entity } from './helpers/entities';

const self = { id: 'newslens-test-id', origin: 'chrome-extension://newslens-test-id/' };
const fromContentScript: Runtime.MessageSender = { id: self.id, url: 'https://news.example/article', tab: { id: 3 } as Runtime.MessageSender['tab'] };
const fromPopup: Runtime.MessageSender = { id: self.id, url: `${self.origin}popup.html` };
const fromOtherExtension: Runtime.MessageSender = { id: 'someone-else', url: 'chrome-extension://someone-else/page.html' };

const pack = {
  format: 1,
  source: 'default',
  title: 'Test pack',
  version: '2026.11.29-test',
  generated: '2026-11-29T00:00:00Z',
  entities: [
    entity({ id: 'maria-zakharova', type: 'person', name: 'Maria Zakharova', relations: [{ type: 'office-in', target: 'russia' }] }),
    entity({ id: 'russia', type: 'country', name: 'Russia', aliases: [{ text: 'Russian' }] }),
    { id: 'broken', type: 'person' }, // rejected by the schema, counted, not stored
  ],
};

let db: KbDatabase;
let handlers: Handlers;

beforeEach(() => {
  invalidateSpotIndex();
  invalidateSearchIndex();
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  db = new KbDatabase(`handlers-${Math.random()}`);
  handlers = createHandlers({ db, loadPack: () => Promise.resolve(structuredClone(pack)), self });
});
afterEach(async () => {
  vi.restoreAllMocks();
  db.close();
  await Dexie.delete(db.name);
});

describe('message handlers', () => {
  it('imports the default pack on first use, rejecting invalid records', async () => {
    const status = await dispatch(handlers, self, 'getStatus', undefined, fromPopup);
    expect(status.entityCount).toBe(2);
    expect(await db.sources.get('default')).toMatchObject({ version: '2026.11.29-test', rejected: 1 });
    expect(console.warn).toHaveBeenCalledWith(expect.stringContaining('1 records'), expect.anything());
  });

  it('answers lookups from a content script', async () => {
    const mentions = await dispatch(handlers, self, 'findMentions', { blocks: ['Maria Zakharova said Russian troops…'] }, fromContentScript);
    expect(mentions.map((m) => m.entityId)).toEqual(['maria-zakharova', 'russia']);
    const card = await dispatch(handlers, self, 'getEntity', { id: 'maria-zakharova' }, fromContentScript);
    expect(card?.entity.name).toBe('Maria Zakharova');
    expect(card?.related.map((r) => r.id)).toEqual(['russia']);
    expect(card?.provenance.kbVersion).toBe('2026.11.29-test');
  });

  it('refuses privileged requests from a content script or another extension', async () => {
    await expect(dispatch(handlers, self, 'resetKb', undefined, fromContentScript)).rejects.toBeInstanceOf(PrivilegedMessageError);
    await expect(dispatch(handlers, self, 'updateSettings', { enabled: false }, fromContentScript)).rejects.toThrow(/only be requested/);
    await expect(dispatch(handlers, self, 'resetKb', undefined, fromOtherExtension)).rejects.toBeInstanceOf(PrivilegedMessageError);
    expect((await settingsItem.getValue()).enabled).toBe(true);
  });

  it('keeps the notes to extension pages: a content script (the page it runs in) cannot read or change them', async () => {
    const fromNotesFrame = { ...fromPopup, url: `${self.origin}card-notes.html?id=maria-zakharova` };
    const note = await dispatch(handlers, self, 'saveNote', { entityId: 'maria-zakharova', text: 'private' }, fromNotesFrame);
    await expect(dispatch(handlers, self, 'getNotes', { entityId: 'maria-zakharova' }, fromContentScript)).rejects.toBeInstanceOf(PrivilegedMessageError);
    await expect(dispatch(handlers, self, 'deleteNote', { id: note.id }, fromContentScript)).rejects.toBeInstanceOf(PrivilegedMessageError);
    await expect(dispatch(handlers, self, 'saveNote', { entityId: 'maria-zakharova', text: 'x' }, fromContentScript)).rejects.toBeInstanceOf(PrivilegedMessageError);
    expect((await dispatch(handlers, self, 'getNotes', { entityId: 'maria-zakharova' }, fromNotesFrame)).map((n) => n.text)).toEqual(['private']);
  });

  it('accepts privileged requests from the extension pages and validates them', async () => {
    const next = await dispatch(handlers, self, 'updateSettings', { enabled: false }, fromPopup);
    expect(next.enabled).toBe(false);
    expect((await settingsItem.getValue()).enabled).toBe(false);
    await expect(dispatch(handlers, self, 'updateSettings', { hoverDelayMs: -5 }, fromPopup)).rejects.toThrow();
    await expect(dispatch(handlers, self, 'updateSettings', { evil: true } as never, fromPopup)).rejects.toThrow();
  });

  it('validates page data at the edge', async () => {
    await expect(dispatch(handlers, self, 'findMentions', { blocks: 'not a list' } as never, fromContentScript)).rejects.toThrow();
    await expect(dispatch(handlers, self, 'getEntity', { id: '../etc' }, fromContentScript)).rejects.toThrow();
  });

  it('searches exact names before prefixes', async () => {
    const hits = await dispatch(handlers, self, 'search', { query: 'russia' }, fromPopup);
    expect(hits[0]).toMatchObject({ id: 'russia', kind: 'exact' });
    const prefix = await dispatch(handlers, self, 'search', { query: 'zakh' }, fromPopup);
    expect(prefix[0]).toMatchObject({ id: 'maria-zakharova', kind: 'prefix' }); // a prefix of any word (issue 7)
    const byName = await dispatch(handlers, self, 'search', { query: 'Maria Z' }, fromPopup);
    expect(byName[0]).toMatchObject({ id: 'maria-zakharova', kind: 'prefix' });
  });

  it('keeps user data when the KB is reset', async () => {
    await dispatch(handlers, self, 'getStatus', undefined, fromPopup);
    await db.notes.add({ entityId: 'russia', text: 'mine', updatedAt: '2026-11-29T00:00:00Z' });
    const status = await dispatch(handlers, self, 'resetKb', undefined, fromPopup);
    expect(status.entityCount).toBe(2);
    expect(await db.notes.count()).toBe(1);
  });
});
