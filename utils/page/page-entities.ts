/**
 * What the popup's "On this page" view asks the content script: the entities marked on the page
 * with their mention counts, and "show me": scroll to an entity's first mention and flash it with
 * the focus highlight for a moment. Answered by the top frame only (the popup addresses frame 0).
 */
import type { PageEntity } from '../shared/protocol';
import { listenToBackground } from './content-messages';
import type { HighlightMarks, Mark } from './highlight-marks';

/** ms the revealed mention stays flashed: long enough to catch the eye after the scroll. */
export const FLASH_MS = 1_600;

export function pageEntities(marks: HighlightMarks): PageEntity[] {
  const byId = new Map<string, PageEntity>();
  for (const { mention } of inReadingOrder(marks)) {
    if (mention.entityId === null) continue;
    const seen = byId.get(mention.entityId);
    if (seen) seen.count++;
    else byId.set(mention.entityId, { id: mention.entityId, type: mention.type, firstMention: mention.reason.matched, count: 1 });
  }
  return [...byId.values()];
}

function inReadingOrder(marks: HighlightMarks): Mark[] {
  // Names the page has since removed are not "on this page". (A removed mark's range is still
  // connected, moved to the removed node's parent: see isDead in highlight-marks.ts.)
  marks.removeDead();
  return [...marks.marks].sort((a, b) => a.range.compareBoundaryPoints(Range.START_TO_START, b.range));
}

/** Scrolls the first mention of `id` to the middle of the viewport and flashes it. */
export function revealEntity(marks: HighlightMarks, id: string): boolean {
  const mark = inReadingOrder(marks).find((m) => m.mention.entityId === id);
  if (!mark) return false;
  const rect = mark.range.getBoundingClientRect();
  window.scrollBy({ top: rect.top + rect.height / 2 - window.innerHeight / 2, behavior: 'instant' });
  marks.setFocus(mark);
  clearTimeout(flashTimer);
  flashTimer = setTimeout(() => marks.setFocus(undefined), FLASH_MS);
  return true;
}
let flashTimer: ReturnType<typeof setTimeout> | undefined;

/** Registers the popup's messages; returns the function that removes them. */
export function listenToPopup(marks: HighlightMarks): () => void {
  if (window !== window.top) return () => undefined;
  return listenToBackground({
    getPageEntities: () => pageEntities(marks),
    revealEntity: (data) => revealEntity(marks, data.id),
  });
}
