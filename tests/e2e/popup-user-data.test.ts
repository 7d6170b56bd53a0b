/**
 * Issue 7 end to end: popup search with a typo, "On this page" and click-to-scroll, a note added
 * in the popup's card and seen in the page's card, an own entity added with the form page and then
 * spotted, export → import of user data, and axe checks of the popup and options in light and dark.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useNewslens } from './support/session';

const session = useNewslens();
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** The popup, opened in a tab, reading `article` as the active tab of its window. */
async function popupFor(article: Page): Promise<Page> {
  const popup = await session.openExtensionPage('popup.html');
  await article.bringToFront();
  await popup.reload();
  return popup;
}

const results = (popup: Page) => popup.getByRole('listbox', { name: 'Results' }).getByRole('option');

async function axeViolations(page: Page): Promise<string[]> {
  // The extension pages' CSP forbids inline scripts; evaluate injects axe through the DevTools protocol.
  await page.addScriptTag({ path: axePath }).catch(() => page.evaluate(readFileSync(axePath, 'utf8')));
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> } }).axe;
    return axe.run();
  });
  return result.violations.map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}

describe('popup', () => {
  it('finds Maria Zakharova despite a typo and paints first results quickly', async () => {
    const popup = await session.openExtensionPage('popup.html');
    const search = popup.getByLabel('Search');
    expect(await search.evaluate((el) => el === document.activeElement)).toBe(true);
    const typed = Date.now();
    await search.pressSequentially('zakharvoa');
    const first = results(popup).first();
    // Each keystroke's answer is shown in turn: wait for the one to the whole query.
    await expect.poll(() => first.textContent()).toContain('Maria Zakharova');
    expect(await first.getAttribute('data-kind')).toBe('typo');
    console.log(`popup: cold (index built on first use): ${Date.now() - typed} ms from the first keystroke to typo results`);

    // Warm worker: a fresh popup, a query typed at once; times from the page's own clock.
    const again = await session.openExtensionPage('popup.html');
    await again.evaluate(() => {
      addEventListener('input', () => performance.mark('nl-first-input'), { capture: true, once: true });
    });
    await again.getByLabel('Search').fill('zakharova');
    await results(again).first().waitFor();
    const [input, painted] = await again.evaluate(() =>
      ['nl-first-input', 'nl-first-results'].map((n) => performance.getEntriesByName(n)[0]?.startTime ?? -1),
    );
    console.log(`popup: first results ${painted!.toFixed(0)} ms after navigation start, ${(painted! - input!).toFixed(0)} ms after the keystroke`);
    await again.close();

    // Type filter and keyboard: Escape clears, then a fresh query filtered to places finds no person.
    await search.press('Escape');
    expect(await search.inputValue()).toBe('');
    await popup.getByLabel('Type').selectOption('place');
    await search.fill('zakharova');
    await popup.getByText('No entry matches').waitFor();
    await popup.close();
  });

  it('lists the entities on the page by type and scrolls to one on click', async () => {
    const article = await session.openArticle('demo-article.html');
    await article.waitForMarks(10);
    const popup = await popupFor(article.page);
    const heading = popup.getByRole('heading', { name: 'On this page' });
    const started = Date.now();
    await heading.waitFor();
    console.log(`popup: "On this page" painted ${Date.now() - started} ms after reload returned`);
    const people = popup.getByRole('region', { name: 'Person' });
    const zakharova = people.locator('li[data-entity-id="maria-zakharova"] .nl-page__entity');
    expect(await zakharova.textContent()).toMatch(/Maria Zakharova\s*\d+ mentions?/);

    await article.page.evaluate(() => window.scrollTo(0, 0));
    await zakharova.click();
    await article.page.waitForFunction(() => (CSS.highlights.get('newslens-focus')?.size ?? 0) === 1);
    const flashed = await article.page.evaluate(() => {
      const range = [...CSS.highlights.get('newslens-focus')!][0] as Range;
      const rect = range.getBoundingClientRect();
      return { text: range.toString(), top: rect.top, inView: rect.top >= 0 && rect.bottom <= innerHeight };
    });
    expect(flashed.text).toMatch(/Zakharova/);
    expect(flashed.inView).toBe(true);
    // The flash goes away by itself.
    await article.page.waitForFunction(() => (CSS.highlights.get('newslens-focus')?.size ?? 0) === 0, undefined, { timeout: 5_000 });
    await popup.close();
    await article.page.close();
  });

  it('adds a note in the popup card and shows it in the card on the page', async () => {
    const popup = await session.openExtensionPage('popup.html');
    await popup.getByLabel('Search').pressSequentially('Zakharova');
    await results(popup).first().waitFor();
    await popup.getByLabel('Search').press('Enter');
    const card = popup.locator('article.nl-card');
    await card.waitFor();
    await card.getByRole('button', { name: 'Add a note' }).click();
    await card.getByRole('textbox', { name: 'Note' }).fill('Spokesperson; check the briefing transcript.');
    await card.getByRole('button', { name: 'Save note' }).click();
    await card.getByText('Spokesperson; check the briefing transcript.').waitFor();
    await popup.close();

    const article = await session.openArticle('demo-article.html');
    await article.waitForMarks(10);
    const pageCard = await article.hover('Zakharova');
    // On a page the notes are an extension page in a frame (components/CardNotes.tsx).
    const frame = pageCard.locator('iframe.nl-card__notes-frame');
    expect(await frame.getAttribute('title')).toBe('Your notes on Maria Zakharova');
    const notes = pageCard.frameLocator('iframe.nl-card__notes-frame');
    await notes.getByText('Spokesperson; check the briefing transcript.').waitFor();
    // Sized to its content: nothing is cut off, nothing scrolls.
    await expect
      .poll(() => notes.locator('html').evaluate((root) => root.scrollHeight <= innerHeight))
      .toBe(true);
    await article.page.close();
  });

  it('keeps the notes in the page card out of reach of the page’s scripts', async () => {
    const article = await session.openArticle('demo-article.html');
    await article.waitForMarks(10);
    // The page listens to every key event it can, and watches Newslens' shadow root.
    await article.page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seenKeys: string[] }).seenKeys = seen;
      for (const type of ['keydown', 'keypress', 'keyup', 'input', 'beforeinput']) {
        window.addEventListener(type, (e) => seen.push(`${type}:${(e as KeyboardEvent).key ?? ''}`), true);
      }
    });
    const pageCard = await article.hover('Zakharova');
    // Pinned: the card stays open whatever the pointer and a busy machine do meanwhile.
    await pageCard.getByRole('button', { name: 'Pin' }).click();
    const notes = pageCard.frameLocator('iframe.nl-card__notes-frame');
    await notes.getByText('Spokesperson; check the briefing transcript.').waitFor();

    const pageView = () =>
      article.page.evaluate(() => {
        const root = document.querySelector('newslens-ui')!.shadowRoot!;
        const frame = root.querySelector('iframe');
        return { text: root.textContent ?? '', frameDocument: frame?.contentDocument === null ? null : 'readable' };
      });
    const before = await pageView();
    expect(before.text).toContain('Maria Zakharova'); // the card is there…
    expect(before.text).not.toContain('Spokesperson'); // …but not the note
    expect(before.frameDocument).toBeNull(); // nor can the page look into the frame

    // Tab moves from the card's buttons into the notes and back.
    await pageCard.getByRole('button', { name: 'Not an entity here' }).focus({ timeout: 10_000 });
    await article.page.keyboard.press('Tab');
    await expect.poll(() => notes.locator('body').evaluate(() => document.activeElement?.textContent), { timeout: 10_000 }).toBe('Edit');
    await article.page.keyboard.press('Shift+Tab');
    const backInCard = () => article.page.evaluate(() => document.querySelector('newslens-ui')!.shadowRoot!.activeElement?.textContent);
    await expect.poll(backInCard, { timeout: 10_000 }).toBe('Not an entity here');

    // What is typed into a note never reaches the page.
    await article.page.keyboard.press('Tab');
    await expect.poll(() => notes.locator('body').evaluate(() => document.activeElement?.textContent), { timeout: 10_000 }).toBe('Edit');
    await article.page.evaluate(() => ((window as unknown as { seenKeys: string[] }).seenKeys.length = 0));
    await article.page.keyboard.press('Enter');
    const box = notes.getByRole('textbox', { name: 'Note' });
    await box.waitFor();
    await article.page.keyboard.press('End');
    await article.page.keyboard.type(' Ask about Kyiv.');
    await notes.getByRole('button', { name: 'Save note' }).click();
    await notes.getByText('Spokesperson; check the briefing transcript. Ask about Kyiv.').waitFor();
    expect(await article.page.evaluate(() => (window as unknown as { seenKeys: string[] }).seenKeys)).toEqual([]);
    expect((await pageView()).text).not.toContain('Kyiv');

    // Escape in the notes closes the card, as it does from the card's own buttons.
    await notes.getByRole('button', { name: 'Edit' }).focus({ timeout: 10_000 });
    await article.page.keyboard.press('Escape');
    await article.panel().waitFor({ state: 'hidden' });
    await article.page.close();
  });

  it('adds an own entity with the form page; it is then spotted and found by search', async () => {
    const form = await session.openExtensionPage(`add-entity.html?text=${encodeURIComponent('  Ottoline Brackwater ')}`);
    expect(await form.getByLabel('Name', { exact: true }).inputValue()).toBe('Ottoline Brackwater');
    await form.getByLabel('Type').selectOption('person');
    await form.getByLabel('Other names (optional)').fill('Brackwater');
    await form.getByRole('button', { name: 'Add', exact: true }).click();
    await form.getByRole('status').getByText('was added').waitFor();

    const article = await session.openArticle('own-entity.html');
    await article.waitForMark('Ottoline Brackwater', 'person');
    expect(await article.entityIdAt('Ottoline Brackwater')).toMatch(/^user-ottoline-brackwater-/);

    const popup = await session.openExtensionPage('popup.html');
    await popup.getByLabel('Search').pressSequentially('brackw');
    // The list shows each keystroke's answer in turn: wait for the one to the whole query.
    await expect.poll(() => results(popup).first().textContent()).toContain('Ottoline Brackwater');
    await popup.close();
    await article.page.close();
  });

  it('exports user data and imports it back without losing anything; refuses a malformed file', async () => {
    const options = await session.openExtensionPage('options.html');
    const own = options.getByRole('list', { name: 'Entities you added' });
    await own.getByText('Ottoline Brackwater').waitFor();
    const [download] = await Promise.all([options.waitForEvent('download'), options.getByRole('button', { name: 'Export your data' }).click()]);
    const exported = JSON.parse(readFileSync(await download.path(), 'utf8')) as { format: string; notes: unknown[]; ownEntities: unknown[] };
    expect(exported.format).toBe('newslens-user-data');
    expect(exported.notes.length).toBeGreaterThan(0);

    await own.getByRole('button', { name: 'Delete Ottoline Brackwater' }).click();
    await options.getByText('None yet.').waitFor();

    const input = options.locator('input[type=file]');
    await input.setInputFiles({ name: 'data.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(exported)) });
    await options.getByText('Added: 0 notes, 0 corrections, 1 entity.').waitFor();
    await options.getByText(/Already there \(yours kept\): (1 note|[1-9]\d* notes),/).waitFor();
    await own.getByText('Ottoline Brackwater').waitFor();

    await input.setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"something else"}') });
    await options.getByRole('alert').getByText('Nothing was imported').waitFor();
    await options.close();
  });
});

describe('accessibility', () => {
  for (const scheme of ['light', 'dark'] as const) {
    it(`popup and options pass axe in ${scheme} mode`, async () => {
      for (const path of ['popup.html', 'options.html']) {
        const page = await session.openExtensionPage(path);
        await page.emulateMedia({ colorScheme: scheme });
        await page.waitForLoadState('networkidle');
        const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        expect(background, `${path} background in ${scheme}`).toBe(scheme === 'dark' ? 'rgb(30, 35, 41)' : 'rgb(255, 255, 255)');
        expect(await axeViolations(page), `${path} in ${scheme}`).toEqual([]);
        await page.close();
      }
    });
  }
});
