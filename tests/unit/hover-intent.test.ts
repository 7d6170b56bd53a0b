// @vitest-environment happy-dom
/**
 * Hover intent (utils/page/hover-intent.ts) with a fake hit test and fake timers: the card opens
 * only after the pointer rests for the show delay, and Escape dismisses a card that is open or
 * still waiting for the delay, until the pointer has left that mark.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Mark } from '../../utils/page/highlight-marks';
import { HIDE_GRACE_MS, hitTestMarks, watchHover, type HoverTarget } from '../../utils/page/hover-intent';

const SHOW_DELAY_MS = 250;
const mark = (name: string) => ({ name }) as unknown as Mark;
const putin = mark('Putin');
const kcna = mark('KCNA');

/** Marks by x coordinate: 0–99 Putin, 100–199 KCNA, elsewhere none. */
function fakeTarget() {
  const calls: string[] = [];
  let open: Mark | undefined;
  const name = (m: Mark) => (m as unknown as { name: string }).name;
  const target: HoverTarget = {
    markAt: (x) => (x < 100 ? putin : x < 200 ? kcna : undefined),
    isInsideCard: () => false,
    intend: (m) => calls.push(`intend ${name(m)}`),
    abandon: (m) => calls.push(`abandon ${name(m)}`),
    open: (m) => {
      open = m;
      calls.push(`open ${name(m)}`);
    },
    close: () => {
      if (open) calls.push(`close ${name(open)}`);
      open = undefined;
    },
    get openMark() {
      return open;
    },
  };
  return { target, calls };
}

/**
 * A pointer move, evaluated at the next animation frame. The reader's own moves are trusted
 * events, which script cannot make: this one is marked so by hand (`untrusted` leaves it as a
 * page script's would be).
 */
function moveTo(x: number, untrusted = false) {
  const event = new PointerEvent('pointermove', { clientX: x, clientY: 10 });
  if (!untrusted) Object.defineProperty(event, 'isTrusted', { value: true });
  document.dispatchEvent(event);
  vi.advanceTimersToNextFrame();
}

const pressEscape = () => document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));

