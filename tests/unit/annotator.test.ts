// @vitest-environment happy-dom
/**
 * The annotator (utils/page/annotator.ts) over a page in happy-dom, with the background's
 * findMentions played here: it validates each request with the real FindMentionsRequest schema
 * (as message-handlers.ts does) and finds a few names by plain search.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Mention } from '../../utils/shared/protocol';
import { FindMentionsRequest } from '../../utils/shared/protocol-schemas';
import { MAX_BLOCK_CHARS } from '../../utils/shared/protocol-limits';
import { DEFAULT_SETTINGS } from '../../utils/shared/settings-defaults';
import type { Settings } from '../../utils/shared/settings';

const NAMES: Record<string, string> = { Putin: 'vladimir-putin', Zelensky: 'volodymyr-zelensky' };

/** Every occurrence of NAMES in each block, as the background's findMentions would answer. */
function findNames(blocks: string[]): Mention[] {
  return blocks.flatMap((text, block) =>
    Object.entries(NAMES).flatMap(([name, entityId]) =>
      [...text.matchAll(new RegExp(name, 'g'))].map((m) => ({
        block,
        start: m.index,
        end: m.index + name.length,
        entityId,
        type: 'person' as const,
        reason: { rule: 'alias' as const, matched: name },
        alternatives: [],
      })),
    ),
  );
}

/** Blocks refused by the background (the test decides); everything else is answered. */
let refuse: (text: string) => boolean = () => false;
const sendMessage = vi.fn((type: string, data: unknown): Promise<Mention[] | null> => {
  if (type !== 'findMentions') return Promise.resolve(null);
  // Throws (and so rejects, as the real message does) for a request over the schema's limits.
  const { blocks } = FindMentionsRequest.parse(data);
  if (blocks.some(refuse)) return Promise.reject(new Error('refused'));
  return Promise.resolve(findNames(blocks));
});
let settings: Settings = DEFAULT_SETTINGS;

vi.mock('../../utils/shared/send-message', () => ({
  sendMessage: (type: string, data: unknown) => sendMessage(type, data),
  runtime: () => ({ getURL: (p: string) => `chrome-extension://x${p}` }),
}));
vi.mock('../../utils/page/page-settings', () => ({
  readSettings: () => Promise.resolve(settings),
  watchSettings: () => () => undefined,
}));
vi.mock('../../utils/page/content-messages', () => ({ listenToBackground: () => () => undefined }));
vi.mock('../../utils/page/page-entities', () => ({ listenToPopup: () => () => undefined }));

class FakeHighlight extends Set<Range> {
  priority = 0;
}
vi.stubGlobal('Highlight', FakeHighlight);
vi.stubGlobal('CSS', { highlights: new Map() });
const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);

const { startAnnotator } = await import('../../utils/page/annotator');

let stop: (() => void) | undefined;

/** Starts the annotator on the page as it is; resolves after the first scan, with a way to rescan. */
async function start() {
  const controller = new AbortController();
  const onLocationChange: (() => void)[] = [];
  const ctx = {
    onInvalidated: (fn: () => void) => controller.signal.addEventListener('abort', fn),
    addEventListener: (_target: unknown, type: string, fn: () => void) => {
      if (type === 'wxt:locationchange') onLocationChange.push(fn);
    },
  };
  const annotator = await startAnnotator(ctx as never);
  stop = () => {
    annotator?.destroy();
    controller.abort();
  };
  return { annotator: annotator!, navigate: () => onLocationChange.forEach((fn) => fn()) };
}

/** A paragraph with an id, to build long pages without markup strings. */
function paragraph(id: string, text: string): HTMLParagraphElement {
  const p = document.createElement('p');
  p.id = id;
  p.textContent = text;
  return p;
}

/** The marked words, each with the id of the element holding it. */
const marked = () =>
  [...((CSS.highlights.get('newslens-person') as FakeHighlight | undefined) ?? [])].map((r) => ({
    text: r.toString(),
    in: (r.startContainer.parentElement as Element).id,
    connected: r.startContainer.isConnected,
  }));

