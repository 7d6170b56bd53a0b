/**
 * Content script: runs on web pages, marks mentions and shows cards. Wiring only; see
 * utils/page/annotator.ts. It never opens the KB or the network: every lookup is a message to
 * the background. The card UI (Preact, @floating-ui/dom, the card components) is not in this file:
 * it is card-ui.js (entrypoints/card-ui.ts), imported when a card is first about to open
 * (utils/page/lazy-cards.ts). Nor is webextension-polyfill (`withoutPolyfill` in wxt.config.ts).
 */
import '../components/entity-card.css';
import '../utils/page/overlay.css';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { startAnnotator } from '../utils/page/annotator';

// A second injection into the same page (extension reload, programmatic injection) must not run twice.
const LOADED = Symbol.for('newslens.content-script');

export default defineContentScript({
  // Keep in step with PAGE_MATCHES in wxt.config.ts (where the card UI chunk is web-accessible).
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  // Same-origin and embedded article frames get their own marks and cards.
  allFrames: true,
  // The CSS imported above is not injected into the page: WXT emits it as a web-accessible
  // content-scripts/content.css, which utils/page/overlay-host.ts loads into Newslens' shadow root.
  cssInjectionMode: 'ui',
  // WXT tells an older copy of this script to stop with a DOM event; its extra window.postMessage
  // (kept by WXT for older versions of itself) would wake every "message" listener of the page.
  noScriptStartedPostMessage: true,
  async main(ctx) {
    const scope = globalThis as Record<symbol, unknown>;
    if (scope[LOADED]) return;
    scope[LOADED] = true;
    ctx.onInvalidated(() => {
      scope[LOADED] = false;
    });
    await startAnnotator(ctx);
  },
});
