/**
 * Runs Newslens on one page: reads its text, asks the background for mentions, marks them,
 * opens cards on hover and keeps up with content added later. Everything it starts is tied to
 * the content script's context, so an extension update or reload leaves nothing behind.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { EntityCardData, Mention } from '../shared/protocol';
import { sendMessage } from '../shared/protocol';
import { isActiveOn, settingsItem, type Settings } from '../shared/settings';
import { createCardOverlay } from './card-overlay';
import { extractBlocks, rangeFor, type TextBlock } from './extract-text';
import { HighlightMarks } from './highlight-marks';
import { hitTestMarks, watchHover } from './hover-intent';
import { watchMutations } from './watch-mutations';

/** Blocks per findMentions message: keeps each message small and the first marks quick. */
const BLOCKS_PER_REQUEST = 400;

export interface Annotator {
  /** Entities marked on the page now, by id, with how often they are mentioned. */
  found(): Map<string, number>;
  destroy(): void;
}

export async function startAnnotator(ctx: ContentScriptContext): Promise<Annotator | undefined> {
  let settings = await settingsItem.getValue();
  if (!isActiveOn(settings, location.hostname)) {
    // Switched off here: wait, without touching the page, until the reader switches it on.
    const unwatch = settingsItem.watch((next: Settings) => {
      if (!isActiveOn(next, location.hostname)) return;
      unwatch();
      void startAnnotator(ctx);
    });
    ctx.onInvalidated(unwatch);
    return undefined;
  }

  const overlay = await createCardOverlay(ctx);
  const marks = new HighlightMarks(document, settings.markStyle);
  const cards = new Map<string, Promise<EntityCardData | null>>();
  const controller = new AbortController();
  ctx.onInvalidated(() => controller.abort());

  const isOwnUi = (el: Element) => el === overlay.host;

  async function annotate(root: Node) {
    marks.removeWithin(root);
    const blocks = extractBlocks(root, { exclude: isOwnUi });
    for (let i = 0; i < blocks.length; i += BLOCKS_PER_REQUEST) {
      const batch = blocks.slice(i, i + BLOCKS_PER_REQUEST);
      const mentions = await sendMessage('findMentions', {
        blocks: batch.map((b) => b.text),
        pageEntities: [...marks.countByEntity().keys()],
      });
      if (controller.signal.aborted) return;
      addMarks(batch, mentions);
    }
  }

  function addMarks(batch: TextBlock[], mentions: Mention[]) {
    for (const mention of mentions) {
      if (!settings.types.includes(mention.type)) continue;
      const range = rangeFor(batch[mention.block]!, mention.start, mention.end);
      if (!range) continue;
      marks.add({ range, mention });
    }
  }

  watchHover(
    document,
    {
      markAt: (x, y) => hitTestMarks(document, x, y, (node, offset) => marks.markAt(node, offset)),
      isInsideCard: (event) => overlay.contains(event),
      open: (mark) => overlay.show(mark, cardData(mark.mention.entityId)),
      close: () => overlay.hide(),
      get openMark() {
        return overlay.visibleFor;
      },
    },
    () => settings.hoverDelayMs,
    controller.signal,
  );

  function cardData(id: string) {
    let pending = cards.get(id);
    if (!pending) {
      pending = sendMessage('getEntity', { id });
      pending.catch(() => cards.delete(id));
      cards.set(id, pending);
    }
    return pending;
  }

  const unwatchSettings = settingsItem.watch((next: Settings) => {
    const wasActive = isActiveOn(settings, location.hostname);
    settings = next;
    marks.setStyle(next.markStyle);
    if (!isActiveOn(next, location.hostname) && wasActive) {
      marks.clear();
      overlay.hide();
    } else if (isActiveOn(next, location.hostname)) {
      // Type filters and re-enabling: start over from the current page.
      marks.clear();
      void annotate(document.body);
    }
  });

  watchMutations(document.body, { ignore: isOwnUi, signal: controller.signal }, (roots) => {
    for (const root of roots) void annotate(root);
  });

  await annotate(document.body);

  controller.signal.addEventListener(
    'abort',
    () => {
      unwatchSettings();
      marks.destroy();
      overlay.destroy();
    },
    { once: true },
  );
  return { found: () => marks.countByEntity(), destroy: () => controller.abort() };
}
