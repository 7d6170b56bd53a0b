/**
 * Pages change after load: live blogs add entries, readers click "load more", and some text is
 * being written by the reader. New content gets marked; editable content is never touched.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { sendFromPage, wireMessage } from './support/content-world';
import { useNewslens } from './support/session';

const session = useNewslens();

describe('content added after load', () => {
  it('marks a paragraph a script adds a second after load, and one added on click', async () => {
    const article = await session.openArticle('dynamic.html');

    // Added by a timer one second after load.
    await article.waitForMark('Maria Zakharova', 'person');
    await article.waitForMark('Moscow', 'country');

    // Added when the reader asks for more.
    await article.page.getByRole('button', { name: 'Load more updates' }).click();
    await article.waitForMark('HIMARS', 'weapon');
    await article.waitForMark('Japan', 'country');

    const marks = await article.marks();
    expect(marks.filter((m) => m.container === 'timed-update').map((m) => m.text)).toEqual(
      expect.arrayContaining(['Maria Zakharova', 'Moscow']),
    );
    expect(marks.filter((m) => m.container === 'clicked-update').map((m) => m.text)).toEqual(
      expect.arrayContaining(['Japan', 'HIMARS', 'Ukraine']),
    );
    // The card works for content that was not there at first.
    expect(await article.entityIdAt('HIMARS')).toBe('m142-himars');
    await article.page.close();
  });
});

describe('editable content', () => {
  it('does not mark or change a contenteditable area or a textarea, before or after typing', async () => {
    const article = await session.openArticle('editable.html');
    const { page } = article;
    const draft = page.locator('#draft');
    const comment = page.locator('#comment');
    const draftBefore = await draft.textContent();
    const commentBefore = await comment.inputValue();

    // The ordinary paragraph is marked: the annotator has run over the whole page.
    await article.waitForMark('Ukraine', 'country');
    const isEditable = (container: string) => container === 'draft' || container === 'comment';
    expect((await article.marks()).filter((m) => isEditable(m.container))).toEqual([]);
    expect(await draft.textContent()).toBe(draftBefore);

    // The reader types names into both.
    await draft.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' Later Maria Zakharova spoke for Russia.');
    await comment.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' And HIMARS for Ukraine.');

    // A marked change made after the typing: once its mark is there, anything the typing could
    // have set off has been processed too.
    await page.getByRole('button', { name: "Add editor's note" }).click();
    await article.waitForMark('Maria Zakharova', 'person');

    expect(await draft.textContent()).toBe(`${draftBefore} Later Maria Zakharova spoke for Russia.`);
    expect(await comment.inputValue()).toBe(`${commentBefore} And HIMARS for Ukraine.`);
    expect(await draft.evaluate((el) => el.children.length)).toBe(0);
    const marks = await article.marks();
    expect(marks.filter((m) => isEditable(m.container))).toEqual([]);
    expect(marks.filter((m) => m.container === 'editor-note').map((m) => m.text)).toContain('Maria Zakharova');
    await page.close();
  });
});

/** What the popup's "On this page" list shows for the active tab: the ids the content script reports. */
async function onPageIds(page: Page): Promise<string[]> {
  await page.bringToFront();
  const entities = await session.extension.serviceWorker.evaluate(async (message) => {
    const { chrome } = globalThis as unknown as {
      chrome: { tabs: { query(q: object): Promise<{ id: number }[]>; sendMessage(id: number, m: unknown, o: object): Promise<{ res?: { id: string }[] }> } };
    };
    const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
    return (await chrome.tabs.sendMessage(tab!.id, message, { frameId: 0 })).res ?? [];
  }, wireMessage('getPageEntities'));
  return entities.map((e) => e.id);
}

async function setDensity(density: 'every' | 'first') {
  const options = await session.openExtensionPage('options.html');
  const reply = await sendFromPage(options, 'updateSettings', { density });
  expect(reply.err).toBeUndefined();
  await options.close();
}

describe('content removed after load', () => {
  // Chromium moves a live range out of removed text to (parent, index), still connected: only a
  // real browser shows whether such marks are dropped (happy-dom does not move ranges).
  it('drops the marks of a removed paragraph and marks a re-rendered one again under "first mention only"', async () => {
    const article = await session.openArticle('dynamic.html');
    const { page } = article;
    await article.waitForMark('Maria Zakharova', 'person');
    expect(await onPageIds(page)).toContain('maria-zakharova');

    // The live blog takes the entry down: its marks and its names leave "On this page".
    await page.evaluate(() => document.getElementById('timed-update')!.remove());
    await expect.poll(async () => (await article.marks()).map((m) => m.text)).not.toContain('');
    await expect.poll(() => onPageIds(page)).not.toContain('maria-zakharova');
    expect((await article.marks()).filter((m) => m.container === 'feed' || m.container === 'timed-update')).toEqual([]);

    await setDensity('first');
    try {
      await page.evaluate(() => {
        const p = document.createElement('p');
        p.id = 'republished';
        p.textContent = 'Maria Zakharova said Moscow had nothing to add.';
        document.getElementById('feed')!.append(p);
      });
      await article.waitForMark('Maria Zakharova', 'person');
      // A framework re-renders the entry: the old paragraph goes, an equal one comes. Its name is
      // the first mention on the page again, so it is marked again, once.
      await page.evaluate(() => {
        const old = document.getElementById('republished')!;
        old.replaceWith(old.cloneNode(true));
      });
      await expect
        .poll(async () => (await article.marks()).filter((m) => m.text === 'Maria Zakharova').map((m) => m.container))
        .toEqual(['republished']);
      await expect.poll(async () => (await article.marks()).map((m) => m.text)).not.toContain('');
      expect(await onPageIds(page)).toContain('maria-zakharova');
    } finally {
      await setDensity('every');
    }
    await page.close();
  });
});
