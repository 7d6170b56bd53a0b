// @vitest-environment happy-dom
/**
 * Keyboard steps through the marks (utils/page/mention-navigator.ts): after "next mention", Enter
 * opens the stepped-to mark's card while focus rests on the page, but not once the reader has
 * tabbed to a link or button of the page (found by review: Enter used to be taken page-wide).
 */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { CardController } from '../../utils/page/card-controller';
import type { HighlightMarks, Mark } from '../../utils/page/highlight-marks';
import { createMentionNavigator, type MentionNavigator } from '../../utils/page/mention-navigator';

let controller: AbortController;
let open: ReturnType<typeof vi.fn>;
let insideOurUi: boolean;
let navigator: MentionNavigator;

beforeEach(() => {
  document.body.innerHTML = '<p id="p">Putin spoke.</p><a id="link" href="#next">Next story</a><div id="ui" tabindex="-1"></div>';
  const text = document.querySelector('#p')!.firstChild as Text;
  const range = document.createRange();
  range.setStart(text, 0);
  range.setEnd(text, 5);
  const mark = { range, mention: { entityId: 'putin', type: 'person', reason: { matched: 'Putin' } } } as unknown as Mark;
  const marks = { marks: [mark], setFocus: () => undefined } as unknown as HighlightMarks;
  open = vi.fn();
  insideOurUi = false;
  const overlay = { announce: () => undefined, hide: () => undefined, visibleFor: undefined, contains: () => insideOurUi };
  controller = new AbortController();
  navigator = createMentionNavigator(marks, { open } as unknown as CardController, overlay, controller.signal);
});
afterEach(() => {
  controller.abort();
  document.body.innerHTML = '';
});

function pressEnter(on: EventTarget): KeyboardEvent {
  const enter = new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true, composed: true });
  on.dispatchEvent(enter);
  return enter;
}

it('Enter on a page link the reader tabbed to follows the link, not the last stepped mark', () => {
  navigator.step('next');
  const link = document.querySelector<HTMLAnchorElement>('#link')!;
  link.focus();
  const enter = pressEnter(link);
  expect(open).not.toHaveBeenCalled();
  expect(enter.defaultPrevented).toBe(false);
});

it('Enter with focus on the page opens the stepped-to mark', () => {
  navigator.step('next');
  const enter = pressEnter(document.body);
  expect(open).toHaveBeenCalledTimes(1);
  expect(enter.defaultPrevented).toBe(true);
});

it("Enter inside Newslens' own element (a card just closed) opens it again", () => {
  navigator.step('next');
  insideOurUi = true;
  pressEnter(document.querySelector('#ui')!);
  expect(open).toHaveBeenCalledTimes(1);
});

it('Enter does nothing before a step', () => {
  pressEnter(document.body);
  expect(open).not.toHaveBeenCalled();
});