describe('hover intent', () => {
  let controller: AbortController;
  beforeEach(() => {
    vi.useFakeTimers();
    controller = new AbortController();
  });
  afterEach(() => {
    controller.abort();
    vi.useRealTimers();
  });

  it('opens a card only after the pointer rests on a mark for the show delay', () => {
    const { target, calls } = fakeTarget();
    watchHover(document, target, () => SHOW_DELAY_MS, controller.signal);
    moveTo(10);
    vi.advanceTimersByTime(SHOW_DELAY_MS - 50);
    // Passing on to another mark before the delay: the first never opens.
    moveTo(150);
    vi.advanceTimersByTime(SHOW_DELAY_MS);
    expect(calls).toEqual(['intend Putin', 'abandon Putin', 'intend KCNA', 'open KCNA']);
    // Leaving both: closed after the grace period.
    moveTo(500);
    vi.advanceTimersByTime(HIDE_GRACE_MS);
    expect(calls.at(-1)).toBe('close KCNA');
  });

  it("ignores pointer moves a page script makes (untrusted events): they cannot open cards", () => {
    const { target, calls } = fakeTarget();
    watchHover(document, target, () => SHOW_DELAY_MS, controller.signal);
    moveTo(10, true);
    vi.advanceTimersByTime(SHOW_DELAY_MS * 2);
    expect(calls).toEqual([]);
    moveTo(10);
    vi.advanceTimersByTime(SHOW_DELAY_MS);
    expect(calls).toEqual(['intend Putin', 'open Putin']);
  });

  it('Escape during the show delay cancels the card, and resting on the same mark does not bring it back', () => {
    const { target, calls } = fakeTarget();
    watchHover(document, target, () => SHOW_DELAY_MS, controller.signal);
    moveTo(10);
    vi.advanceTimersByTime(SHOW_DELAY_MS / 2);
    pressEscape();
    vi.advanceTimersByTime(SHOW_DELAY_MS * 2);
    moveTo(20); // still on the same mark
    vi.advanceTimersByTime(SHOW_DELAY_MS * 2);
    expect(calls).toEqual(['intend Putin', 'abandon Putin']);
    // Once the pointer has left the mark, coming back opens it as usual.
    moveTo(500);
    moveTo(30);
    vi.advanceTimersByTime(SHOW_DELAY_MS);
    expect(calls.slice(2)).toEqual(['intend Putin', 'open Putin']);
  });

  it('an Escape pressed after the card closed some other way does not dismiss its mark', () => {
    const { target, calls } = fakeTarget();
    watchHover(document, target, () => SHOW_DELAY_MS, controller.signal);
    moveTo(10);
    vi.advanceTimersByTime(SHOW_DELAY_MS);
    target.close(); // the card's close button, a keyboard step, scrolling away
    pressEscape(); // for the page's own reasons, pointer still on the mark
    moveTo(20);
    vi.advanceTimersByTime(SHOW_DELAY_MS);
    expect(calls).toEqual(['intend Putin', 'open Putin', 'close Putin', 'intend Putin', 'open Putin']);
  });

  it('after Escape on a card the pointer had left (pinned), coming back to its mark opens it', () => {
    const { target, calls } = fakeTarget();
    watchHover(document, target, () => SHOW_DELAY_MS, controller.signal);
    moveTo(10);
    vi.advanceTimersByTime(SHOW_DELAY_MS);
    const close = target.close.bind(target);
    target.close = () => calls.push('kept (pinned)'); // the grace period does not close it
    moveTo(500);
    vi.advanceTimersByTime(HIDE_GRACE_MS);
    target.dismiss = () => {
      calls.push('dismiss');
      close();
    };
    pressEscape();
    moveTo(10);
    vi.advanceTimersByTime(SHOW_DELAY_MS);
    expect(calls).toEqual(['intend Putin', 'open Putin', 'kept (pinned)', 'dismiss', 'close Putin', 'intend Putin', 'open Putin']);
  });

  it('Escape uses dismiss() when the target has one (a pinned card closes too)', () => {
    const { target, calls } = fakeTarget();
    let pinned = true;
    const pinnable: HoverTarget = Object.assign(Object.create(target) as HoverTarget, {
      close: () => (pinned ? calls.push('kept (pinned)') : target.close()),
      dismiss: () => {
        pinned = false;
        target.close();
      },
    });
    watchHover(document, pinnable, () => SHOW_DELAY_MS, controller.signal);
    moveTo(10);
    vi.advanceTimersByTime(SHOW_DELAY_MS);
    pressEscape();
    expect(calls).toEqual(['intend Putin', 'open Putin', 'close Putin']);
  });

  it('Escape closes an open card, which stays closed while the pointer rests on its mark', () => {
    const { target, calls } = fakeTarget();
    watchHover(document, target, () => SHOW_DELAY_MS, controller.signal);
    moveTo(150);
    vi.advanceTimersByTime(SHOW_DELAY_MS);
    pressEscape();
    moveTo(160);
    vi.advanceTimersByTime(SHOW_DELAY_MS * 2);
    expect(calls).toEqual(['intend KCNA', 'open KCNA', 'close KCNA']);
    // Another mark is not affected.
    moveTo(50);
    vi.advanceTimersByTime(SHOW_DELAY_MS);
    expect(calls.slice(3)).toEqual(['intend Putin', 'open Putin']);
  });
});

describe('hitTestMarks', () => {
  // CSSOM View: caretPositionFromPoint gives a position inside an open shadow tree only when its
  // root is passed in `shadowRoots`; otherwise the host's. Chromium 156 does so (the real check:
  // tests/e2e/overlay.test.ts, hovering a mark in a web component).
  it('passes the shadow roots with marks, so a mark inside one is found', () => {
    const host = document.createElement('div');
    const shadow = host.attachShadow({ mode: 'open' });
    const text = document.createTextNode('Vladimir Putin');
    shadow.append(text);
    const doc = {
      caretPositionFromPoint: (_x: number, _y: number, options?: { shadowRoots?: ShadowRoot[] }) =>
        options?.shadowRoots?.includes(shadow) ? { offsetNode: text, offset: 3 } : { offsetNode: document.body, offset: 0 },
    } as unknown as Document;
    const putin = { range: { getClientRects: () => [{ left: 0, right: 100, top: 0, bottom: 20 }] } } as unknown as Mark;
    const markAt = (node: Node, offset: number) => (node === text && offset <= 14 ? putin : undefined);

    expect(hitTestMarks(doc, 10, 10, markAt)).toBeUndefined();
    expect(hitTestMarks(doc, 10, 10, markAt, [shadow])).toBe(putin);
    // The caret is confirmed against the mark's boxes: beside them is not on the mark.
    expect(hitTestMarks(doc, 150, 10, markAt, [shadow])).toBeUndefined();
  });
});
