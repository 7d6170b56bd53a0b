/**
 * Collects the page's readable text as blocks (a paragraph, heading, list item…), each with a
 * map from block offsets back to the DOM text nodes it was joined from. A mention that spans
 * inline tags ("Kim <em>Jong</em> Un") is one string here, and maps back to one DOM range.
 */

/** Elements whose text is not prose for a reader: code, forms, scripts, editable areas. */
const SKIP_TAGS = new Set([
  'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA', 'INPUT', 'SELECT', 'OPTION', 'BUTTON',
  'CODE', 'PRE', 'KBD', 'SAMP', 'SVG', 'MATH', 'CANVAS', 'IFRAME', 'OBJECT',
]);

/** Elements that start a new block of text; everything else is inline and joins its neighbours. */
const BLOCK_TAGS = new Set([
  'P', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'LI', 'DD', 'DT', 'TD', 'TH', 'CAPTION', 'FIGCAPTION',
  'BLOCKQUOTE', 'DIV', 'SECTION', 'ARTICLE', 'ASIDE', 'HEADER', 'FOOTER', 'MAIN', 'NAV', 'BODY',
  'SUMMARY', 'DETAILS', 'LABEL', 'LEGEND', 'TR', 'UL', 'OL', 'DL', 'TABLE', 'FIGURE', 'ADDRESS',
]);

export interface TextPiece {
  node: Text;
  /**
   * Offset of the node's first character in the block's text; negative in a part of a split
   * block (splitBlock) when the node began in an earlier part.
   */
  start: number;
}

export interface TextBlock {
  text: string;
  pieces: TextPiece[];
}

export interface ExtractOptions {
  /** Elements to leave out with all they contain (Newslens' own UI host). */
  exclude?: (el: Element) => boolean;
  /** Called for each open shadow root whose text was read (to style and watch it too). */
  onShadowRoot?: (root: ShadowRoot) => void;
}

export function extractBlocks(root: Node, options: ExtractOptions = {}): TextBlock[] {
  return [...iterateBlocks(root, options)];
}

/**
 * The same blocks, one at a time, so that a caller can stop after a time budget and yield the
 * main thread: on a very long page no single task has to read the whole page.
 *
 * The walk is plain JavaScript over `firstChild`/`nextSibling` rather than a TreeWalker with a
 * filter: a filter is a call from the browser into our script for every element, which costs far
 * more than reading the same properties from script.
 * It visits what such a walker would: `root`'s descendants in document order, skipping the
 * subtrees `isSkipped` rejects. If the page removes the node being read between two batches, the
 * walk ends with the detached subtree, as a TreeWalker's does.
 */
export function* iterateBlocks(root: Node, options: ExtractOptions = {}): Generator<TextBlock> {
  if (isElement(root) && isSkipped(root, options)) return;
  // Shadow trees are not children: their text is read after the light tree's.
  const shadowRoots: ShadowRoot[] = [];
  let current: { owner: Element | null; block: TextBlock } | undefined;
  const visibility = new Map<Element, boolean>();
  let node: Node | null = root.firstChild;
  while (node) {
    let enter = false;
    if (node.nodeType === TEXT_NODE) {
      const text = node as Text;
      if (!/\S/.test(text.data)) {
        // Whitespace between inline elements still separates words.
        if (current) appendPiece(current.block, text);
      } else if (isVisible(text.parentElement, visibility)) {
        const owner = blockOwner(text);
        if (!current || current.owner !== owner) {
          if (current) yield current.block;
          current = { owner, block: { text: '', pieces: [] } };
        }
        appendPiece(current.block, text);
      }
    } else if (node.nodeType === ELEMENT_NODE) {
      enter = !isSkipped(node as Element, options);
      const shadow = enter ? (node as Element).shadowRoot : null;
      if (shadow) shadowRoots.push(shadow);
    }
    node = enter ? (node.firstChild ?? following(node, root)) : following(node, root);
  }
  if (current) yield current.block;
  for (const shadow of shadowRoots) {
    options.onShadowRoot?.(shadow);
    yield* iterateBlocks(shadow, options);
  }
}

// Node's constants, spelled out: this module also runs in Node for `npm run eval`, where the
// DOM's globals are copied in from a window (utils/eval/load-article.ts).
const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

