/**
 * Runs Newslens on one page: reads its text, asks the background for mentions, marks them,
 * opens cards on hover or from the keyboard, and keeps up with pages that change. Everything it
 * starts is tied to the content script's context, so an extension update leaves nothing behind.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { Mention } from '../shared/protocol';
import { runtime, sendMessage } from '../shared/send-message';
import { MAX_BLOCK_CHARS } from '../shared/protocol-limits';
import { isActiveOn } from '../shared/settings-defaults';
import type { Settings } from '../shared/settings-schema';
import { listenToBackground } from './content-messages';
import { iterateBlocks, rangeFor, splitBlock, type TextBlock } from './extract-text';
import { HighlightMarks } from './highlight-marks';
import { hitTestMarks, watchHover } from './hover-intent';
import { createLazyCards } from './lazy-cards';
import { createMentionNavigator } from './mention-navigator';
import { listenToPopup } from './page-entities';
import { readSettings, watchSettings } from './page-settings';
import { watchMutations } from './watch-mutations';

/** Blocks per findMentions message: keeps each message small and the first marks quick. */
const BLOCKS_PER_REQUEST = 200;
/** ms of page reading per task before yielding; well under the 50 ms long-task threshold. */
const READ_BUDGET_MS = 12;

/**
 * Up to BLOCKS_PER_REQUEST blocks, or fewer when the time budget runs out or the batch holds
 * MAX_BLOCK_CHARS of text (a page of long blocks would otherwise make one huge message).
 */
function takeBatch(blocks: Iterator<TextBlock>): TextBlock[] {
  const batch: TextBlock[] = [];
  const deadline = performance.now() + READ_BUDGET_MS;
  let chars = 0;
  while (batch.length < BLOCKS_PER_REQUEST && chars < MAX_BLOCK_CHARS && performance.now() < deadline) {
    const next = blocks.next();
    if (next.done) break;
    batch.push(next.value);
    chars += next.value.text.length;
  }
  return batch;
}

/** The blocks, those over the background's limit in parts it accepts. */
function* withinLimit(blocks: Iterable<TextBlock>): Generator<TextBlock> {
  for (const block of blocks) yield* splitBlock(block, MAX_BLOCK_CHARS);
}

export interface Annotator {
  /** Entities marked on the page now, by id, with how often they are mentioned. */
  found(): Map<string, number>;
  destroy(): void;
}

