/**
 * Page object for a web page annotated by Newslens: opens it, reads the marks the content script
 * registered with the CSS Custom Highlight API, and hovers words the way a reader does to open
 * cards. Marks are not elements, so they are read from `CSS.highlights`, which Chromium shares
 * between the page's main world and the content script's isolated world (one registry per
 * document). Every wait is for a condition, never for a fixed time.
 */
import type { Locator, Page } from 'playwright-core';

/** Prefix of the highlight names the content script registers ("newslens-person", …). */
export const HIGHLIGHT_PREFIX = 'newslens-';

export interface PageMark {
  /** Entity type, from the highlight the range belongs to. */
  type: string;
  /** The marked words, whitespace collapsed. */
  text: string;
  /** id of the nearest ancestor element that has one ("" if none): tells which paragraph. */
  container: string;
}

export interface FindTextOptions {
  /**
   * A longer phrase around `text` that pins down which occurrence is meant, e.g. `Moscow warned`
   * for `Moscow`. Its first occurrence on the page is used.
   */
  within?: string;
  /** Use the n-th occurrence (0-based) of `within` (or of `text`). */
  nth?: number;
}

/** How long the content script may take to mark a page: the first lookup imports the KB. */
const MARKS_TIMEOUT_MS = 30_000;
/** Hover delay (250 ms) plus a card lookup, with plenty of margin for a busy CI machine. */
const CARD_TIMEOUT_MS = 10_000;

export class ArticlePage {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<this> {
    await this.page.goto(url, { waitUntil: 'load' });
    return this;
  }

  /** Waits until at least `minCount` ranges are marked on the page. */
  async waitForMarks(minCount = 1, timeout = MARKS_TIMEOUT_MS): Promise<PageMark[]> {
    await this.page.waitForFunction(
      ({ prefix, min }) => {
        let count = 0;
        for (const [name, highlight] of CSS.highlights) if (name.startsWith(prefix)) count += highlight.size;
        return count >= min;
      },
      { prefix: HIGHLIGHT_PREFIX, min: minCount },
      { timeout, polling: 'raf' },
    );
    return this.marks();
  }

  /** Waits until a mark with exactly this text (and type, if given) exists. */
  async waitForMark(text: string, type?: string, timeout = MARKS_TIMEOUT_MS): Promise<void> {
    await this.page.waitForFunction(
      ({ prefix, text, type }) => {
        for (const [name, highlight] of CSS.highlights) {
          if (!name.startsWith(prefix) || (type && name !== prefix + type)) continue;
          for (const range of highlight) {
            if ((range as Range).toString().replace(/\s+/g, ' ').trim() === text) return true;
          }
        }
        return false;
      },
      { prefix: HIGHLIGHT_PREFIX, text, type },
      { timeout, polling: 'raf' },
    );
  }

  /** Every mark on the page, in document order. */
  async marks(): Promise<PageMark[]> {
    return this.page.evaluate((prefix) => {
      const found: { range: Range; type: string }[] = [];
      for (const [name, highlight] of CSS.highlights) {
        if (!name.startsWith(prefix)) continue;
        for (const range of highlight) found.push({ range: range as Range, type: name.slice(prefix.length) });
      }
      found.sort((a, b) => a.range.compareBoundaryPoints(Range.START_TO_START, b.range));
      return found.map(({ range, type }) => {
        const start = range.startContainer;
        const el = start.nodeType === Node.ELEMENT_NODE ? (start as Element) : start.parentElement;
        return {
          type,
          text: range.toString().replace(/\s+/g, ' ').trim(),
          container: el?.closest('[id]')?.id ?? '',
        };
      });
    }, HIGHLIGHT_PREFIX);
  }

  /** The page's own text (whitespace collapsed; Newslens' shadow root is not part of it). */
  async text(): Promise<string> {
    return this.page.evaluate(() => (document.body.textContent ?? '').replace(/\s+/g, ' ').trim());
  }

  /** The card panel inside Newslens' shadow root (hidden when no card is open). */
  panel(): Locator {
    return this.page.locator('newslens-ui .nl-floating');
  }

  /** The entity card currently shown on the page. */
  card(): Locator {
    return this.panel().locator('article.nl-card');
  }

