import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import type { Alias, InlineConfig, Plugin } from 'vite';

/** Pages the content script runs on; the card UI chunk is web-accessible to these only. */
const PAGE_MATCHES = ['http://*/*', 'https://*/*'];
/** Entrypoints that run on web pages: the content script and its lazily loaded card UI. */
const PAGE_ENTRYPOINTS = new Set(['content', 'card-ui']);

/**
 * Page code gets the browser's own `browser`/`chrome` instead of webextension-polyfill (several kB
 * that every page would evaluate): the @wxt-dev/webextension-polyfill module aliases `wxt/browser`
 * to the polyfill for every entrypoint, and WXT's ContentScriptContext imports `wxt/browser`
 * (for `runtime.id` only). Chrome MV3 and Firefox both give promises for what page code calls;
 * the extension's own pages and the background keep the polyfill.
 */
function withoutPolyfill(config: InlineConfig): void {
  const resolve = (config.resolve ??= {});
  const plain = '@wxt-dev/browser';
  const alias = resolve.alias;
  if (Array.isArray(alias)) {
    for (const entry of alias as Alias[]) if (entry.find === 'wxt/browser') entry.replacement = plain;
  } else if (alias && typeof alias === 'object') {
    (alias as Record<string, string>)['wxt/browser'] = plain;
  }
}

/**
 * Vite never strips whitespace from an ES-format library build (it would drop `@__PURE__`
 * annotations a consumer's bundler needs); card-ui.js has no consumer but the browser, so it is
 * minified in full here.
 */
const minifyEsChunk: Plugin = {
  name: 'newslens:minify-es-chunk',
  renderChunk: {
    // After Vite's own esbuild pass, which would put the whitespace back.
    order: 'post',
    async handler(code) {
      const { transform } = await import('esbuild');
      return { code: (await transform(code, { minify: true, format: 'esm', legalComments: 'none' })).code, map: null };
    },
  },
};

// Newslens build configuration. The manifest is kept minimal on purpose:
// every permission listed here is explained in README.md ("Permissions").
export default defineConfig({
  // i18n: UI strings live in locales/en.yml (English first), compiled to _locales by the module.
  modules: ['@wxt-dev/webextension-polyfill', '@wxt-dev/i18n/module'],
  manifestVersion: 3,
  // A private output folder (NEWSLENS_OUT_DIR) lets two builds run side by side without clobbering
  // each other; the default stays .output, where README and the tests look.
  outDir: process.env.NEWSLENS_OUT_DIR ?? '.output',
  // Explicit imports everywhere: a reader should see where `browser` and every helper come from.
  imports: false,
  vite: () => ({
    plugins: [preact()],
  }),
  hooks: {
    'vite:build:extendConfig'(entrypoints, config) {
      if (entrypoints.every((e) => PAGE_ENTRYPOINTS.has(e.name))) withoutPolyfill(config);
      // The card UI is imported by the content script (utils/page/lazy-cards.ts): an ES module,
      // whose default export is what entrypoints/card-ui.ts's `main` returns.
      if (entrypoints.length === 1 && entrypoints[0]!.name === 'card-ui' && config.build?.lib) {
        config.build.lib.formats = ['es'];
        (config.plugins ??= []).push(minifyEsChunk);
      }
    },
  },
  manifest: {
    name: 'Newslens',
    default_locale: 'en',
    description:
      'Marks people, countries, organisations, weapons and treaty references on news pages and explains them from a local knowledge base.',
    // storage: settings; unlimitedStorage: the KB grows past the default IndexedDB quota once feeds sync.
    // activeTab: the popup reads the current tab's host for the per-site toggle, only when opened.
    // alarms: the feed sync schedule and retries (utils/sync/schedule.ts).
    // contextMenus: "Add to Newslens" on selected text (utils/background/context-menu.ts).
    permissions: ['storage', 'unlimitedStorage', 'activeTab', 'alarms', 'contextMenus'],
    // Feed hosts are added by the user at runtime; each is requested from the options page when
    // its source is added, instead of broad host access (README, "Permissions").
    optional_host_permissions: ['https://*/*', 'http://127.0.0.1/*', 'http://localhost/*'],
    // Keyboard access to the marks; readers can change the keys at chrome://extensions/shortcuts.
    commands: {
      'next-mention': { suggested_key: { default: 'Alt+Shift+Period' }, description: 'Go to the next marked name' },
      'previous-mention': { suggested_key: { default: 'Alt+Shift+Comma' }, description: 'Go to the previous marked name' },
    },
    // The card UI (entrypoints/card-ui.ts) is imported by the content script when a card is first
    // about to open, so pages it runs on must be allowed to load it. Not `use_dynamic_url`: Chrome
    // 130 shipped it with a bug that blocks exactly this import from content scripts
    // (crbug.com/363027634), and it would hide nothing: a page already sees Newslens' named
    // highlights in CSS.highlights. (WXT sets it for content.css, which is fetched, not imported.)
    //
    // card-notes.html (entrypoints/card-notes/) is the reader's notes, which the card on a page
    // shows in an iframe so that the page cannot read them nor see what is typed: it must be
    // web-accessible to be embedded. A page could embed it too, but can read nothing from it (it
    // is another origin); all it ever posts to its parent is its content height.
    web_accessible_resources: [{ resources: ['card-ui.js', 'card-notes.html'], matches: PAGE_MATCHES }],
    // How marks look (entrypoints/content-marks.content.css), injected by the browser with the
    // page rather than adopted by the content script, which would make the page restyle in full.
    content_scripts: [{ matches: PAGE_MATCHES, css: ['content-scripts/content-marks.css'], all_frames: true }],
    browser_specific_settings: {
      gecko: {
        id: 'newslens@example.org',
        // 140: first Firefox with the CSS Custom Highlight API that marks depend on.
        strict_min_version: '140.0',
        // Newslens sends nothing anywhere: page text stays in the browser.
        data_collection_permissions: { required: ['none'] },
      },
    },
  },
});
