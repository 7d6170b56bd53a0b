/**
 * Background service worker: owns the KB and answers every lookup. Wiring only; the logic lives
 * in utils/background/. Listeners are registered synchronously at top level so that a message
 * that wakes the worker is never missed.
 */
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { kbDatabase } from '../utils/background/db/kb-database';
import { DEFAULT_PACK_PATH, ensureDefaultPack } from '../utils/background/default-pack';
import { createHandlers, registerHandlers } from '../utils/background/message-handlers';
import { refreshKbIndexes } from '../utils/background/kb-indexes';
import { createContextMenu, onContextMenuClick } from '../utils/background/context-menu';
import { i18n } from '#i18n';
import { contentMessaging, onMessage } from '../utils/shared/protocol';
import { startSyncEngine } from '../utils/sync/background-sync';
import { storageProgressSink } from '../utils/sync/progress';

export default defineBackground(() => {
  const db = kbDatabase();
  // The pack is generated into public/ by scripts/build-pack.ts, so WXT's typed PublicPath list
  // does not know it on a clean checkout; the path is checked by the e2e tests instead.
  const packUrl = (browser.runtime.getURL as (path: string) => string)(DEFAULT_PACK_PATH);
  const loadPack = async (): Promise<unknown> => (await fetch(packUrl)).json();
  const self = { id: browser.runtime.id, origin: browser.runtime.getURL('/') };
  const ready = () => ensureDefaultPack(db, loadPack);

  // Sync (utils/sync): progress goes to storage.session, schedule and retries to alarms.
  const sync = { alarms: browser.alarms, progress: storageProgressSink };
  registerHandlers(onMessage, createHandlers({ db, loadPack, self, sync }), self);
  startSyncEngine({
    ...sync,
    db,
    ensureBundled: ready,
    onKbChanged: () => void refreshKbIndexes(db, ready).catch((err: unknown) => console.warn('Newslens:', err)),
  });

  browser.commands.onCommand.addListener((command, tab) => {
    if (tab?.id === undefined) return;
    const direction = command === 'next-mention' ? 'next' : command === 'previous-mention' ? 'previous' : undefined;
    // A tab without our content script (a browser page) simply has no receiver.
    if (direction) contentMessaging.sendMessage('stepMention', { direction }, tab.id).catch(() => undefined);
  });

  // "Add to Newslens" on selected text (issue 7): opens the add-entity form in a small window.
  const getURL = (path: string) => (browser.runtime.getURL as (p: string) => string)(path);
  browser.contextMenus.onClicked.addListener((info, tab) => {
    void onContextMenuClick(info, tab, { getURL, openWindow: (options) => browser.windows.create(options) });
  });

  browser.runtime.onInstalled.addListener(() => {
    void createContextMenu({ contextMenus: browser.contextMenus, title: i18n.t('contextMenu.add') });
    // A new extension version may ship a new pack: import it now rather than on first lookup.
    // Compile the indexes now, off the hot path, rather than on the first page.
    void ready()
      .then((r) => (r.imported ? refreshKbIndexes(db, ready) : undefined))
      .catch(() => undefined);
  });
});
