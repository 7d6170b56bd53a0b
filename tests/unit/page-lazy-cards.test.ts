// @vitest-environment happy-dom
/**
 * The content script's side of the cards (utils/page/lazy-cards.ts): the card UI (card-ui.js) is
 * loaded only when a card is about to open, once, and only from the extension's own URL; what the
 * reader took back while it loaded (pointer left, Escape, page left) is not done afterwards.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CardController } from '../../utils/page/card-controller';
import type { CardOverlay } from '../../utils/page/card-overlay';
import type { CardUiModule } from '../../utils/page/card-ui';
import type { HighlightMarks, Mark } from '../../utils/page/highlight-marks';
import { CARD_UI_PATH, createLazyCards, isCardUiUrl } from '../../utils/page/lazy-cards';
import { LIVE_REGION_SETTLE_MS, OVERLAY_HOST_NAME } from '../../utils/page/overlay-host';

const mark = (name: string) => ({ mention: { entityId: name, reason: { matched: name } } }) as unknown as Mark;
const marks = {} as HighlightMarks;
const getUrl = (path: string) => `chrome-extension://test-id${path}`;
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A card UI module that records what the content script asks of it. */
function fakeModule() {
  const calls: string[] = [];
  let visible: Mark | undefined;
  const cards: CardController = {
    prefetch: (m) => calls.push(`prefetch ${m.mention.entityId}`),
    abandon: (m) => calls.push(`abandon ${m.mention.entityId}`),
    open: (m) => {
      visible = m;
      calls.push(`open ${m.mention.entityId}`);
    },
    close: () => calls.push('close'),
  };
  const overlay = {
    get visibleFor() {
      return visible;
    },
    pinned: false,
    hide: () => {
      visible = undefined;
      calls.push('hide');
    },
    destroy: () => calls.push('destroy'),
  } as unknown as CardOverlay;
  const created = vi.fn(() => ({ overlay, cards }));
  const module: CardUiModule = { createCardUi: created };
  return { module, calls, created };
}

beforeEach(() => {
  vi.stubGlobal('fetch', () => Promise.resolve(new Response('.nl-floating {}')));
});

afterEach(() => {
  vi.unstubAllGlobals();
  document.documentElement.querySelector(OVERLAY_HOST_NAME)?.remove();
});

