/**
 * The content script's side of the cards. The card UI itself (Preact, @floating-ui/dom, the card
 * components: ./card-ui.ts) is a separate file, card-ui.js, that most pages never load: it is
 * imported when a card is first about to open, i.e. when the pointer comes to rest on a mark
 * (the start of the hover-intent delay, which the import shares with the card's data lookup), when
 * the reader presses Enter on a mark, or when something else asks to open one.
 *
 * What must work before (or without) the card UI stays here: Newslens' host element and its live
 * region (keyboard steps announce themselves without opening a card), telling events inside the
 * card from the page's, and cancelling an open that the reader took back while the UI was loading.
 *
 * The import is of the extension's own URL (`runtime.getURL`), from the content script's isolated
 * world, so the module runs there and is handed only to this script; the page cannot swap it.
 */
import type { CardController } from './card-controller';
import type { CardUi, CardUiModule } from './card-ui';
import type { HighlightMarks, Mark } from './highlight-marks';
import { createOverlayHost, type OverlayHost, type OverlayHostRef } from './overlay-host';

/** Where the build puts entrypoints/card-ui.ts (listed in web_accessible_resources by wxt.config.ts). */
export const CARD_UI_PATH = '/card-ui.js';

/** What the rest of the content script needs of the card overlay, with or without the card UI. */
export interface PageOverlay {
  /** Newslens' element on the page, once it has been added. */
  readonly host: HTMLElement | undefined;
  readonly visibleFor: Mark | undefined;
  readonly pinned: boolean;
  /** True when the event happened inside Newslens' element. */
  contains(event: Event): boolean;
  /** Says something to screen readers through a polite live region. */
  announce(text: string): void;
  /** Hides the card, and cancels one still waiting for the card UI. */
  hide(): void;
  destroy(): void;
}

export interface LazyCards {
  overlay: PageOverlay;
  cards: CardController;
  /** Starts loading the card UI (and its stylesheet) now, e.g. when a keyboard step makes Enter likely. */
  preload: () => void;
}

export interface LazyCardsOptions {
  getUrl: (path: string) => string;
  marks: HighlightMarks;
  /** Loads the card UI module; by default, imports card-ui.js from the extension. */
  load?: () => Promise<CardUiModule>;
}

/** Only the extension's own card-ui.js is ever imported (never a URL a page could influence). */
export function isCardUiUrl(url: string): boolean {
  try {
    const { protocol, pathname } = new URL(url);
    return (protocol === 'chrome-extension:' || protocol === 'moz-extension:') && pathname === CARD_UI_PATH;
  } catch {
    return false;
  }
}

async function importCardUi(url: string): Promise<CardUiModule> {
  if (!isCardUiUrl(url)) throw new Error(`Newslens: refusing to load the card UI from ${url}`);
  // The URL is runtime.getURL(CARD_UI_PATH), checked above: the extension's own packaged file.
  // eslint-disable-next-line no-unsanitized/method
  return import(/* @vite-ignore */ url).then((module: { default?: CardUiModule }) => {
    if (typeof module.default?.createCardUi !== 'function') throw new Error(`Newslens: ${url} is not the card UI`);
    return module.default;
  });
}

export function createLazyCards({ getUrl, marks, load }: LazyCardsOptions): LazyCards {
  let host: OverlayHost | undefined;
  const hostRef: OverlayHostRef = {
    ensure: () => (host ??= createOverlayHost(document, getUrl)),
    get current() {
      return host;
    },
  };

  let ui: CardUi | undefined;
  let loading: Promise<CardUi> | undefined;
  let destroyed = false;
  function loadUi(): Promise<CardUi> {
    loading ??= (load ? load() : importCardUi(getUrl(CARD_UI_PATH))).then(
      (module) => {
        if (destroyed) throw new Error('Newslens: the content script was stopped');
        return (ui ??= module.createCardUi(hostRef, marks));
      },
      (err: unknown) => {
        // Try again on the next card rather than never showing one on this page.
        loading = undefined;
        console.warn('Newslens: could not load the card UI', err);
        throw err;
      },
    );
    return loading;
  }

  // The mark the pointer rests on, and the card asked to open, while the card UI loads.
  let intended: Mark | undefined;
  let pending: { mark: Mark; options?: { focus?: boolean } } | undefined;

  const cards: CardController = {
    prefetch(mark) {
      intended = mark;
      if (ui) return ui.cards.prefetch(mark);
      // The stylesheet loads beside the code.
      void hostRef.ensure().styles();
      loadUi().then(
        (loaded) => {
          if (intended === mark) loaded.cards.prefetch(mark);
        },
        () => undefined,
      );
    },
    abandon(mark) {
      if (intended === mark) intended = undefined;
      ui?.cards.abandon(mark);
    },
    open(mark, options) {
      // bench/page.ts measures hover → card painted from here, the card UI's loading included.
      performance.mark('newslens:card-shown');
      intended = undefined;
      if (ui) return ui.cards.open(mark, options);
      const request = { mark, options };
      pending = request;
      loadUi().then(
        (loaded) => {
          if (pending !== request) return;
          pending = undefined;
          loaded.cards.open(mark, options);
        },
        () => undefined,
      );
    },
    close() {
      pending = undefined;
      ui?.cards.close();
    },
  };

  const overlay: PageOverlay = {
    get host() {
      return host?.host;
    },
    get visibleFor() {
      return ui?.overlay.visibleFor;
    },
    get pinned() {
      return ui?.overlay.pinned ?? false;
    },
    contains(event) {
      return host !== undefined && event.composedPath().includes(host.host);
    },
    announce(text) {
      hostRef.ensure().announce(text);
    },
    hide() {
      pending = undefined;
      ui?.overlay.hide();
    },
    destroy() {
      destroyed = true;
      pending = undefined;
      intended = undefined;
      ui?.overlay.destroy();
      host?.remove();
    },
  };
  const preload = () => {
    if (ui || destroyed) return;
    void hostRef.ensure().styles();
    loadUi().catch(() => undefined);
  };
  return { overlay, cards, preload };
}
