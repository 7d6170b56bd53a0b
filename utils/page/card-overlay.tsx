/**
 * The one element Newslens adds to a page: a shadow-root host holding the floating card.
 * Styles are isolated both ways; the card is positioned next to the hovered mark with
 * @floating-ui/dom, which flips and shifts it at viewport edges and follows scrolling.
 */
import { autoUpdate, computePosition, flip, inline, offset, shift } from '@floating-ui/dom';
import { render } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { EntityCard } from '../../components/EntityCard';
import type { EntityCardData } from '../shared/protocol';
import type { Mark } from './highlight-marks';

export const OVERLAY_HOST_NAME = 'newslens-ui';

export interface CardOverlay {
  readonly host: HTMLElement;
  /** Shows the card for a mark; `load` fetches its data (the card says "Loading…" meanwhile). */
  show(mark: Mark, load: Promise<EntityCardData | null>): void;
  hide(): void;
  readonly visibleFor: Mark | undefined;
  /** True when the event happened inside the card. */
  contains(event: Event): boolean;
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
      container.append(panel);
      return panel;
    },
  });
  ui.mount();
  const panel = ui.mounted!;
  let current: Mark | undefined;
  let stopAutoUpdate: (() => void) | undefined;
  // A slow lookup for a card the reader has already left must not replace the newer card.
  let showToken = 0;

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

  const overlay: CardOverlay = {
    host: ui.shadowHost,
    get visibleFor() {
      return current;
    },
    show(mark, load) {
      const token = ++showToken;
      current = mark;
      panel.hidden = false;
      panel.setAttribute('aria-label', mark.mention.reason.matched);
      render(<p class="nl-loading">Loading…</p>, panel);
      place(mark);
      void load.then(
        (data) => {
          if (token !== showToken) return;
          render(
            data ? (
              <EntityCard data={data} mention={mark.mention} />
            ) : (
              <p class="nl-loading">This entry is no longer in the knowledge base.</p>
            ),
            panel,
          );
          if (data) panel.setAttribute('aria-label', `${data.entity.name}: Newslens card`);
        },
        () => {
          if (token === showToken) render(<p class="nl-loading">Newslens could not load this card.</p>, panel);
        },
      );
    },
    hide() {
      showToken++;
      current = undefined;
      stopAutoUpdate?.();
      stopAutoUpdate = undefined;
      panel.hidden = true;
      render(null, panel);
    },
    contains(event) {
      return event.composedPath().includes(ui.shadowHost);
    },
    destroy() {
      overlay.hide();
      ui.remove();
    },
  };
  return overlay;
}