describe('lazy cards', () => {
  it('loads nothing (and adds nothing to the page) until a card is about to open', async () => {
    const { module } = fakeModule();
    const load = vi.fn(() => Promise.resolve(module));
    const { overlay } = createLazyCards({ getUrl, marks, load });
    await flush();
    expect(load).not.toHaveBeenCalled();
    expect(overlay.host).toBeUndefined();
    expect(document.querySelector(OVERLAY_HOST_NAME)).toBeNull();
    // An announcement (a keyboard step) needs the live region, not the card UI.
    overlay.announce('3 of 27');
    expect(overlay.host).toBeDefined();
    expect(load).not.toHaveBeenCalled();
  });

  it('loads the card UI once, when the pointer rests on a mark, and hands it the prefetch', async () => {
    const { module, calls, created } = fakeModule();
    const load = vi.fn(() => Promise.resolve(module));
    const { cards, overlay } = createLazyCards({ getUrl, marks, load });
    cards.prefetch(mark('a'));
    expect(overlay.host).toBeDefined();
    await flush();
    cards.open(mark('a'));
    cards.prefetch(mark('b'));
    await flush();
    expect(load).toHaveBeenCalledTimes(1);
    expect(created).toHaveBeenCalledTimes(1);
    expect(calls).toEqual(['prefetch a', 'open a', 'prefetch b']);
    expect(overlay.visibleFor?.mention.entityId).toBe('a');
  });

  it('drops a prefetch the pointer took back while the card UI loaded', async () => {
    const { module, calls } = fakeModule();
    const { cards } = createLazyCards({ getUrl, marks, load: () => Promise.resolve(module) });
    const a = mark('a');
    cards.prefetch(a);
    cards.abandon(a);
    await flush();
    expect(calls).toEqual([]);
  });

  it('opens a card asked for while loading (keyboard Enter), unless it was hidden meanwhile', async () => {
    const first = fakeModule();
    const opened = createLazyCards({ getUrl, marks, load: () => Promise.resolve(first.module) });
    opened.cards.open(mark('a'), { focus: true });
    await flush();
    expect(first.calls).toEqual(['open a']);

    const second = fakeModule();
    const hidden = createLazyCards({ getUrl, marks, load: () => Promise.resolve(second.module) });
    hidden.cards.open(mark('a'));
    hidden.overlay.hide();
    await flush();
    expect(second.calls).toEqual([]);
  });

  it('does not start the card UI after the content script stopped, and removes its element', async () => {
    const { module, created } = fakeModule();
    const { cards, overlay } = createLazyCards({ getUrl, marks, load: () => Promise.resolve(module) });
    cards.prefetch(mark('a'));
    overlay.destroy();
    await flush();
    expect(created).not.toHaveBeenCalled();
    expect(document.querySelector(OVERLAY_HOST_NAME)).toBeNull();
  });

  it('tries again on the next card when loading failed', async () => {
    const { module, calls } = fakeModule();
    const load = vi.fn().mockRejectedValueOnce(new Error('offline')).mockResolvedValue(module);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { cards } = createLazyCards({ getUrl, marks, load });
    cards.open(mark('a'));
    await flush();
    expect(calls).toEqual([]);
    expect(warn).toHaveBeenCalled();
    cards.open(mark('a'));
    await flush();
    expect(load).toHaveBeenCalledTimes(2);
    expect(calls).toEqual(['open a']);
  });

  it('imports the card UI only from the extension itself', () => {
    expect(isCardUiUrl(`chrome-extension://abcdef${CARD_UI_PATH}`)).toBe(true);
    expect(isCardUiUrl(`moz-extension://0b3c-uuid${CARD_UI_PATH}`)).toBe(true);
    expect(isCardUiUrl(`https://example.com${CARD_UI_PATH}`)).toBe(false);
    expect(isCardUiUrl('chrome-extension://abcdef/other.js')).toBe(false);
    expect(isCardUiUrl('javascript:alert(1)')).toBe(false);
    expect(isCardUiUrl('not a url')).toBe(false);
  });
});

describe('lazy cards: preload', () => {
  it('loads the card UI ahead of a keyboard Enter, once, without opening anything', async () => {
    const { module, calls, created } = fakeModule();
    const load = vi.fn(() => Promise.resolve(module));
    const { cards, preload } = createLazyCards({ getUrl, marks, load });
    preload();
    preload();
    await flush();
    expect(load).toHaveBeenCalledTimes(1);
    expect(created).toHaveBeenCalledTimes(1);
    expect(calls).toEqual([]);
    cards.open(mark('a'), { focus: true });
    expect(calls).toEqual(['open a']);
  });
});

describe('live region', () => {
  it('keeps a just-added live region empty for a moment, so that the first announcement is heard', () => {
    vi.useFakeTimers();
    try {
      const { overlay } = createLazyCards({ getUrl, marks, load: vi.fn() });
      overlay.announce('1 of 27: Putin, person');
      const live = () => overlay.host!.shadowRoot!.querySelector('[aria-live]')!;
      expect(live().getAttribute('aria-live')).toBe('polite');
      vi.advanceTimersByTime(LIVE_REGION_SETTLE_MS - 50);
      expect(live().textContent).toBe('');
      vi.advanceTimersByTime(50);
      expect(live().textContent).toBe('1 of 27: Putin, person');
      // Later announcements go out at the next frame.
      overlay.announce('2 of 27: Kim Jong Un, person');
      vi.advanceTimersToNextFrame();
      expect(live().textContent).toBe('2 of 27: Kim Jong Un, person');
    } finally {
      vi.useRealTimers();
    }
  });
});
