/**
 * Hover → card painted, for `npm run bench:page`. The clock starts at the
 * `newslens:card-shown` performance mark, which the content script sets when the hover intent
 * fires (utils/page/lazy-cards.ts, `open()`, before the card UI is loaded if it is not yet): the intent delay itself is excluded, as the
 * target says. It stops when the frame that first shows the full card (`article.nl-card`, not
 * the "Loading…" placeholder) has been painted: a MutationObserver in the page sees the card
 * arrive in Newslens' (open) shadow root (its host is watched for, as it is added on first use), then a requestAnimationFrame callback plus a task
 * posted from it runs after that frame's paint. Performance marks live in the document's one
 * timeline, shared by the page's world and the content script's isolated world.
 */
import type { Page } from 'playwright-core';

export interface HoverSample {
  text: string;
  /** ms from card-shown to the frame with the "Loading…" panel painted. */
  panelMs: number;
  /** ms from card-shown to the frame with the full card painted. */
  cardMs: number;
}

/** Distinct marked words on the page, in reading order (at most `max`). */
export async function hoverTargets(page: Page, max: number): Promise<string[]> {
  return page.evaluate((limit) => {
    const ranges: Range[] = [];
    for (const [name, highlight] of CSS.highlights) if (name.startsWith('newslens-') && name !== 'newslens-focus') for (const r of highlight) ranges.push(r as Range);
    ranges.sort((a, b) => a.compareBoundaryPoints(Range.START_TO_START, b));
    const texts: string[] = [];
    for (const r of ranges) {
      const t = r.toString();
      if (!texts.includes(t) && texts.length < limit) texts.push(t);
    }
    return texts;
  }, max);
}

/** Rests the pointer on the first mark whose text is `text` and times the card. */
export async function timeHover(page: Page, text: string, timeoutMs = 10_000): Promise<HoverSample> {
  // Leave any open card and move away, then let a frame pass so the move away is seen.
  await page.keyboard.press('Escape');
  await page.mouse.move(1, 1);
  await page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))));
  const point = await page.evaluate((wanted) => {
    for (const [name, highlight] of CSS.highlights) {
      if (!name.startsWith('newslens-') || name === 'newslens-focus') continue;
      for (const r of highlight) {
        const range = r as Range;
        if (range.toString() !== wanted) continue;
        const before = range.getBoundingClientRect();
        window.scrollBy({ top: before.top - window.innerHeight / 2, behavior: 'instant' });
        const box = range.getClientRects()[0];
        if (box) return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
      }
    }
    return null;
  }, text);
  if (!point) throw new Error(`no mark "${text}" on the page`);
  await page.evaluate((timeout) => {
    performance.clearMarks('newslens:card-shown');
    const w = window as unknown as { __nlCard?: Promise<{ panel: number; card: number } | string> };
    w.__nlCard = new Promise((resolve) => {
      let panel = 0;
      let root: ShadowRoot | null | undefined;
      // Methods, not named arrow functions: tsx's keep-names helper does not exist in the page.
      const h = {
        afterPaint(then: (t: number) => void) {
          requestAnimationFrame(() => setTimeout(() => then(performance.now()), 0));
        },
        check() {
          // Newslens adds its host on first use (when the pointer rests on a mark), so it may
          // appear only now; the card opens only after the intent delay, later still.
          root ??= document.querySelector('newslens-ui')?.shadowRoot;
          if (!root) return;
          observer.observe(root, { subtree: true, childList: true, attributes: true });
          const floating = root.querySelector<HTMLElement>('.nl-floating');
          // A card staged unseen while the intent delay runs (visibility: hidden) is not shown yet.
          if (!floating || floating.hidden || getComputedStyle(floating).visibility === 'hidden') return;
          if (!panel) {
            panel = -1;
            h.afterPaint((t) => (panel = t));
          }
          if (floating.querySelector('article.nl-card')) {
            observer.disconnect();
            clearTimeout(timer);
            h.afterPaint((t) => resolve({ panel: panel > 0 ? panel : t, card: t }));
          }
        },
      };
      const observer = new MutationObserver(() => h.check());
      const timer = setTimeout(() => {
        observer.disconnect();
        resolve('timed out');
      }, timeout);
      observer.observe(document.documentElement, { childList: true });
      h.check();
    });
  }, timeoutMs);
  await page.mouse.move(point.x, point.y);
  const result = await page.evaluate(async () => {
    const w = window as unknown as { __nlCard: Promise<{ panel: number; card: number } | string> };
    const painted = await w.__nlCard;
    const shown = performance.getEntriesByName('newslens:card-shown').at(-1)?.startTime;
    return { painted, shown };
  });
  if (typeof result.painted === 'string') throw new Error(`card for "${text}": ${result.painted}`);
  if (result.shown === undefined) throw new Error('no newslens:card-shown mark (is utils/page/lazy-cards.ts setting it?)');
  return { text, panelMs: result.painted.panel - result.shown, cardMs: result.painted.card - result.shown };
}
