/**
 * Reports page content that was added or whose text changed (infinite scroll, single-page-app
 * navigation, live blogs), coalesced to one callback per animation frame with only the outermost
 * changed subtrees, so a storm of thousands of mutations costs one scan of what is really new.
 */

export interface WatchOptions {
  /** Subtrees that are not page content (Newslens' own UI). */
  ignore: (el: Element) => boolean;
  signal: AbortSignal;
}

const BLOCKISH = 'p, li, h1, h2, h3, h4, h5, h6, td, th, dd, dt, blockquote, figcaption, caption';

export function watchMutations(root: Node, options: WatchOptions, onChanged: (roots: Node[]) => void): void {
  let pending = new Set<Node>();
  let frame = 0;

  const flush = () => {
    frame = 0;
    const nodes = [...pending].filter((n) => n.isConnected);
    pending = new Set();
    // Keep only the outermost nodes: a node inside another changed node is scanned with it.
    const outermost = nodes.filter((n) => !nodes.some((other) => other !== n && other.contains(n)));
    if (outermost.length) onChanged(outermost);
  };

  const consider = (node: Node) => {
    const el = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement;
    if (!el || isIgnored(el, options)) return;
    // Changed or added text is re-read with its whole block, so that its words stay together.
    pending.add(node.nodeType === Node.ELEMENT_NODE ? node : (el.closest(BLOCKISH) ?? el));
  };

  const observer = new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'characterData') consider(record.target);
      else for (const node of record.addedNodes) consider(node);
    }
    if (pending.size && !frame) frame = requestAnimationFrame(flush);
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
