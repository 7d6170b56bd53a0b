// @vitest-environment happy-dom
/** The toolbar popup (components/PopupApp.tsx, components/popup/*): errors, cards, quick toggles. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { settingsItem } from '../../utils/shared/settings';

const sendMessage = vi.fn<(type: string, data?: unknown) => Promise<unknown>>();
vi.mock('../../utils/shared/protocol', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  sendMessage: (type: string, data?: unknown) => sendMessage(type, data),
}));
// The card's notes use the thin sender.
vi.mock('../../utils/shared/send-message', () => ({ sendMessage: () => Promise.resolve([]) }));
const { PopupApp } = await import('../../components/PopupApp');
/** Runs `fn` in act() and lets the replies it waits for arrive. */
const settle = (fn: () => unknown) =>
  act(async () => {
    fn();
    await new Promise((resolve) => setTimeout(resolve, 0));
  });

const hit = (id: string, name: string) => ({ id, type: 'person', name, description: 'x', matched: name, kind: 'exact' });
const cardOf = (id: string, name: string) => ({
  entity: { id, type: 'person', name, description: 'Spokeswoman', aliases: [], facts: [], relations: [], links: {}, prominence: 0.5, sources: [{ title: 'x' }], checked: '2025-06-01' },
  related: [],
  provenance: { source: 'default', kbVersion: '1', importedAt: '' },
});
const ZAKHAROVA = hit('maria-zakharova', 'Maria Zakharova');

/** Answers per message type; getEntity and search may be replaced per test. */
let getEntity: (id: string) => Promise<unknown>;
let search: (query: string) => Promise<unknown>;
beforeEach(() => {
  getEntity = (id) => Promise.resolve(cardOf(id, 'Maria Zakharova'));
  search = (query) => Promise.resolve(query ? [ZAKHAROVA] : []);
  sendMessage.mockImplementation((type, data) => {
    const d = data as { id: string; query: string };
    if (type === 'search') return search(d.query);
    if (type === 'getEntity') return getEntity(d.id);
    if (type === 'getStatus') return Promise.resolve({ entityCount: 1, sources: [] });
    return Promise.reject(new Error('no tab'));
  });
});
afterEach(() => {
  render(null, document.body);
  sendMessage.mockReset();
});

const input = () => document.body.querySelector<HTMLInputElement>('input[type=search]')!;
const alert = () => document.body.querySelector('main > [role=alert]');
const enter = () => act(() => void input().dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true })));
async function typeQuery(text: string) {
  await act(() => {
    input().value = text;
    input().dispatchEvent(new Event('input', { bubbles: true }));
  });
}
async function openPopupWithResults() {
  await act(() => render(<PopupApp />, document.body));
  await typeQuery('zakh');
  await vi.waitFor(() => expect(document.body.querySelector('[role=option]')).not.toBeNull());
}

describe('popup errors', () => {
  it('go away once a card opens fine', async () => {
    let failNext = true;
    getEntity = (id) => (failNext ? ((failNext = false), Promise.reject(new Error('Could not establish connection'))) : Promise.resolve(cardOf(id, 'Maria Zakharova')));
    await openPopupWithResults();
    await enter();
    await vi.waitFor(() => expect(alert()?.textContent).toContain('Could not establish connection'));
    await enter(); // try again: this time the card opens
    await vi.waitFor(() => expect(document.body.querySelector('.nl-card')).not.toBeNull());
    expect(alert()).toBeNull();
  });

  it('go away when a new query starts', async () => {
    getEntity = () => Promise.reject(new Error('Could not establish connection'));
    await openPopupWithResults();
    await enter();
    await vi.waitFor(() => expect(alert()).not.toBeNull());
    await typeQuery('zakha');
    expect(alert()).toBeNull();
  });

  it('of a search are cleared when the next query starts', async () => {
    search = (query) => (query === 'zz' ? Promise.reject(new Error('index not ready')) : Promise.resolve([ZAKHAROVA]));
    await act(() => render(<PopupApp />, document.body));
    await typeQuery('zz');
    await vi.waitFor(() => expect(alert()?.textContent).toContain('Search failed: Error: index not ready'));
    search = () => new Promise(() => undefined); // the next answer is still on its way
    await typeQuery('zak');
    expect(alert()).toBeNull();
  });
});

describe('popup cards', () => {
  it('ignore a reply that arrives after the reader typed again', async () => {
    let answer!: (card: unknown) => void;
    getEntity = () => new Promise((resolve) => (answer = resolve));
    await openPopupWithResults();
    await enter();
    await typeQuery('zakharova'); // typed on before the card came
    await settle(() => answer(cardOf('maria-zakharova', 'Maria Zakharova')));
    expect(document.body.querySelector('.nl-card')).toBeNull();
    expect(document.body.querySelector('[role=listbox]')).not.toBeNull();
  });

  it('say when the entry is no longer in the knowledge base', async () => {
    getEntity = () => Promise.resolve(null);
    await openPopupWithResults();
    await enter();
    await vi.waitFor(() => expect(document.body.textContent).toContain('no longer in the knowledge base'));
    expect(document.body.querySelector('.nl-card')).toBeNull();
    await typeQuery('zakha');
    expect(document.body.textContent).not.toContain('no longer in the knowledge base');
  });

  it('isolate names in the results, so an RTL override cannot reverse the type beside them', async () => {
    search = () => Promise.resolve([hit('evil', '\u202Eevil name')]);
    await act(() => render(<PopupApp />, document.body));
    await typeQuery('evil');
    await vi.waitFor(() => expect(document.body.querySelector('.nl-results__name')).not.toBeNull());
    expect(document.body.querySelector('.nl-results__name')!.getAttribute('dir')).toBe('auto');
  });
});

describe('quick toggles', () => {
  it('flip back and say why when the setting could not be saved', async () => {
    sendMessage.mockImplementation((type) =>
      type === 'updateSettings' ? Promise.reject(new Error('storage is full')) : type === 'getStatus' ? Promise.resolve({ entityCount: 1, sources: [] }) : Promise.reject(new Error('no tab')),
    );
    await settingsItem.setValue({ ...(await settingsItem.getValue()), enabled: true });
    await act(() => render(<PopupApp />, document.body));
    const everywhere = () => document.body.querySelector<HTMLInputElement>('.nl-toggles input[type=checkbox]')!;
    await vi.waitFor(() => expect(everywhere()).not.toBeNull());
    await settle(() => {
      everywhere().checked = false;
      everywhere().dispatchEvent(new Event('change', { bubbles: true }));
    });
    await vi.waitFor(() => expect(document.body.querySelector('.nl-toggles [role=alert]')?.textContent).toContain('Not changed: Error: storage is full'));
    expect(everywhere().checked).toBe(true);
  });
});