/** Lets the mutation watcher's frame pass and the scans it starts finish. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

const sentBlocks = () => sendMessage.mock.calls.flatMap(([, d]) => (d as { blocks: string[] }).blocks);

beforeEach(() => {
  sendMessage.mockClear();
  warn.mockClear();
  refuse = () => false;
  settings = DEFAULT_SETTINGS;
});
afterEach(() => {
  stop?.();
  stop = undefined;
  document.body.innerHTML = '';
});

describe('blocks over the background’s size limit (review: long block)', () => {
  it('FindMentionsRequest refuses a block over MAX_BLOCK_CHARS (the limit the annotator splits at)', () => {
    expect(FindMentionsRequest.safeParse({ blocks: ['x'.repeat(MAX_BLOCK_CHARS)] }).success).toBe(true);
    expect(FindMentionsRequest.safeParse({ blocks: ['x'.repeat(MAX_BLOCK_CHARS + 1)] }).success).toBe(false);
  });

  it('sends a transcript in one <div> in parts, marks its far end, and the rest of the page', async () => {
    // ~250,000 characters in one block, a name past the first 200,000.
    const long = document.createElement('div');
    long.id = 'long';
    for (let i = 0; i < 8_000; i++) {
      long.append(i === 7_000 ? 'Then Putin answered.' : `Line ${i} of the hearing record.`, document.createElement('br'));
    }
    document.body.replaceChildren(paragraph('first', 'Putin spoke first.'), long, paragraph('last', 'Zelensky spoke last.'));
    await start();

    expect(marked()).toEqual([
      { text: 'Putin', in: 'first', connected: true },
      { text: 'Putin', in: 'long', connected: true },
      { text: 'Zelensky', in: 'last', connected: true },
    ]);
    expect(Math.max(...sentBlocks().map((b) => b.length))).toBeLessThanOrEqual(MAX_BLOCK_CHARS);
    expect(sentBlocks().join('')).toContain('Line 7999 of the hearing record.');
    expect(warn).not.toHaveBeenCalled();
  });

  it('goes on past batches the background refuses, and says so once', async () => {
    const texts = Array.from({ length: 450 }, (_, i) => `Paragraph ${i}.`);
    // Blocks 0 and 210 are in different batches (at most 200 blocks each); 449 in a third.
    texts[0] = 'REFUSED: Putin.';
    texts[210] = 'REFUSED: Putin again.';
    texts[449] = 'Zelensky.';
    document.body.replaceChildren(...texts.map((text, i) => paragraph(`p${i}`, text)));
    refuse = (text) => text.startsWith('REFUSED');
    await start();

    expect(marked()).toEqual([{ text: 'Zelensky', in: 'p449', connected: true }]);
    expect(warn).toHaveBeenCalledOnce();
  });
});

describe('page shadow roots', () => {
  /** A page with a web component whose open shadow root quotes Putin. */
  function withShadowRoot(): ShadowRoot {
    document.body.innerHTML = '<p>Putin spoke.</p><div id="host"></div>';
    const shadow = document.querySelector('#host')!.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<p id="quote">Putin was quoted.</p>';
    return shadow;
  }

  it('watches each shadow root once, however often the page is scanned again (review: observers pile up)', async () => {
    const shadow = withShadowRoot();
    const { navigate } = await start();
    // Single-page-app navigations: each one reads the whole page again, shadow root included.
    navigate();
    await settle();
    navigate();
    await settle();

    sendMessage.mockClear();
    shadow.append(paragraph('added', 'Zelensky replied.'));
    await settle();
    // One scan of the change, not one per scan of the page.
    expect(sentBlocks().filter((b) => b.includes('Zelensky'))).toEqual(['Zelensky replied.']);
    expect(marked().filter((m) => m.in === 'added')).toHaveLength(1);
  });

  it('marks shadow-tree text once when rescans follow one another', async () => {
    withShadowRoot();
    const { navigate } = await start();
    // Two navigations before the first rescan ran: the second must replace the first's marks.
    navigate();
    navigate();
    await settle();
    expect(marked().map((m) => m.in)).toEqual(['', 'quote']);
  });
});

describe('text the page removes (review: stale marks)', () => {
  it('marks a re-rendered paragraph again under "first mention only", and forgets the old one', async () => {
    settings = { ...DEFAULT_SETTINGS, density: 'first' };
    document.body.innerHTML = '<div id="feed"><p id="a">Putin spoke.</p><p id="b">Putin again.</p></div>';
    const { annotator } = await start();
    expect(marked()).toEqual([{ text: 'Putin', in: 'a', connected: true }]);

    // A framework renders the paragraph anew: the old one goes, an equal one comes.
    const old = document.querySelector('#a')!;
    old.replaceWith(old.cloneNode(true));
    await settle();
    expect(marked()).toEqual([{ text: 'Putin', in: 'a', connected: true }]);
    expect(annotator.found()).toEqual(new Map([['vladimir-putin', 1]]));

    // The entry goes for good: its name is no longer found on the page.
    document.querySelector('#a')!.remove();
    await settle();
    expect(marked()).toEqual([]);
    expect(annotator.found()).toEqual(new Map());
  });

  it('reads a paragraph again when an inline part of it is removed', async () => {
    document.body.innerHTML = '<p id="a">Putin<b id="gone"> and Zelensky</b> met.</p>';
    await start();
    expect(marked().map((m) => m.text)).toEqual(['Putin', 'Zelensky']);
    sendMessage.mockClear();
    document.querySelector('#gone')!.remove();
    await settle();
    expect(sentBlocks()).toEqual(['Putin met.']);
    expect(marked().map((m) => m.text)).toEqual(['Putin']);
  });
});
