/**
 * Newslens in a real Firefox: the same build that `web-ext lint` checks is installed into Firefox
 * ESR and must mark a news page and open a hover card from the background's KB. This is a smoke
 * test of the Firefox runtime (event page instead of service worker, Gecko's Highlight API and
 * shadow DOM); the full behaviour is covered by the Chromium suite.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer, type StaticServer } from '../e2e/support/static-server';
import { launchFirefox, type FirefoxWithExtension } from './launch-firefox';

/** The first lookup imports the default KB into IndexedDB. */
const MARKS_TIMEOUT_MS = 30_000;
const CARD_TIMEOUT_MS = 10_000;

let firefox: FirefoxWithExtension;
let server: StaticServer;
let page: Page;

beforeAll(async () => {
  server = await startStaticServer();
  firefox = await launchFirefox();
  page = await firefox.browser.newPage();
  await page.goto(`${server.url}/demo-article.html`);
});

afterAll(async () => {
  await firefox?.browser.close();
  await server?.close();
});

/** Marked text by highlight name ("newslens-person" → ["Vladimir Putin", …]). */
function readMarks(): Promise<Record<string, string[]>> {
  return page.evaluate(() => {
    const marks: Record<string, string[]> = {};
    for (const [name, highlight] of CSS.highlights) {
      marks[name] = [...highlight].map((r) => (r as Range).toString().replace(/\s+/g, ' ').trim());
    }
    return marks;
  });
}

describe('Newslens in Firefox ESR', () => {
  it('installs as the add-on the manifest names', () => {
    expect(firefox.addonId).toBe('newslens@example.org');
  });

  it('marks people, countries and a treaty article on a news page', async () => {
    // The page is marked batch by batch (more batches on a busy machine: each read has a time
    // budget): wait for the article citation itself, not for the first treaty mark.
    await page.waitForFunction(
      () => [...(CSS.highlights.get('newslens-treaty') ?? [])].some((r) => (r as Range).toString().replace(/\s+/g, ' ').trim() === 'Article 51 of the United Nations Charter'),
      { timeout: MARKS_TIMEOUT_MS, polling: 100 },
    );
    const marks = await readMarks();
    expect(marks['newslens-person']).toEqual(expect.arrayContaining(['Vladimir Putin', 'Kim Jong Un']));
    expect(marks['newslens-country']).toEqual(expect.arrayContaining(['South Korea']));
    expect(marks['newslens-treaty']).toEqual(expect.arrayContaining(['Article 51 of the United Nations Charter']));
  });

  it('opens a card with the KB entry when the reader hovers a mark', async () => {
    const point = await page.evaluate(() => {
      for (const range of CSS.highlights.get('newslens-person') ?? []) {
        if ((range as Range).toString() !== 'Vladimir Putin') continue;
        const box = (range as Range).getBoundingClientRect();
        return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
      }
      return null;
    });
    expect(point).not.toBeNull();
    await page.mouse.move(point!.x, point!.y);
    const card = await page.waitForFunction(
      () => {
        const panel = document.querySelector('newslens-ui')?.shadowRoot?.querySelector('.nl-floating');
        const text = panel?.textContent ?? '';
        return text.includes('Vladimir Putin') && text.includes('Russia') ? text : false;
      },
      { timeout: CARD_TIMEOUT_MS, polling: 100 },
    );
    expect(await card.jsonValue()).toMatch(/President of Russia|president/i);
  });
});
