/**
 * Starts Chromium with the built extension loaded (a fresh, throw-away profile each time) and
 * finds the extension's id from its service worker. Used by the e2e tests and by `npm start`.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
/**
 * Where `npm run build` (wxt build) writes the Chrome MV3 extension. NEWSLENS_EXTENSION_DIR points
 * the tests at another build, e.g. one made with NEWSLENS_OUT_DIR while someone else rebuilds .output.
 */
export const EXTENSION_DIR = resolve(REPO_ROOT, process.env.NEWSLENS_EXTENSION_DIR ?? '.output/chrome-mv3');
export const CHROMIUM_PATH = process.env.NEWSLENS_CHROMIUM ?? '/usr/bin/chromium';

/** ms to wait for the extension's service worker to start after the browser is up. */
const SERVICE_WORKER_TIMEOUT_MS = 15_000;

export interface LaunchOptions {
  /** Unpacked extension folder; defaults to .output/chrome-mv3. */
  extensionDir?: string;
  /** Headless (default) or a visible window (needs a display). */
  headless?: boolean;
  viewport?: { width: number; height: number } | null;
}

export interface LaunchedExtension {
  context: BrowserContext;
  extensionId: string;
  serviceWorker: Worker;
  /** "chrome-extension://<id>" */
  extensionOrigin: string;
  close(): Promise<void>;
}

export async function launchExtension(options: LaunchOptions = {}): Promise<LaunchedExtension> {
  const dir = resolve(options.extensionDir ?? EXTENSION_DIR);
  if (!existsSync(resolve(dir, 'manifest.json'))) {
    throw new Error(`No built extension in ${dir}: run \`npm run build\` first.`);
  }
  const headless = options.headless ?? true;
  const context = await chromium.launchPersistentContext('', {
    executablePath: CHROMIUM_PATH,
    // Playwright's `headless: true` passes `--headless`, which since Chromium 132 is the new
    // headless mode: the full browser without a window, extensions included.
    headless,
    viewport: options.viewport === undefined ? { width: 1280, height: 900 } : options.viewport,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--disable-extensions-except=${dir}`,
      `--load-extension=${dir}`,
    ],
  });
  try {
    const serviceWorker =
      context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ??
      (await context.waitForEvent('serviceworker', {
        predicate: (w) => w.url().startsWith('chrome-extension://'),
        timeout: SERVICE_WORKER_TIMEOUT_MS,
      }));
    const extensionId = new URL(serviceWorker.url()).host;
    return {
      context,
      extensionId,
      serviceWorker,
      extensionOrigin: `chrome-extension://${extensionId}`,
      close: () => context.close(),
    };
  } catch (error) {
    await context.close().catch(() => {});
    throw new Error(`The Newslens service worker did not start (is ${dir} a valid build?)`, { cause: error });
  }
}
