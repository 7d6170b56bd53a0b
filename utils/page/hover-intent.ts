/**
 * Decides when the pointer "means" a mark: the card opens after the pointer rests on a mark for
 * the show delay, not when it merely passes over; it stays while the pointer moves into it and
 * closes after a grace period once the pointer has left both. Marks are not elements, so the
 * pointer is hit-tested against their ranges (caret-from-point), at most once per frame.
 */
import type { Mark } from './highlight-marks';

/** ms the pointer may spend between the mark and the card before the card closes. */
export const HIDE_GRACE_MS = 300;

export interface HoverTarget {
  markAt(x: number, y: number): Mark | undefined;
  isInsideCard(event: Event): boolean;
  /** The pointer came to rest on `mark`: its card may open after the delay (time to fetch it). */
  intend?(mark: Mark): void;
  /** The pointer left the mark it rested on before its card opened. */
  abandon?(mark: Mark): void;
  open(mark: Mark): void;
  /** The pointer left mark and card (not for a pinned card). */
  close(): void;
  /** Escape: closes the card even when pinned, and cancels one still loading (default: close). */
  dismiss?(): void;
  readonly openMark: Mark | undefined;
}

export function watchHover(doc: Document, target: HoverTarget, showDelayMs: () => number, signal: AbortSignal): void {
  let frame = 0;
  let lastEvent: PointerEvent | undefined;
  let showTimer: ReturnType<typeof setTimeout> | undefined;
  let hideTimer: ReturnType<typeof setTimeout> | undefined;
  let pendingMark: Mark | undefined;
  // The mark whose card the reader dismissed with Escape (open or still waiting for the delay):
  // resting on it does nothing until the pointer has left it, as tooltips do.
  let dismissed: Mark | undefined;
  // The mark under the pointer when last looked at (not updated while it is inside the card).
  let lastHit: Mark | undefined;

  const clearShow = () => {
    clearTimeout(showTimer);
    if (pendingMark) target.abandon?.(pendingMark);
    pendingMark = undefined;
  };

  function evaluate() {
    frame = 0;
    const event = lastEvent;
    if (!event) return;
    if (target.isInsideCard(event)) {
      clearTimeout(hideTimer);
      clearShow();
      return;
    }
    const hit = target.markAt(event.clientX, event.clientY);
    lastHit = hit;
    if (hit !== dismissed) dismissed = undefined;
    const mark = hit === dismissed ? undefined : hit;
    if (mark && mark === target.openMark) {
      clearTimeout(hideTimer);
      return;
    }
    if (mark !== pendingMark) {
      clearShow();
      if (mark) {
        pendingMark = mark;
        target.intend?.(mark);
        // Restarting the timer on every new mark ignores a pointer that is just passing through.
        showTimer = setTimeout(() => {
          clearTimeout(hideTimer);
          // Forget it once shown: after the card closes, resting on the same words opens it again.
          pendingMark = undefined;
          target.open(mark);
        }, showDelayMs());
      }
    }
    if (!mark && target.openMark) {
      clearTimeout(hideTimer);
      hideTimer = setTimeout(() => target.close(), HIDE_GRACE_MS);
    }
  }

  doc.addEventListener(
    'pointermove',
    (event) => {
      // Only the reader's pointer: a page script dispatching pointermove over marks must not be
      // able to open cards (and read what they show) on its own.
      if (!event.isTrusted) return;
      lastEvent = event;
      if (!frame) frame = requestAnimationFrame(evaluate);
    },
    { passive: true, signal },
  );
  doc.addEventListener(
    'keydown',
    (event) => {
      if (event.key !== 'Escape') return;
      // Escape means "not now" for the open card and for one still waiting for the show delay;
      // close() also cancels a card whose UI is still loading (not kept dismissed: that cannot
      // be told apart from a card closed some other way, which Escape must not dismiss again).
      const waiting = pendingMark;
      clearShow();
      // Kept dismissed only while the pointer rests on it (a card opened from the keyboard, or
      // left pinned, is not the pointer's).
      const shown = target.openMark ?? waiting;
      dismissed = shown !== undefined && shown === lastHit ? shown : undefined;
      (target.dismiss ?? target.close).call(target);
    },
    { signal },
  );
  signal.addEventListener('abort', () => {
    cancelAnimationFrame(frame);
    clearShow();
    clearTimeout(hideTimer);
  });
}

/**
 * The mark under a viewport point: the caret position there, confirmed against the mark's boxes.
 * `shadowRoots` are the open shadow roots with marks in them: caretPositionFromPoint gives a
 * position inside a shadow tree only if told of its root (else the host's, CSSOM View).
 */
export function hitTestMarks(
  doc: Document,
  x: number,
  y: number,
  markAt: (node: Node, offset: number) => Mark | undefined,
  shadowRoots: ShadowRoot[] = [],
): Mark | undefined {
  const caret = caretAt(doc, x, y, shadowRoots);
  if (!caret) return undefined;
  // On the right half of a mark's last letter the caret already sits after the mark.
  const mark = markAt(caret.node, caret.offset) ?? (caret.offset > 0 ? markAt(caret.node, caret.offset - 1) : undefined);
  if (!mark) return undefined;
  for (const r of mark.range.getClientRects()) {
    if (x >= r.left && x <= r.right && y >= r.top && y <= r.bottom) return mark;
  }
  return undefined;
}

function caretAt(doc: Document, x: number, y: number, shadowRoots: ShadowRoot[]): { node: Node; offset: number } | undefined {
  if (typeof doc.caretPositionFromPoint === 'function') {
    const pos = doc.caretPositionFromPoint(x, y, shadowRoots.length ? { shadowRoots } : undefined);
    return pos ? { node: pos.offsetNode, offset: pos.offset } : undefined;
  }
  const range = doc.caretRangeFromPoint?.(x, y);
  return range ? { node: range.startContainer, offset: range.startOffset } : undefined;
}
