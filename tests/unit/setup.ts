// Every unit test gets a fresh in-memory IndexedDB and WXT's fake browser.
import 'fake-indexeddb/auto';
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { getMessage } from './helpers/i18n';

// UI strings go through browser.i18n (@wxt-dev/i18n), which the fake browser leaves out.
fakeBrowser.i18n.getMessage = getMessage;

beforeEach(() => {
  fakeBrowser.reset();
  fakeBrowser.i18n.getMessage = getMessage;
});
