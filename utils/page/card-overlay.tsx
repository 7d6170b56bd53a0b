/**
 * The one element Newslens adds to a page: a shadow-root host holding the floating card and a
 * live region for short announcements. Styles are isolated both ways; the card is positioned next
 * to its mark with @floating-ui/dom, which flips and shifts it at viewport edges and follows
 * scrolling and resizing.
 */
import { autoUpdate, computePosition, flip, inline, offset, shift } from '@floating-ui/dom';
import { render, type VNode } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import type { Mark } from './highlight-marks';

export const OVERLAY_HOST_NAME = 'newslens-ui';

export interface CardOverlay {
  readonly host: HTMLElement;
  /** Shows `content` next to a mark. `focus` moves keyboard focus into the card. */
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

export async function createCardOverlay(ctx: ContentScriptContext): Promise<CardOverlay> {
  const ui = await createShadowRootUi(ctx, {
    name: OVERLAY_HOST_NAME,
    position: 'inline',
    anchor: 'html',
    append: 'last',
    onMount(container) {
      const panel = document.createElement('div');
      panel.className = 'nl-floating';
      panel.hidden = true;
      panel.setAttribute('role', 'dialog');
      panel.tabIndex = -1;
      const live = document.createElement('div');
      live.className = 'nl-visually-hidden';
      live.setAttribute('aria-live', 'polite');
      container.append(panel, live);
      return { panel, live };
    },
  });
  ui.mount();
  const { panel, live } = ui.mounted!;
  let current: Mark | undefined;
  let stopAutoUpdate: (() => void) | undefined;

  function place(mark: Mark) {
    const reference = {
      getBoundingClientRect: () => mark.range.getBoundingClientRect(),
      getClientRects: () => mark.range.getClientRects(),
    };
    stopAutoUpdate?.();
    stopAutoUpdate = autoUpdate(reference, panel, () => {
      void computePosition(reference, panel, {
        strategy: 'fixed',
        placement: 'bottom-start',
        middleware: [inline(), offset(6), flip({ padding: 8 }), shift({ padding: 8 })],
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
    host: ui.shadowHost,
    pinned: false,
    get visibleFor() {
      return current;
    },
    show(mark, content, options) {
      performance.mark('newslens:card-shown'); // bench/page.ts measures hover → card painted from here
      current = mark;
      overlay.pinned = false;
      panel.hidden = false;
      panel.setAttribute('aria-label', `Newslens: ${mark.mention.reason.matched}`);
      render(content, panel);
      place(mark);
      if (options?.focus) panel.focus({ preventScroll: true });
    },
    update(content) {
      if (current) render(content, panel);
    },
    hide() {
      current = undefined;
      overlay.pinned = false;
      stopAutoUpdate?.();
      stopAutoUpdate = undefined;
      panel.hidden = true;
      render(null, panel);
    },
    contains(event) {
      return event.composedPath().includes(ui.shadowHost);
    },
    announce(text) {
      // Clearing first makes screen readers repeat an identical announcement.
      live.textContent = '';
      requestAnimationFrame(() => {
        live.textContent = text;
      });
    },
    destroy() {
      overlay.hide();
      window.removeEventListener('scroll', onScroll, { capture: true });
      ui.remove();
    },
  };
  return overlay;
}
