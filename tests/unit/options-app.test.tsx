// @vitest-environment happy-dom
/** The options page (components/OptionsApp.tsx): the knowledge-base table and the hover-delay field. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { Settings } from '../../utils/shared/settings-schema';
import { DEFAULT_SETTINGS, settingsItem } from '../../utils/shared/settings';
import { syncProgressItem } from '../../utils/sync/progress';

const sendMessage = vi.fn<(type: string, data?: unknown) => Promise<unknown>>();
vi.mock('../../utils/shared/protocol', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  sendMessage: (type: string, data?: unknown) => sendMessage(type, data),
}));
const { OptionsApp } = await import('../../components/OptionsApp');
const { HOVER_DELAY_MAX, HOVER_DELAY_MIN } = await import('../../components/options/HoverDelayField');

const BUNDLED = { id: 'default', title: 'Newslens default', version: '2025.06', entityCount: 1200, importedAt: '2026-01-01T00:00:00.000Z' };
const NEW_FEED = { id: 'my-kb', title: 'My feed', version: '', entityCount: 0, importedAt: '' };
let kbSources: (typeof BUNDLED)[];

beforeEach(() => {
  vi.stubGlobal('navigator', { storage: { estimate: () => Promise.resolve({ usage: 0, quota: 1 }), persisted: () => Promise.resolve(false) } });
  kbSources = [BUNDLED, NEW_FEED];
  sendMessage.mockImplementation((type, data) => {
    if (type === 'getStatus') return Promise.resolve({ entityCount: 1200, sources: kbSources });
    if (type === 'getSyncStatus') return Promise.resolve({ sources: [], schedule: { intervalHours: 12 } });
    if (type === 'updateSettings') return Promise.resolve(Settings.parse({ ...DEFAULT_SETTINGS, ...(data as object) }));
    return Promise.resolve([]);
  });
});
afterEach(() => {
  render(null, document.body);
  sendMessage.mockReset();
  vi.unstubAllGlobals();
});

const row = (id: string) => document.body.querySelector(`.nl-kb-table tr[data-source-id="${id}"]`);

describe('options: knowledge base table', () => {
  it('says "not synced yet" for a feed that has not synced, never "Invalid Date"', async () => {
    await act(() => render(<OptionsApp />, document.body));
    await vi.waitFor(() => expect(row('my-kb')?.textContent).toContain('My feed'));
    expect(row('my-kb')?.textContent).toContain('not synced yet');
    expect(document.body.textContent).not.toContain('Invalid Date');
    expect(row('default')?.textContent).toContain(new Date(BUNDLED.importedAt).toLocaleString());
  });

  it('is read again when a sync reports progress (Sync now, a new feed, the schedule)', async () => {
    await act(() => render(<OptionsApp />, document.body));
    await vi.waitFor(() => expect(row('my-kb')).not.toBeNull());
    kbSources = [BUNDLED, { ...NEW_FEED, version: '2026.02', entityCount: 42, importedAt: '2026-02-01T00:00:00.000Z' }];
    await act(() => syncProgressItem.setValue({ running: false, phase: 'done', records: 42, recordsTotal: 42, bytes: 1, bytesTotal: 1, at: 1 }));
    await vi.waitFor(() => expect(row('my-kb')?.textContent).toContain('2026.02'));
    expect(row('my-kb')?.textContent).not.toContain('not synced yet');
  });
});

describe('options: hover delay', () => {
  const field = () => document.body.querySelector<HTMLInputElement>('input[type=number]')!;
  const saves = () => sendMessage.mock.calls.filter(([type]) => type === 'updateSettings');
  const alert = () => document.body.querySelector('.nl-hover-delay [role=alert]')?.textContent ?? '';

  async function enter(value: string) {
    await act(() => {
      field().dispatchEvent(new FocusEvent('focus'));
      field().value = value;
      field().dispatchEvent(new Event('input', { bubbles: true }));
      field().dispatchEvent(new Event('change', { bubbles: true }));
    });
  }
  const leave = () => act(() => void field().dispatchEvent(new FocusEvent('blur')));

  beforeEach(async () => {
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, hoverDelayMs: 300 });
    await act(() => render(<OptionsApp />, document.body));
    await vi.waitFor(() => expect(field().value).toBe('300'));
  });

  it('matches the range the settings schema accepts', () => {
    expect(Settings.shape.hoverDelayMs.safeParse(HOVER_DELAY_MIN).success).toBe(true);
    expect(Settings.shape.hoverDelayMs.safeParse(HOVER_DELAY_MAX).success).toBe(true);
    expect(Settings.shape.hoverDelayMs.safeParse(HOVER_DELAY_MIN - 1).success).toBe(false);
    expect(Settings.shape.hoverDelayMs.safeParse(HOVER_DELAY_MAX + 1).success).toBe(false);
  });

  it('does not save 0 ms when cleared, and shows the saved value again once left', async () => {
    await enter('');
    expect(alert()).toContain('Enter a whole number from 0 to 2000');
    expect(field().getAttribute('aria-invalid')).toBe('true');
    await leave();
    expect(saves()).toEqual([]);
    expect(field().value).toBe('300');
    expect(alert()).toContain('Still 300 ms');
  });

  it('refuses a value over the maximum with the allowed range, without saving', async () => {
    await enter('5000');
    expect(alert()).toContain('from 0 to 2000');
    await leave();
    expect(saves()).toEqual([]);
    expect(field().value).toBe('300');
  });

  it('saves a valid value and clears the error', async () => {
    await enter('');
    await enter('800');
    expect(alert()).toBe('');
    await leave();
    expect(saves()).toEqual([['updateSettings', { hoverDelayMs: 800 }]]);
    await vi.waitFor(() => expect(field().value).toBe('800'));
  });

  it('shows the saved value again when the background refuses the change', async () => {
    sendMessage.mockImplementation((type) =>
      type === 'updateSettings' ? Promise.reject(new Error('storage is full')) : Promise.resolve({ entityCount: 0, sources: [], schedule: { intervalHours: 12 } }),
    );
    await enter('900');
    await leave();
    await vi.waitFor(() => expect(document.body.textContent).toContain('Not saved: Error: storage is full'));
    expect(field().value).toBe('300');
  });
});
