/**
 * The card UI, loaded only when a card is first about to open (./lazy-cards.ts): Preact,
 * @floating-ui/dom, the card components, the overlay that places them and the controller that
 * fetches their data. Most pages never show a card, so the content script does not carry this;
 * entrypoints/card-ui.ts builds it into its own file, card-ui.js.
 */
import { readArticleDate } from './article-date';
import { createCardController, type CardController } from './card-controller';
import { createCardOverlay, type CardOverlay } from './card-overlay';
import type { HighlightMarks } from './highlight-marks';
import type { OverlayHostRef } from './overlay-host';

export interface CardUi {
  overlay: CardOverlay;
  cards: CardController;
}

export interface CardUiModule {
  createCardUi(hostRef: OverlayHostRef, marks: HighlightMarks): CardUi;
}

export function createCardUi(hostRef: OverlayHostRef, marks: HighlightMarks): CardUi {
  const overlay = createCardOverlay(hostRef);
  // The article's date is read when a card first needs it (./article-date.ts).
  return { overlay, cards: createCardController(overlay, marks, () => readArticleDate(document)) };
}
