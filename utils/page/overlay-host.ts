/**
 * The one element Newslens adds to a page: `<newslens-ui>` at the end of `<html>`, with an open
 * shadow root that holds the floating card panel and a live region. Styles are isolated both
 * ways: the host resets everything it would inherit (`all: initial`), and the card's stylesheet
 * lives only inside the shadow root, as a constructed sheet (no <style> element that a page's CSP
 * or scripts could trip over). That stylesheet is the build's content-scripts/content.css (WXT
 * emits it, web-accessible, for `cssInjectionMode: 'ui'`); it is fetched when a card is first
 * about to open rather than on every page load, since most pages never show one.
 */

export const OVERLAY_HOST_NAME = 'newslens-ui';
const STYLESHEET_PATH = '/content-scripts/content.css';

export interface OverlayHost {
  readonly host: HTMLElement;
  readonly panel: HTMLDivElement;
  readonly live: HTMLDivElement;
  /** Loads the card's stylesheet once; resolves when it applies (never rejects). */
  styles(): Promise<void>;
  /** True once the stylesheet applies (or failed to load: the card then shows unstyled). */
  readonly styled: boolean;
  /** Says something to screen readers through the polite live region. */
  announce(text: string): void;
  remove(): void;
}

/**
 * Where the host lives: the content script adds it on first use and owns it; the lazily loaded
 * card UI (./card-ui.ts) borrows it. `current` is undefined until something needed it.
 */
export interface OverlayHostRef {
  ensure(): OverlayHost;
  readonly current: OverlayHost | undefined;
}

/** ms a new live region is left empty before its first announcement (see `announce`). */
export const LIVE_REGION_SETTLE_MS = 250;

export function createOverlayHost(doc: Document, getUrl: (path: string) => string): OverlayHost {
  const host = doc.createElement(OVERLAY_HOST_NAME);
  const shadow = host.attachShadow({ mode: 'open' });
  const reset = new CSSStyleSheet();
  // The host is an empty fixed box at the viewport's corner: what happens inside it (the card
  // opening, moving) never changes the page's own layout. The live region must be hidden before
  // the card's stylesheet arrives (announcements can come first).
  reset.replaceSync(
    ':host { all: initial !important; display: block !important; position: fixed !important; top: 0 !important; left: 0 !important; width: 0 !important; height: 0 !important; z-index: 2147483647 !important; }' +
      ' .nl-visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }',
  );
  shadow.adoptedStyleSheets = [reset];

  const panel = doc.createElement('div');
  panel.className = 'nl-floating';
  panel.hidden = true;
  panel.setAttribute('role', 'dialog');
  panel.tabIndex = -1;
  const live = doc.createElement('div');
  live.className = 'nl-visually-hidden';
  live.setAttribute('aria-live', 'polite');
  shadow.append(panel, live);
  doc.documentElement.append(host);
  const createdAt = performance.now();

  let loading: Promise<void> | undefined;
  let styled = false;
  return {
    host,
    panel,
    live,
    get styled() {
      return styled;
    },
    styles() {
      loading ??= fetch(getUrl(STYLESHEET_PATH))
        .then((response) => response.text())
        .then((css) => {
          const sheet = new CSSStyleSheet();
          // The card's theme variables are written for :root/:host; inside a shadow root only :host applies.
          sheet.replaceSync(css.replaceAll(':root', ':host'));
          shadow.adoptedStyleSheets = [reset, sheet];
        })
        .catch((err: unknown) => console.warn('Newslens: could not load the card styles', err))
        .finally(() => {
          styled = true;
        });
      return loading;
    },
    announce(text) {
      // Clearing first makes screen readers repeat an identical announcement.
      live.textContent = '';
      const say = () => {
        live.textContent = text;
      };
      // The host (and so the region) is added on first use, often by this very announcement:
      // screen readers watch a live region only once they have seen it, so the first words
      // wait until it has been in the page for LIVE_REGION_SETTLE_MS.
      const settling = LIVE_REGION_SETTLE_MS - (performance.now() - createdAt);
      if (settling > 0) setTimeout(say, settling);
      else requestAnimationFrame(say);
    },
    remove() {
      host.remove();
    },
  };
}