const isElement = (node: Node): node is Element => node.nodeType === ELEMENT_NODE;

/** The next node after `node`'s subtree in document order, without leaving `root`. */
function following(node: Node, root: Node): Node | null {
  for (let at: Node | null = node; at && at !== root; at = at.parentNode) {
    if (at.nextSibling) return at.nextSibling;
  }
  return null;
}

function appendPiece(block: TextBlock, node: Text): void {
  block.pieces.push({ node, start: block.text.length });
  block.text += node.data;
}

/** Text inside display:none / visibility:hidden elements is not read (checked once per parent). */
function isVisible(el: Element | null, cache: Map<Element, boolean>): boolean {
  if (!el || typeof el.checkVisibility !== 'function') return true;
  let visible = cache.get(el);
  if (visible === undefined) cache.set(el, (visible = el.checkVisibility({ visibilityProperty: true })));
  return visible;
}

/** Whether `el` starts a block of text of its own (rather than joining its neighbours' text). */
export const isBlockElement = (el: Element): boolean => BLOCK_TAGS.has(el.tagName.toUpperCase());

function blockOwner(node: Node): Element | null {
  for (let el = node.parentElement; el; el = el.parentElement) {
    if (BLOCK_TAGS.has(el.tagName)) return el;
  }
  return null;
}

function isSkipped(el: Element, options: ExtractOptions): boolean {
  if (SKIP_TAGS.has(el.tagName.toUpperCase())) return true;
  if (options.exclude?.(el)) return true;
  if (el.getAttribute('aria-hidden') === 'true' || el.hasAttribute('hidden')) return true;
  if (el instanceof HTMLElement && el.isContentEditable) return true;
  return false;
}

/**
 * `block` as parts of at most `maxChars` characters, for a reader of limited size (the background
 * takes blocks up to a limit; a transcript in one <div> with <br>s can be longer). Each cut is made
 * at whitespace where there is some, so that no word is split; a name across a cut is lost, which
 * is rare at these sizes. A part's pieces keep their nodes with offsets shifted into the part, so
 * rangeFor maps a part's offsets to the same DOM positions as the whole block's.
 */
export function splitBlock(block: TextBlock, maxChars: number): TextBlock[] {
  const { text } = block;
  if (text.length <= maxChars) return [block];
  const parts: TextBlock[] = [];
  for (let from = 0; from < text.length; ) {
    let to = Math.min(from + maxChars, text.length);
    if (to < text.length) {
      // The last whitespace that can start the next part; none (one enormous word): cut anyway.
      let cut = to;
      while (cut > from && !/\s/.test(text[cut]!)) cut--;
      if (cut > from) to = cut;
    }
    parts.push(slicePart(block, from, to));
    from = to;
  }
  return parts;
}

function slicePart(block: TextBlock, from: number, to: number): TextBlock {
  const { pieces } = block;
  const inPart: TextPiece[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const p = pieces[i]!;
    // A piece's length as it was read (the node's text may have changed since).
    const end = pieces[i + 1]?.start ?? block.text.length;
    if (p.start < to && end > from) inPart.push({ node: p.node, start: p.start - from });
  }
  return { text: block.text.slice(from, to), pieces: inPart };
}

/** Maps [start, end) in a block's text to a DOM Range over its text nodes. */
export function rangeFor(block: TextBlock, start: number, end: number): Range | null {
  const from = locate(block, start, false);
  const to = locate(block, end, true);
  if (!from || !to) return null;
  const range = from.node.ownerDocument.createRange();
  try {
    range.setStart(from.node, from.offset);
    range.setEnd(to.node, to.offset);
  } catch {
    return null; // the page changed the text while the background was reading it
  }
  return range;
}

function locate(block: TextBlock, offset: number, isEnd: boolean): { node: Text; offset: number } | null {
  const { pieces } = block;
  for (let i = 0; i < pieces.length; i++) {
    const p = pieces[i]!;
    const length = p.node.data.length;
    // An end offset at a node boundary belongs to the earlier node, a start offset to the later.
    const inside = isEnd ? offset > p.start && offset <= p.start + length : offset >= p.start && offset < p.start + length;
    if (inside) return { node: p.node, offset: offset - p.start };
  }
  return null;
}
