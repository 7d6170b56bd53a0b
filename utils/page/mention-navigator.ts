/**
 * Keyboard access to the marks: the extension's "next/previous mention" commands step through
 * them in reading order, drawing a focus highlight and scrolling it into view; Enter opens the
 * card (with focus inside it) and Escape leaves. Announcements stay short: "3 of 27: Putin, person".
 */
import { i18n } from '#i18n';
import type { CardController } from './card-controller';
import { isDead, type HighlightMarks, type Mark } from './highlight-marks';
import type { PageOverlay } from './lazy-cards';

export interface MentionNavigator {
  step(direction: 'next' | 'previous'): void;
  leave(): void;
}

export function createMentionNavigator(
  marks: HighlightMarks,
  cards: CardController,
  overlay: Pick<PageOverlay, 'announce' | 'contains' | 'hide' | 'visibleFor'>,
  signal: AbortSignal,
): MentionNavigator {
  let focused: Mark | undefined;

  function inReadingOrder(): Mark[] {
    // Not marks whose text the page removed: a live range moves to the removed node's parent,
    // so `startContainer.isConnected` alone would keep them (highlight-marks.ts isDead).
    return [...marks.marks]
      .filter((m) => !isDead(m))
      .sort((a, b) => a.range.compareBoundaryPoints(Range.START_TO_START, b.range));
  }

  const navigator: MentionNavigator = {
    step(direction) {
      const ordered = inReadingOrder();
      if (ordered.length === 0) {
        overlay.announce(i18n.t('card.page.noMarks'));
        return;
      }
      const at = focused ? ordered.indexOf(focused) : -1;
      const next =
        direction === 'next'
          ? ordered[(at + 1) % ordered.length]!
          : ordered[(at - 1 + ordered.length) % ordered.length]!;
      focused = next;
      marks.setFocus(next);
      overlay.hide();
      scrollIntoView(next.range);
      const position = ordered.indexOf(next) + 1;
      overlay.announce(
        i18n.t('card.page.stepped', [String(position), String(ordered.length), next.mention.reason.matched, next.mention.type]),
      );
    },
    leave() {
      focused = undefined;
      marks.setFocus(undefined);
      overlay.hide();
    },
  };

  document.addEventListener(
    'keydown',
    (event) => {
      if (!focused) return;
      // Enter opens the stepped-to mark only while focus rests on the page itself or on our own
      // UI: once the reader has tabbed to a link or button of the page, Enter is theirs.
      if (event.key === 'Enter' && !overlay.visibleFor && (restsOnPage(event) || overlay.contains(event)) && !isTyping(event)) {
        event.preventDefault();
        cards.open(focused, { focus: true });
      } else if (event.key === 'Escape') {
        if (overlay.visibleFor) overlay.hide();
        else navigator.leave();
      }
    },
    { signal, capture: true },
  );
  return navigator;
}

function scrollIntoView(range: Range): void {
  const rect = range.getBoundingClientRect();
  if (rect.top >= 0 && rect.bottom <= window.innerHeight) return;
  window.scrollBy({ top: rect.top - window.innerHeight / 3, behavior: 'instant' });
}

/** Nothing of the page has focus: the key goes to the document (where a stepped-to mark stands in). */
function restsOnPage(event: KeyboardEvent): boolean {
  const target = event.composedPath()[0];
  return target === document.body || target === document.documentElement || target === document || target === undefined;
}

function isTyping(event: KeyboardEvent): boolean {
  const target = event.composedPath()[0];
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}
