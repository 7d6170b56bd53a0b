/**
 * The floating card on a page, inside Newslens' shadow-root host (./overlay-host.ts), with a live
 * region for short announcements. The card is positioned next to its mark with
 * @floating-ui/dom, which flips and shifts it at viewport edges and follows scrolling and resizing.
 * This module is part of the lazily loaded card UI (./card-ui.ts, entrypoints/card-ui.ts): it is
 * loaded when a card is first about to open. The host itself belongs to the content script
 * (./lazy-cards.ts), which adds it on first use (a card about to open, an announcement).
 */
import { autoUpdate, computePosition, flip, inline, offset, shift, size } from '@floating-ui/dom';
import { render, type VNode } from 'preact';
import type { Mark } from './highlight-marks';
import type { OverlayHostRef } from './overlay-host';

/** px the card grows to at most (overlay.css: max-height min(70vh, 520px)); it scrolls beyond. */
const CARD_MAX_HEIGHT = 520;

export interface CardOverlay {
  /** Newslens' element on the page, once it has been added. */
  readonly host: HTMLElement | undefined;
  /** Gets the card ready to open soon (loads its stylesheet); call when a card becomes likely. */
  prepare(): Promise<void>;
  /**
   * Renders and places `content` for a mark without showing it (while the hover intent waits),
   * so that `show` for the same mark only has to reveal it. Ignored while a card is open.
   */
  stage(mark: Mark, content: VNode): void;
  /** Drops a staged card that will not be shown. */
  unstage(mark: Mark): void;
  /**
   * Shows `content` next to a mark (or the card staged for it, as it is). `focus` moves keyboard
   * focus into the card.
   */
  show(mark: Mark, content: VNode, options?: { focus?: boolean }): void;
  /** Re-renders the open card (e.g. after pinning) without moving it. */
  update(content: VNode): void;
  hide(): void;
  readonly visibleFor: Mark | undefined;
  /** A pinned card stays open when the pointer leaves or the page scrolls. */
  pinned: boolean;
  /** True when the event happened inside the card. */
  contains(event: Event): boolean;
  /** Says something to screen readers through a polite live region. */
  announce(text: string): void;
  destroy(): void;
}

export function createCardOverlay(hostRef: OverlayHostRef): CardOverlay {
  const ui = () => hostRef.ensure();
  let current: Mark | undefined;
  let staged: Mark | undefined;
  let stopAutoUpdate: (() => void) | undefined;

  /** Empties and hides the panel (and stops following a mark). */
  function clear(panel: HTMLElement) {
    stopAutoUpdate?.();
    stopAutoUpdate = undefined;
    panel.hidden = true;
    panel.style.visibility = '';
    render(null, panel);
  }

  function place(mark: Mark) {
    const reference = {
      getBoundingClientRect: () => mark.range.getBoundingClientRect(),
      getClientRects: () => mark.range.getClientRects(),
    };
    const { panel } = ui();
    stopAutoUpdate?.();
    stopAutoUpdate = autoUpdate(reference, panel, () => {
      void computePosition(reference, panel, {
        strategy: 'fixed',
        placement: 'bottom-start',
        middleware: [
          inline(),
          offset(6),
          flip({ padding: 8 }),
          // Neither side may have room for the whole card (a short window, a mark mid-screen):
          // it is then no taller than the side it is on, and scrolls inside (overlay.css),
          // instead of running off the top of the window, where its first lines can't be reached.
          size({
            padding: 8,
            apply({ availableHeight, elements }) {
              const most = Math.min(CARD_MAX_HEIGHT, window.innerHeight * 0.7);
              elements.floating.style.maxHeight = `${Math.max(0, Math.floor(Math.min(most, availableHeight)))}px`;
            },
          }),
          shift({ padding: 8 }),
        ],
      }).then(({ x, y }) => {
        panel.style.transform = `translate(${Math.round(x)}px, ${Math.round(y)}px)`;
      });
    });
  }

  // Scrolling the mark out of view closes an unpinned card ("scroll-away").
  const onScroll = () => {
    if (!current || overlay.pinned) return;
    const rect = current.range.getBoundingClientRect();
    if (rect.bottom < 0 || rect.top > window.innerHeight) overlay.hide();
  };
  window.addEventListener('scroll', onScroll, { passive: true, capture: true });

  const overlay: CardOverlay = {
    get host() {
      return hostRef.current?.host;
    },
    pinned: false,
    prepare: () => ui().styles(),
    get visibleFor() {
      return current;
    },
    stage(mark, content) {
      const { panel, styled } = ui();
      if (current || !styled) return;
      staged = mark;
      panel.setAttribute('aria-label', `Newslens: ${mark.mention.reason.matched}`);
      render(content, panel);
      // Laid out and positioned, but not painted, hit-tested, focusable or in the accessibility
      // tree: revealing it only paints the card's own layer.
      panel.style.visibility = 'hidden';
      panel.hidden = false;
      place(mark);
    },
    unstage(mark) {
      if (staged !== mark || current) return;
      staged = undefined;
      const added = hostRef.current;
      if (added) clear(added.panel);
    },
    show(mark, content, options) {
      const ready = staged === mark;
      staged = undefined;
      current = mark;
      overlay.pinned = false;
      const { panel, styled } = ui();
      panel.style.visibility = '';
      if (ready) {
        if (options?.focus) panel.focus({ preventScroll: true });
        return;
      }
      panel.setAttribute('aria-label', `Newslens: ${mark.mention.reason.matched}`);
      render(content, panel);
      const reveal = () => {
        if (current !== mark) return;
        panel.hidden = false;
        place(mark);
        if (options?.focus) panel.focus({ preventScroll: true });
      };
      // Never paint an unstyled card: on a first open without prepare() (keyboard), wait for the sheet.
      if (styled) reveal();
      else void ui().styles().then(reveal);
    },
    update(content) {
      const added = hostRef.current;
      if (current && added) render(content, added.panel);
    },
    hide() {
      current = undefined;
      staged = undefined;
      overlay.pinned = false;
      const added = hostRef.current;
      if (added) clear(added.panel);
    },
    contains(event) {
      const added = hostRef.current;
      return added !== undefined && event.composedPath().includes(added.host);
    },
    announce(text) {
      ui().announce(text);
    },
    /** Hides the card and stops listening; the host stays (its owner removes it). */
    destroy() {
      overlay.hide();
      window.removeEventListener('scroll', onScroll, { capture: true });
    },
  };
  return overlay;
}
