// @vitest-environment happy-dom
/** Options page text comes from locales/en.yml, with plural forms where a count is shown. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { ImportReportView } from '../../components/options/ImportReportView';
import { StorageUse } from '../../components/options/StorageUse';

afterEach(() => {
  render(null, document.body);
  vi.unstubAllGlobals();
});

describe('options text', () => {
  it('reports an import with one plural form per count', () => {
    render(
      <ImportReportView
        report={{
          applied: true,
          added: { notes: 1, corrections: 0, ownEntities: 2 },
          skipped: { notes: 3, corrections: 1, ownEntities: 1 },
          rejected: [{ section: 'notes', index: 4, reason: 'text is empty' }],
        }}
      />,
      document.body,
    );
    const text = document.body.textContent ?? '';
    expect(text).toContain('Added: 1 note, 0 corrections, 2 entities.');
    expect(text).toContain('Already there (yours kept): 3 notes, 1 correction, 1 entity.');
    expect(text).toContain('1 entry was rejected:');
    expect(text).toContain('Note #5: text is empty');
  });

  it('shows storage use in words from the locale file', async () => {
    vi.stubGlobal('navigator', {
      storage: {
        estimate: () => Promise.resolve({ usage: 5 * 1024 ** 2, quota: 3 * 1024 ** 3 }),
        persisted: () => Promise.resolve(false),
      },
    });
    render(<StorageUse />, document.body);
    await vi.waitFor(() => expect(document.body.textContent).toContain('Storage: 5.0 MB used, 3.0 GB available.'));
    expect(document.body.querySelector('button')?.textContent).toBe('Ask the browser to keep this data when disk space runs low');
    expect(document.body.textContent).toContain('(not granted yet)');
  });
});
