import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

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
