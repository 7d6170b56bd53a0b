/**
 * Newslens works from its local knowledge base: reading a page, opening cards, searching and
 * re-importing the KB must not send anything anywhere. Every request of the browser context is
 * recorded (pages, the extension's pages and its service worker); only the local fixture server
 * and the extension's own files may appear.
 */
import { describe, expect, it } from 'vitest';
import type { Request } from 'playwright-core';
import { sendFromPage } from './support/content-world';
import { useNewslens } from './support/session';

const session = useNewslens();

describe('privacy', () => {
  it('sends no request beyond the fixture server and the extension itself', async () => {
    const seen: { url: string; fromServiceWorker: boolean }[] = [];
    const record = (request: Request) => seen.push({ url: request.url(), fromServiceWorker: !!request.serviceWorker() });
    session.extension.context.on('request', record);
    try {
      // Annotate the demo article and open a few cards.
      const article = await session.openArticle('demo-article.html');
      await article.waitForMarks(1);
      const cards: (string | null)[] = [];
      for (const [text, within] of [
        ['Vladimir Putin', 'Vladimir Putin is betting'],
        ['Article 51 of the United Nations Charter', undefined],
        ['HIMARS', undefined],
        ['Korean Central News Agency', undefined],
      ] as const) {
        cards.push(await article.entityIdAt(text, { within }));
      }
      expect(cards).toEqual(['vladimir-putin', 'un-charter', 'm142-himars', 'kcna']);

      // Search from the popup, then have the background re-import its KB (its one fetch).
      const popup = await session.openExtensionPage('popup.html');
      await popup.getByLabel('Search').pressSequentially('Putin');
      await popup.getByRole('option', { name: /Vladimir Putin/ }).first().waitFor();
      const reset = await sendFromPage(popup, 'resetKb');
      expect(reset.err).toBeUndefined();
      await popup.close();
      await article.page.close();
    } finally {
      session.extension.context.off('request', record);
    }

    // The recorder does see the page and the service worker (else an empty list proves nothing).
    expect(seen.some((r) => r.url === session.fixture('demo-article.html'))).toBe(true);
    expect(seen.some((r) => r.fromServiceWorker && r.url.endsWith('/kb/default-pack.json'))).toBe(true);

    // Extension files load from chrome-extension:// URLs: our origin, or a per-session random
    // origin for web-accessible resources (manifest `use_dynamic_url`), e.g. the card's CSS.
    const isLocal = (url: string) =>
      url.startsWith(`${session.server.url}/`) || url.startsWith('chrome-extension://') || url.startsWith('data:');
    expect(seen.filter((r) => !isLocal(r.url)).map((r) => r.url)).toEqual([]);
  });
});
