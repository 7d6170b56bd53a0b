// @vitest-environment happy-dom
/**
 * The page's marks (utils/page/highlight-marks.ts) and the popup's "On this page" list drawn from
 * them (utils/page/page-entities.ts) when the page removes text: infinite scroll recycling
 * articles, a live blog replacing entries, a framework re-rendering a paragraph.
 *
 * A browser moves a live Range out of a removed node to (parent, index), so the range stays
 * connected. happy-dom does not (it implements none of the DOM standard's "removing steps" for
 * live ranges): the tests apply that move by hand where a browser would. The same behaviour in
 * Chromium, with real live ranges: tests/e2e/dynamic-content.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FOCUS_HIGHLIGHT, HighlightMarks, isDead, type Mark } from '../../utils/page/highlight-marks';
import { pageEntities } from '../../utils/page/page-entities';
import type { Mention } from '../../utils/shared/protocol';

class FakeHighlight extends Set<Range> {
  priority = 0;
}

beforeEach(() => {
  vi.stubGlobal('Highlight', FakeHighlight);
  vi.stubGlobal('CSS', { highlights: new Map() });
});
afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

const mention = (id: string, matched: string): Mention => ({
  block: 0,
  start: 0,
  end: matched.length,
  entityId: id,
  type: 'person',
  reason: { rule: 'alias', matched },
  alternatives: [],
});

/** Marks the first `word` in each paragraph, as the annotator would. */
function markParagraphs(marks: HighlightMarks, entries: readonly (readonly [string, string, string])[]): Mark[] {
  return entries.map(([selector, id, word]) => {
    const text = document.querySelector(selector)!.firstChild as Text;
    const range = document.createRange();
    range.setStart(text, text.data.indexOf(word));
    range.setEnd(text, text.data.indexOf(word) + word.length);
    const mark = { range, mention: mention(id, word) };
    marks.add(mark);
    return mark;
  });
}

/** What a browser does to a live range when the node holding it is removed from `parent` at `index`. */
function moveAsBrowsersDo(range: Range, parent: Node, index: number) {
  range.setStart(parent, index);
  range.setEnd(parent, index);
}

const highlighted = () => [...((CSS.highlights.get('newslens-person') as FakeHighlight | undefined) ?? [])];

describe('marks of removed text', () => {
  it('are not listed as on the page, nor counted (review: stale marks)', () => {
    document.body.innerHTML = '<div id="feed"><p id="a">Putin spoke.</p><p id="b">Zelensky replied.</p></div>';
    const marks = new HighlightMarks(document, 'underline');
    const [putin] = markParagraphs(marks, [['#a', 'putin', 'Putin'], ['#b', 'zelensky', 'Zelensky']]);
    // The site recycles the first article out of the feed.
    const feed = document.querySelector('#feed')!;
    document.querySelector('#a')!.remove();
    moveAsBrowsersDo(putin!.range, feed, 0);
    expect(putin!.range.startContainer.isConnected).toBe(true); // why an isConnected filter kept it
    expect(pageEntities(marks).map((e) => e.id)).toEqual(['zelensky']);
    // With density "first", a stale count made the next real mention of Putin go unmarked.
    expect(marks.countByEntity().has('putin')).toBe(false);
    expect(highlighted().map((r) => r.toString())).toEqual(['Zelensky']);
  });

  it('are dead when the words lost their text node, were emptied, or sit in a detached tree', () => {
    document.body.innerHTML = '<p id="a">Putin met Lavrov.</p><p id="b">Zelensky.</p>';
    const marks = new HighlightMarks(document, 'underline');
    const [putin, lavrov, zelensky] = markParagraphs(marks, [
      ['#a', 'putin', 'Putin'],
      ['#a', 'lavrov', 'Lavrov'],
      ['#b', 'zelensky', 'Zelensky'],
    ]);
    expect(marks.marks.map(isDead)).toEqual([false, false, false]);
    // One end moved out of its text node (only the start's text was removed).
    putin!.range.setStart(document.querySelector('#a')!, 0);
    // The page replaced the text node's data: the range collapses where it was.
    lavrov!.range.collapse(true);
    // happy-dom's way of leaving a removed node: the range stays in the detached text.
    document.querySelector('#b')!.remove();
    expect([putin, lavrov, zelensky].map((m) => isDead(m!))).toEqual([true, true, true]);
    expect(marks.removeDead()).toBe(3);
    expect(marks.marks).toEqual([]);
  });
});

describe('removeWithin', () => {
  it('forgets the marks in a subtree and in the shadow trees inside it, before it is read again', () => {
    document.body.innerHTML = '<div id="scanned"><p id="a">Putin spoke.</p><div id="host"></div></div><p id="b">Zelensky replied.</p>';
    const shadow = document.querySelector('#host')!.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<p id="quote">Lavrov was quoted.</p>';
    const marks = new HighlightMarks(document, 'underline');
    const [, zelensky] = markParagraphs(marks, [['#a', 'putin', 'Putin'], ['#b', 'zelensky', 'Zelensky']]);
    const quoted = shadow.querySelector('#quote')!.firstChild as Text;
    const range = document.createRange();
    range.setStart(quoted, 0);
    range.setEnd(quoted, 'Lavrov'.length);
    marks.add({ range, mention: mention('lavrov', 'Lavrov') });

    marks.removeWithin(document.querySelector('#scanned')!);
    // The scan reads the shadow tree again: a mark left there would be doubled.
    expect(marks.marks).toEqual([zelensky]);
  });
});

describe('removeWhere', () => {
  it('keeps the other marks registered and the keyboard focus on a mark that stays', () => {
    document.body.innerHTML = '<p id="a">Putin spoke.</p><p id="b">Zelensky replied.</p><p id="c">Lavrov left.</p>';
    const marks = new HighlightMarks(document, 'underline');
    const [putin, zelensky, lavrov] = markParagraphs(marks, [
      ['#a', 'putin', 'Putin'],
      ['#b', 'zelensky', 'Zelensky'],
      ['#c', 'lavrov', 'Lavrov'],
    ]);
    marks.setFocus(lavrov);
    const focus = CSS.highlights.get(FOCUS_HIGHLIGHT) as unknown as FakeHighlight;

    expect(marks.removeWhere((m) => m === zelensky)).toBe(1);
    expect(marks.marks).toEqual([putin, lavrov]);
    expect(highlighted().map((r) => r.toString())).toEqual(['Putin', 'Lavrov']);
    expect([...focus]).toEqual([lavrov!.range]);
    // Hit tests still find the marks that stayed; the removed one is gone from them too.
    const textOf = (m: Mark) => m.range.startContainer;
    expect(marks.markAt(textOf(putin!), 1)).toBe(putin);
    expect(marks.markAt(textOf(zelensky!), 1)).toBeUndefined();

    // The focused mark itself goes: so does the focus.
    marks.removeWhere((m) => m === lavrov);
    expect(focus.size).toBe(0);
    expect(marks.removeWhere(() => false)).toBe(0);
  });
});
