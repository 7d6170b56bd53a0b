/**
 * The card UI chunk (utils/page/card-ui.ts), built as card-ui.js: an ES module (see the
 * `vite:build:extendConfig` hook in wxt.config.ts) that the content script imports from its own
 * isolated world when a card is first about to open (utils/page/lazy-cards.ts). Its default
 * export is what `main` returns. It is web-accessible only so that the content script can import
 * it; loaded anywhere else it only defines functions, and it holds no extension privilege.
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { createCardUi, type CardUiModule } from '../utils/page/card-ui';

export default defineUnlistedScript({
  // An ES module has no IIFE to name (and must not end with WXT's `name;` footer).
  globalName: false,
  main: (): CardUiModule => ({ createCardUi }),
});
