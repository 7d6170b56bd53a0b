/**
 * Reports content added to the page (infinite scroll, single-page-app navigation, live blogs),
 * coalesced to one callback per animation frame with only the outermost new subtrees, so a
 * burst of thousands of mutations costs one scan of what is really new.
 */

export interface WatchOptions {
  /** Subtrees that are not page content (Newslens' own UI). */
  ignore: (el: Element) => boolean;
  signal: AbortSignal;
}

export function watchMutations(root: Node, options: WatchOptions, onAdded: (roots: Node[]) => void): void {
  let pending = new Set<Node>();
  let frame = 0;

  const flush = () => {
    frame = 0;
    const nodes = [...pending].filter((n) => n.isConnected);
    pending = new Set();
    // Keep only the outermost nodes: a node inside another added node is scanned with it.
    const outermost = nodes.filter((n) => !nodes.some((other) => other !== n && other.contains(n)));
    if (outermost.length) onAdded(outermost);
  };

  const observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        const el = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement;
        if (!el || options.ignore(el) || el.closest('[contenteditable=""], [contenteditable="true"]')) continue;
        // A lone text node is scanned with its element, so that the block's words stay together.
        pending.add(node.nodeType === Node.TEXT_NODE ? el : node);
      }
    }
    if (pending.size && !frame) frame = requestAnimationFrame(flush);
  });
  observer.observe(root, { childList: true, subtree: true });
  options.signal.addEventListener('abort', () => {
    observer.disconnect();
    cancelAnimationFrame(frame);
  });
}
