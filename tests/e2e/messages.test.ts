/**
 * The background trusts a message only as much as its sender: a content script runs inside an
 * arbitrary web page, so privileged messages (resetKb, updateSettings) sent from there must be
 * refused, while the extension's own pages may send them. Messages are sent here by hand in
 * @webext-core/messaging's wire format, as a compromised content script could.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ArticlePage } from './support/article-page';
import {
  contentScriptWorld,
  sendFromPage,
  sendMessageExpression,
  type ContentWorld,
  type WireReply,
} from './support/content-world';
import { useNewslens } from './support/session';

const session = useNewslens();
let article: ArticlePage;
let contentWorld: ContentWorld;

beforeAll(async () => {
  article = await session.openArticle('us-rok.html');
  await article.waitForMarks(1);
  contentWorld = await contentScriptWorld(article.page, session.extension.extensionId);
});

describe('messages from a content script', () => {
  it('runs in the content script world (has chrome.runtime of Newslens)', async () => {
    expect(await contentWorld.evaluate('chrome.runtime.id')).toBe(session.extension.extensionId);
  });

  it('refuses resetKb', async () => {
    const reply = await contentWorld.evaluate<WireReply>(sendMessageExpression('resetKb'));
    expect(reply.res).toBeUndefined();
    expect(reply.err?.message).toMatch(/resetKb.*own pages/);
  });

  it('refuses updateSettings', async () => {
    const reply = await contentWorld.evaluate<WireReply>(sendMessageExpression('updateSettings', { enabled: false }));
    expect(reply.res).toBeUndefined();
    expect(reply.err?.message).toMatch(/updateSettings.*own pages/);
  });

  it('answers a public message (search)', async () => {
    const reply = await contentWorld.evaluate<WireReply<{ id: string; name: string }[]>>(
      sendMessageExpression('search', { query: 'Zakharova', limit: 5 }),
    );
    expect(reply.err).toBeUndefined();
    expect(reply.res?.map((hit) => hit.id)).toContain('maria-zakharova');
  });

  it('still marks the page afterwards (the refused reset changed nothing)', async () => {
    expect(await article.entityIdAt('mutual defense treaty')).toBe('us-rok-mutual-defense-treaty');
  });
});

describe('messages from the extension page', () => {
  it('accepts resetKb from popup.html', async () => {
    const popup = await session.openExtensionPage('popup.html');
    const reply = await sendFromPage<{ entityCount: number }>(popup, 'resetKb');
    expect(reply.err).toBeUndefined();
    expect(reply.res?.entityCount).toBeGreaterThan(100);
    await popup.close();
  });
});
