/**
 * Starts Debian's Firefox ESR with the Firefox build of Newslens installed as a temporary add-on.
 *
 * playwright-core can only drive its own patched Firefox, which cannot be downloaded here, so
 * these tests use puppeteer-core, which speaks WebDriver BiDi to a stock Firefox and installs an
 * unpacked extension through BiDi's webExtension.install. The Chromium tests stay on Playwright.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { REPO_ROOT } from '../e2e/support/launch';

/** Where `npm run build:firefox` writes; NEWSLENS_FIREFOX_EXTENSION_DIR points elsewhere. */
export const FIREFOX_EXTENSION_DIR = resolve(REPO_ROOT, process.env.NEWSLENS_FIREFOX_EXTENSION_DIR ?? '.output/firefox-mv3');
export const FIREFOX_PATH = process.env.NEWSLENS_FIREFOX ?? '/usr/bin/firefox-esr';

export interface FirefoxWithExtension {
  browser: Browser;
  /** The add-on id from the manifest (browser_specific_settings.gecko.id). */
  addonId: string;
}

export async function launchFirefox(): Promise<FirefoxWithExtension> {
  if (!existsSync(FIREFOX_PATH)) throw new Error(`No Firefox at ${FIREFOX_PATH}: apt-get install firefox-esr (or set NEWSLENS_FIREFOX).`);
  if (!existsSync(resolve(FIREFOX_EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`No Firefox build in ${FIREFOX_EXTENSION_DIR}: run \`npm run build:firefox\` first.`);
  }
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    // The machine has no network: keep Firefox from phoning home at start-up.
    extraPrefsFirefox: {
      'app.update.enabled': false,
      'browser.search.update': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'extensions.getAddons.cache.enabled': false,
      'network.captive-portal-service.enabled': false,
    },
  });
  try {
    const addonId = await browser.installExtension(FIREFOX_EXTENSION_DIR);
    return { browser, addonId };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
