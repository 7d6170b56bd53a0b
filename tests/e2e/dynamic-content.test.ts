/**
 * Pages change after load: live blogs add entries, readers click "load more", and some text is
 * being written by the reader. New content gets marked; editable content is never touched.
 */
import { describe, expect, it } from 'vitest';
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