export async function startAnnotator(ctx: ContentScriptContext): Promise<Annotator | undefined> {
  let settings = await readSettings();
  if (!isActiveOn(settings, location.hostname)) {
    // Switched off here: wait, without touching the page, until the reader switches it on.
    const unwatch = watchSettings((next: Settings) => {
      if (!isActiveOn(next, location.hostname)) return;
      unwatch();
      void startAnnotator(ctx);
    });
    ctx.onInvalidated(unwatch);
    return undefined;
  }

  const controller = new AbortController();
  ctx.onInvalidated(() => controller.abort());
  const { signal } = controller;
  const marks = new HighlightMarks(document, settings.markStyle);
  // The card UI is a separate file, loaded when a card is first about to open (./lazy-cards.ts).
  const { overlay, cards, preload: preloadCards } = createLazyCards({
    getUrl: (path) => runtime().getURL(path),
    marks,
  });
  const navigator = createMentionNavigator(marks, cards, overlay, signal);
  const isOwnUi = (el: Element) => el === overlay.host;
  // Open shadow roots the page's text was read from: hit tests must be told of them (hover-intent.ts).
  const shadowRoots = new Set<ShadowRoot>();
  // What watchMutations observes: each rescan meets the same shadow roots again, and a second
  // observer on one would scan each of its changes twice (and so on, once per rescan).
  const observed = new WeakSet<Node>();
  let warned = false;
  // Scans run one after another so that marks land in reading order and context accumulates.
  let queue: Promise<void> = Promise.resolve();

  function scan(root: Node): Promise<void> {
    queue = queue.then(() => annotate(root)).catch((err: unknown) => {
      if (!signal.aborted) console.warn('Newslens: could not annotate part of the page', err);
    });
    return queue;
  }

  async function annotate(root: Node) {
    marks.removeWithin(root);
    const blocks = iterateBlocks(root, {
      exclude: isOwnUi,
      onShadowRoot: (shadow) => {
        marks.adoptInto(shadow);
        shadowRoots.add(shadow);
        observe(shadow);
      },
    });
    const parts = withinLimit(blocks);
    for (;;) {
      const batch = takeBatch(parts);
      if (batch.length === 0) return;
      // Each batch is one message; awaiting it yields the main thread between batches, so a long
      // page never blocks the reader for long.
      let mentions: Mention[];
      try {
        mentions = await sendMessage('findMentions', {
          blocks: batch.map((b) => b.text),
          pageEntities: [...marks.countByEntity().keys()],
          site: location.hostname,
        });
      } catch (err) {
        // One refused batch leaves its blocks unmarked, not the rest of the page. Said once: a
        // background that refuses everything would otherwise fill the page's console.
        if (signal.aborted) return;
        if (!warned) console.warn('Newslens: could not annotate part of the page', err);
        warned = true;
        continue;
      }
      if (signal.aborted) return;
      addMarks(batch, mentions);
    }
  }

  function addMarks(batch: TextBlock[], mentions: Mention[]) {
    const seen = settings.density === 'first' ? new Set(marks.countByEntity().keys()) : undefined;
    for (const mention of mentions) {
      if (!settings.types.includes(mention.type)) continue;
      const key = mention.entityId ?? mention.reason.matched;
      if (seen?.has(key)) continue;
      const range = rangeFor(batch[mention.block]!, mention.start, mention.end);
      // Text the page removed while the background was reading it is not marked.
      if (!range?.startContainer.isConnected) continue;
      seen?.add(key);
      marks.add({ range, mention });
    }
  }

  function rescanAll() {
    overlay.hide();
    navigator.leave();
    marks.clear();
    void scan(document.body);
  }

  watchHover(
    document,
    {
      markAt: (x, y) => hitTestMarks(document, x, y, (node, offset) => marks.markAt(node, offset), [...shadowRoots]),
      isInsideCard: (event) => overlay.contains(event),
      intend: (mark) => cards.prefetch(mark),
      abandon: (mark) => cards.abandon(mark),
      open: (mark) => cards.open(mark),
      close: () => {
        if (!overlay.pinned) overlay.hide();
      },
      // Escape closes a pinned card too: pinning keeps it from the pointer, not from the reader.
      dismiss: () => overlay.hide(),
      get openMark() {
        return overlay.visibleFor;
      },
    },
    () => settings.hoverDelayMs,
    signal,
  );

  const unwatchSettings = watchSettings((next: Settings) => {
    const before = settings;
    settings = next;
    marks.setStyle(next.markStyle);
    if (!isActiveOn(next, location.hostname)) {
      overlay.hide();
      navigator.leave();
      marks.clear();
    } else if (
      !isActiveOn(before, location.hostname) ||
      before.density !== next.density ||
      before.types.join() !== next.types.join()
    ) {
      rescanAll();
    }
  });

  const removeStepListener = listenToBackground({
    stepMention: (data) => {
      if (!isActiveOn(settings, location.hostname)) return;
      navigator.step(data.direction);
      // Enter on the mark is likely next: have the card UI here by then.
      preloadCards();
    },
  });
  // The popup's "On this page" list and its click-to-scroll (issue 7).
  const removePopupListeners = listenToPopup(marks);

  function observe(root: Node) {
    if (observed.has(root)) return;
    observed.add(root);
    watchMutations(root, { ignore: isOwnUi, signal }, ({ changed, removed }) => {
      // Marks of removed text go before anything is read again: with "first mention only", a
      // re-rendered paragraph's names must not defer to their own removed marks.
      if (removed) forgetRemoved();
      for (const r of changed) void scan(r);
    });
  }

  function forgetRemoved() {
    marks.removeDead();
    for (const shadow of shadowRoots) if (!shadow.host.isConnected) shadowRoots.delete(shadow);
  }
  observe(document.body);
  // Single-page apps: a new URL usually means a new article.
  ctx.addEventListener(window, 'wxt:locationchange', rescanAll);

  signal.addEventListener(
    'abort',
    () => {
      unwatchSettings();
      removeStepListener();
      removePopupListeners();
      marks.destroy();
      overlay.destroy();
    },
    { once: true },
  );

  await afterRender(signal);
  if (!signal.aborted) await scan(document.body);
  return { found: () => marks.countByEntity(), destroy: () => controller.abort() };
}

/** ms to wait for the browser to be idle before reading the page anyway (a page that never rests). */
const IDLE_TIMEOUT_MS = 500;

/**
 * Resolves when the browser has rendered the page and has nothing more urgent to do. Reading
 * visibility needs styles, and computing them for a long page inside our task would block the
 * reader (it is the rendering step's job). Browsers start idle periods after a frame is done, so an
 * idle callback finds styles computed; unlike a requestAnimationFrame callback (and the timer that
 * had to follow it), it does not run inside the frame's own task, adding nothing to it.
 * A tab opened in the background is read once it is shown, as with animation frames (which a
 * hidden tab does not get), rather than by the idle callback's timeout.
 */
async function afterRender(signal: AbortSignal): Promise<void> {
  if (typeof requestIdleCallback !== 'function') {
    return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  }
  if (document.visibilityState === 'hidden') await shown(signal);
  return new Promise((resolve) => requestIdleCallback(() => resolve(), { timeout: IDLE_TIMEOUT_MS }));
}

/** Resolves when the tab is shown (never, if the content script is stopped first). */
function shown(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const onChange = () => {
      if (document.visibilityState === 'hidden') return;
      document.removeEventListener('visibilitychange', onChange);
      resolve();
    };
    document.addEventListener('visibilitychange', onChange, { signal });
  });
}
