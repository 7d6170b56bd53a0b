// @vitest-environment happy-dom
/** Options → Your data (components/options/UserDataSection.tsx): delete, export and import. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';

const sendMessage = vi.fn<(type: string, data?: unknown) => Promise<unknown>>();
vi.mock('../../utils/shared/protocol', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  sendMessage: (type: string, data?: unknown) => sendMessage(type, data),
}));
const { IMPORT_MAX_BYTES, UserDataSection } = await import('../../components/options/UserDataSection');
/** Runs `fn` in act() and lets the replies it waits for arrive. */
const settle = (fn: () => unknown) =>
  act(async () => {
    fn();
    await new Promise((resolve) => setTimeout(resolve, 0));
  });

const own = (id: string, name: string) => ({ id, type: 'person', name, description: 'x', aliases: [], sources: [{ title: 'Added by you' }], checked: '2026-01-01' });
let ownEntities: ReturnType<typeof own>[];
let handlers: Record<string, (data: unknown) => Promise<unknown>>;

beforeEach(() => {
  ownEntities = [own('user-a-000001', 'Ada Lovelace'), own('user-b-000002', 'Bertha Benz'), own('user-c-000003', 'Clara Zetkin')];
  handlers = {
    listCorrections: () => Promise.resolve([]),
    listOwnEntities: () => Promise.resolve(ownEntities),
    deleteOwnEntity: (data) => {
      ownEntities = ownEntities.filter((e) => e.id !== (data as { entityId: string }).entityId);
      return Promise.resolve(undefined);
    },
  };
  sendMessage.mockImplementation((type, data) => handlers[type]?.(data) ?? Promise.reject(new Error(`unexpected ${type}`)));
});
afterEach(() => {
  render(null, document.body);
  sendMessage.mockReset();
});

const button = (name: string) => [...document.body.querySelectorAll<HTMLButtonElement>('button')].find((b) => (b.getAttribute('aria-label') ?? b.textContent) === name)!;
const alert = () => document.body.querySelector('[role=alert]')?.textContent ?? '';
const fileInput = () => document.body.querySelector<HTMLInputElement>('input[type=file]')!;
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

async function show() {
  await act(() => render(<UserDataSection />, document.body));
  await vi.waitFor(() => expect(document.body.textContent).toContain('Clara Zetkin'));
}

async function chooseFile(file: File) {
  Object.defineProperty(fileInput(), 'files', { value: [file], configurable: true });
  await act(async () => {
    fileInput().dispatchEvent(new Event('change', { bubbles: true }));
    await flush();
  });
}

const REPORT = { applied: true, added: { notes: 1, corrections: 0, ownEntities: 0 }, skipped: { notes: 0, corrections: 0, ownEntities: 0 }, rejected: [] };

describe('your data: delete', () => {
  it('moves focus to the next item, then the one before, then the list heading', async () => {
    await show();
    button('Delete Bertha Benz').focus();
    await settle(() => button('Delete Bertha Benz').click());
    await vi.waitFor(() => expect(document.body.textContent).not.toContain('Bertha Benz'));
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Delete Clara Zetkin');
    await settle(() => button('Delete Clara Zetkin').click());
    await vi.waitFor(() => expect(document.activeElement?.getAttribute('aria-label')).toBe('Delete Ada Lovelace'));
    await settle(() => button('Delete Ada Lovelace').click());
    await vi.waitFor(() => expect(document.body.textContent).toContain('None yet.'));
    expect(document.activeElement?.textContent).toBe('Entities you added');
  });

  it('says so when the delete fails', async () => {
    handlers.deleteOwnEntity = () => Promise.reject(new Error('database closed'));
    await show();
    await settle(() => button('Delete Bertha Benz').click());
    await vi.waitFor(() => expect(alert()).toBe('Not deleted: database closed'));
    expect(document.body.textContent).toContain('Bertha Benz');
  });
});

describe('your data: export', () => {
  it('says so when the export fails', async () => {
    handlers.exportUserData = () => Promise.reject(new Error('database closed'));
    await show();
    await settle(() => button('Export your data').click());
    await vi.waitFor(() => expect(alert()).toBe('Export failed: database closed'));
  });
});

describe('your data: import', () => {
  it('shows "Importing…" while it runs and clears the last report when a new import starts', async () => {
    handlers.importUserData = () => Promise.resolve(REPORT);
    await show();
    await chooseFile(new File(['{}'], 'data.json', { type: 'application/json' }));
    await vi.waitFor(() => expect(document.body.textContent).toContain('Added: 1 note'));

    let answer!: (report: unknown) => void;
    handlers.importUserData = () => new Promise((resolve) => (answer = resolve));
    await chooseFile(new File(['{}'], 'again.json', { type: 'application/json' }));
    expect(document.body.textContent).not.toContain('Added: 1 note');
    expect(document.body.querySelector('[role=status]')?.textContent).toBe('Importing…');
    expect(fileInput().disabled).toBe(true);
    await settle(() => answer({ ...REPORT, added: { notes: 0, corrections: 0, ownEntities: 2 } }));
    await vi.waitFor(() => expect(document.body.textContent).toContain('Added: 0 notes, 0 corrections, 2 entities.'));
    await vi.waitFor(() => expect(fileInput().disabled).toBe(false));
    expect(document.body.textContent).not.toContain('Importing…');
  });

  it('clears the last report when an import fails', async () => {
    handlers.importUserData = () => Promise.resolve(REPORT);
    await show();
    await chooseFile(new File(['{}'], 'data.json'));
    await vi.waitFor(() => expect(document.body.textContent).toContain('Added: 1 note'));
    handlers.importUserData = () => Promise.reject(new Error('worker restarted'));
    await chooseFile(new File(['{}'], 'data.json'));
    await vi.waitFor(() => expect(alert()).toBe('Import failed: worker restarted'));
    expect(document.body.textContent).not.toContain('Added: 1 note');
  });

  it('refuses a file over 20 MB from its size, without reading it', async () => {
    await show();
    const file = new File(['{}'], 'huge.json');
    Object.defineProperty(file, 'size', { value: IMPORT_MAX_BYTES + 1 });
    const read = vi.spyOn(file, 'text');
    await chooseFile(file);
    expect(alert()).toBe('This file is 20.0 MB; files up to 20 MB can be imported.');
    expect(read).not.toHaveBeenCalled();
    expect(sendMessage).not.toHaveBeenCalledWith('importUserData', expect.anything());
  });
});
