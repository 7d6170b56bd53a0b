/**
 * The "Add to Newslens" context menu on selected text. Choosing it opens the add-entity form
 * (an extension page) in a small popup window with the selection prefilled: an extension page
 * rather than a form injected into the news page, so the page can neither see nor script what the
 * reader types, and the form can send privileged messages.
 */
import type { Menus, Tabs } from 'webextension-polyfill';

/** The part of `browser.contextMenus` used here. */
export interface ContextMenusApi {
  create(properties: { id: string; title: string; contexts: ['selection'] }): unknown;
  removeAll(): Promise<void>;
}

export const ADD_ENTITY_MENU_ID = 'newslens-add-entity';
export const ADD_ENTITY_PAGE = '/add-entity.html';
/** Selections longer than this are cut: a name, not a paragraph. */
const MAX_SELECTION = 300;
const WINDOW_SIZE = { width: 440, height: 560 };

export interface ContextMenuDeps {
  contextMenus: ContextMenusApi;
  getURL(path: string): string;
  openWindow(options: { url: string; type: 'popup'; width: number; height: number }): Promise<unknown>;
  title: string;
}

/** Called on install/update: menus persist across worker restarts, so they are created once. */
export async function createContextMenu(deps: Pick<ContextMenuDeps, 'contextMenus' | 'title'>): Promise<void> {
  await deps.contextMenus.removeAll();
  deps.contextMenus.create({ id: ADD_ENTITY_MENU_ID, title: deps.title, contexts: ['selection'] });
}

/** The URL of the form for a selection. */
export function addEntityUrl(getURL: (path: string) => string, selection: string): string {
  const text = selection.replace(/\s+/g, ' ').trim().slice(0, MAX_SELECTION);
  return `${getURL(ADD_ENTITY_PAGE)}?${new URLSearchParams({ text }).toString()}`;
}

/** The menu's click handler: opens the form for the selected text. */
export async function onContextMenuClick(
  info: Pick<Menus.OnClickData, 'menuItemId' | 'selectionText'>,
  _tab: Tabs.Tab | undefined,
  deps: Pick<ContextMenuDeps, 'getURL' | 'openWindow'>,
): Promise<boolean> {
  if (info.menuItemId !== ADD_ENTITY_MENU_ID) return false;
  await deps.openWindow({ url: addEntityUrl(deps.getURL, info.selectionText ?? ''), type: 'popup', ...WINDOW_SIZE });
  return true;
}
