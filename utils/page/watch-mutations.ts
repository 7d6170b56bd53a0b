/**
 * Reports page content that was added, removed or whose text changed (infinite scroll,
 * single-page-app navigation, live blogs), coalesced to one callback per animation frame with only
 * the outermost changed subtrees, so a storm of thousands of mutations costs one scan of what is
 * really new.
 */
import { isBlockElement } from './extract-text';

export interface WatchOptions {
  /** Subtrees that are not page content (Newslens' own UI). */
  ignore: (el: Element) => boolean;
  signal: AbortSignal;
}

export interface PageChanges {
  /** Outermost subtrees that were added or whose text changed: to be read again. */
  changed: Node[];
  /**
   * Page content was removed: the marks on its text are gone with it. (Which nodes does not
   * matter: a live range has already left a removed node, see isDead in highlight-marks.ts.)
   */
  removed: boolean;
}

const BLOCKISH = 'p, li, h1, h2, h3, h4, h5, h6, td, th, dd, dt, blockquote, figcaption, caption';

export function watchMutations(root: Node, options: WatchOptions, onChanged: (changes: PageChanges) => void): void {
  let pending = new Set<Node>();
  let removed = false;
  let frame = 0;

  const flush = () => {
    frame = 0;
    const nodes = [...pending].filter((n) => n.isConnected);
    const changes: PageChanges = {
      // Keep only the outermost nodes: a node inside another changed node is scanned with it.
      changed: nodes.filter((n) => !nodes.some((other) => other !== n && other.contains(n))),
      removed,
    };
    pending = new Set();
    removed = false;
    if (changes.changed.length || changes.removed) onChanged(changes);
  };

  const consider = (node: Node) => {
    const el = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement;
    if (!el || isIgnored(el, options)) return;
    // Changed or added text is re-read with its whole block, so that its words stay together.
    pending.add(node.nodeType === Node.ELEMENT_NODE ? node : (el.closest(BLOCKISH) ?? el));
  };

  const considerRemoved = (parent: Node, nodes: NodeList) => {
    const el = parent.nodeType === Node.ELEMENT_NODE ? (parent as Element) : null;
    if (el && isIgnored(el, options)) return;
    removed = true;
    // Text or an inline element taken out of a paragraph ("Kim <b>Jong</b> Un" losing its <b>)
    // leaves a mark over what remains of the words: the paragraph is read again. A whole block
    // (an entry of a feed) leaves nothing behind to re-read.
    const block = el?.closest(BLOCKISH);
    if (block && [...nodes].some(isInline)) pending.add(block);
  };

  const observer = new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'characterData') consider(record.target);
      else {
        for (const node of record.addedNodes) consider(node);
        if (record.removedNodes.length) considerRemoved(record.target, record.removedNodes);
      }
    }
    if ((pending.size || removed) && !frame) frame = requestAnimationFrame(flush);
  });
  observer.observe(root, { childList: true, subtree: true, characterData: true });
  options.signal.addEventListener('abort', () => {
    observer.disconnect();
    cancelAnimationFrame(frame);
  });
}

function isIgnored(el: Element, options: WatchOptions): boolean {
  // Text being typed is never ours to mark (and re-reading it on every keystroke is wasted work).
  if (el instanceof HTMLElement && el.isContentEditable) return true;
  for (let e: Element | null = el; e; e = e.parentElement) if (options.ignore(e)) return true;
  return false;
}

const isInline = (node: Node) =>
  node.nodeType === Node.TEXT_NODE || (node.nodeType === Node.ELEMENT_NODE && !isBlockElement(node as Element));