  /** Entity id of the open card. */
  async cardEntityId(): Promise<string | null> {
    return this.card().getAttribute('data-entity-id');
  }

  /**
   * Rests the pointer on the middle of the first occurrence of `text` (inside `within`, if
   * given) and waits for the card to open. Any open card is closed first, so the card returned
   * is the one for this word.
   */
  async hover(text: string, options: FindTextOptions = {}): Promise<Locator> {
    await this.closeCard();
    const point = await this.locate(text, options);
    await this.page.mouse.move(point.x, point.y);
    const card = this.card();
    await card.waitFor({ state: 'visible', timeout: CARD_TIMEOUT_MS });
    return card;
  }

  /** Hovers a word and returns the id of the entity its card shows. */
  async entityIdAt(text: string, options: FindTextOptions = {}): Promise<string | null> {
    const card = await this.hover(text, options);
    return card.getAttribute('data-entity-id');
  }

  /** Closes an open card (Escape, as a keyboard user would) and parks the pointer in a corner. */
  async closeCard(): Promise<void> {
    if (await this.panel().isVisible().catch(() => false)) {
      await this.page.keyboard.press('Escape');
      await this.panel().waitFor({ state: 'hidden', timeout: CARD_TIMEOUT_MS });
    }
    await this.page.mouse.move(0, 0);
    // Newslens reads the pointer once per animation frame: let a frame pass so that the move
    // away is seen before the next move onto a mark (else both could land in one frame).
    await this.page.evaluate(
      () => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))),
    );
  }

  /**
   * Scrolls the occurrence of `text` into view and returns the viewport point in the middle of
   * its first line box. The page's text is searched with whitespace collapsed, so phrases that
   * wrap across lines or inline tags ("Kim <em>Jong</em> Un") are found as a reader reads them.
   */
  async locate(text: string, options: FindTextOptions = {}): Promise<{ x: number; y: number }> {
    const point = await this.page.evaluate(
      ({ text, within, nth }) => {
        const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA', 'NEWSLENS-UI']);
        // (A method, not an arrow property: tsx's keep-names helper does not exist in the page.)
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
          acceptNode(node) {
            if (node.nodeType !== Node.ELEMENT_NODE) return NodeFilter.FILTER_ACCEPT;
            return SKIP.has((node as Element).tagName) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_SKIP;
          },
        });
        // Collapsed text, with the DOM position of every character in it.
        let flat = '';
        const at: { node: Text; offset: number }[] = [];
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const t = node as Text;
          for (let i = 0; i < t.data.length; i++) {
            const ch = /\s/.test(t.data[i]!) ? ' ' : t.data[i]!;
            if (ch === ' ' && (flat.length === 0 || flat.endsWith(' '))) continue;
            flat += ch;
            at.push({ node: t, offset: i });
          }
        }
        const outer = within ?? text;
        let from = -1;
        for (let i = 0; i <= nth; i++) {
          from = flat.indexOf(outer, from + 1);
          if (from < 0) return { error: `"${outer}" (occurrence ${nth}) is not on the page` };
        }
        const inner = within ? flat.indexOf(text, from) : from;
        if (inner < 0 || inner + text.length > from + outer.length) {
          return { error: `"${text}" is not inside "${outer}"` };
        }
        const first = at[inner]!;
        const last = at[inner + text.length - 1]!;
        const range = document.createRange();
        range.setStart(first.node, first.offset);
        range.setEnd(last.node, last.offset + 1);
        // Scroll any scrolling ancestor, then the window, so that the words sit mid-viewport.
        first.node.parentElement?.scrollIntoView({ block: 'nearest', inline: 'nearest', behavior: 'instant' });
        const before = range.getBoundingClientRect();
        window.scrollBy({ top: before.top + before.height / 2 - window.innerHeight / 2, behavior: 'instant' });
        const box = range.getClientRects()[0];
        if (!box) return { error: `"${text}" has no layout box (hidden?)` };
        return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
      },
      { text, within: options.within, nth: options.nth ?? 0 },
    );
    if ('error' in point) throw new Error(point.error);
    return point;
  }
}

/** Opens a new tab on `url` and returns its page object. */
export async function openArticle(
  context: { newPage(): Promise<Page> },
  url: string,
): Promise<ArticlePage> {
  const page = await context.newPage();
  return new ArticlePage(page).open(url);
}
