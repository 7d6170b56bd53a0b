// @vitest-environment happy-dom
/** Options → Sources (components/options/SourcesSection.tsx): adding a feed. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { fakeBrowser } from 'wxt/testing';

const sendMessage = vi.fn<(type: string, data?: unknown) => Promise<unknown>>();
vi.mock('../../utils/shared/protocol', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  sendMessage: (type: string, data?: unknown) => sendMessage(type, data),
}));
const { SourcesSection } = await import('../../components/options/SourcesSection');

const EMPTY = { sources: [], schedule: { intervalHours: 12 } };
const URL_TYPED = 'https://kb.example.org/feed/manifest.jsn';
const KEY_TYPED = 'MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=';
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const fields = () => [...document.body.querySelectorAll<HTMLInputElement>('form.nl-sources__add input')];

beforeEach(() => {
  vi.stubGlobal('navigator', { storage: { estimate: () => Promise.resolve({ usage: 0, quota: 1 }), persisted: () => Promise.resolve(false) } });
  (fakeBrowser as unknown as { permissions: unknown }).permissions = { request: () => Promise.resolve(true) };
});
afterEach(() => {
  render(null, document.body);
  sendMessage.mockReset();
  vi.unstubAllGlobals();
});

async function addFeed() {
  await act(() => render(<SourcesSection />, document.body));
  const [url, key] = fields();
  await act(() => {
    url!.value = URL_TYPED;
    url!.dispatchEvent(new Event('input', { bubbles: true }));
    key!.value = KEY_TYPED;
    key!.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await act(async () => {
    document.body.querySelector('form.nl-sources__add')!.dispatchEvent(new Event('submit', { cancelable: true, bubbles: true }));
    for (let i = 0; i < 5; i++) await flush();
  });
}

describe('add source', () => {
  it('keeps the typed URL and key when the feed is refused, to fix a typo', async () => {
    sendMessage.mockImplementation((type) =>
      type === 'getSyncStatus' ? Promise.resolve(EMPTY) : Promise.reject(new Error('The feed answered 404 Not Found')),
    );
    await addFeed();
    expect(sendMessage).toHaveBeenCalledWith('addSource', expect.anything());
    expect(document.body.textContent).toContain('404 Not Found');
    expect(fields().map((f) => f.value)).toEqual([URL_TYPED, KEY_TYPED]);
  });

  it('clears the fields once the feed is added', async () => {
    const added = {
      ...EMPTY,
      sources: [{ id: 'kb-example-org', kind: 'feed', title: '\u202Eevil title', url: URL_TYPED, enabled: true, signed: true, version: '', entityCount: 0 }],
    };
    sendMessage.mockImplementation((type) => Promise.resolve(type === 'addSource' ? added : EMPTY));
    await addFeed();
    expect(fields().map((f) => f.value)).toEqual(['', '']);
    // The feed's own title is isolated: an RTL override in it cannot reverse the labels beside it.
    expect(document.body.querySelector('.nl-source__head strong')?.getAttribute('dir')).toBe('auto');
  });
});
