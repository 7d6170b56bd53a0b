// @vitest-environment happy-dom
/**
 * The page walk in utils/page/extract-text.ts reads the DOM from script (firstChild/nextSibling)
 * instead of a TreeWalker with a filter callback, which the browser calls once per element and
 * which was most of the time spent reading an article. These tests pin down that it reads exactly
 * what the TreeWalker did: the reference below is that walker, kept here as the specification.
 */
import { describe, expect, it } from 'vitest';
import { createPrng } from '../../utils/kb-build/prng';
import { extractBlocks, iterateBlocks, type ExtractOptions, type TextBlock } from '../../utils/page/extract-text';

// --- The reference: the TreeWalker version of iterateBlocks, as it was. ---------------------------
const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA', 'INPUT', 'SELECT', 'OPTION', 'BUTTON', 'CODE', 'PRE', 'KBD', 'SAMP', 'SVG', 'MATH', 'CANVAS', 'IFRAME', 'OBJECT']);
const BLOCKS = new Set(['P', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'LI', 'DD', 'DT', 'TD', 'TH', 'CAPTION', 'FIGCAPTION', 'BLOCKQUOTE', 'DIV', 'SECTION', 'ARTICLE', 'ASIDE', 'HEADER', 'FOOTER', 'MAIN', 'NAV', 'BODY', 'SUMMARY', 'DETAILS', 'LABEL', 'LEGEND', 'TR', 'UL', 'OL', 'DL', 'TABLE', 'FIGURE', 'ADDRESS']);

function referenceSkipped(el: Element, options: ExtractOptions): boolean {
  return (
    SKIP.has(el.tagName.toUpperCase()) ||
    options.exclude?.(el) === true ||
    el.getAttribute('aria-hidden') === 'true' ||
    el.hasAttribute('hidden') ||
    (el instanceof HTMLElement && el.isContentEditable)
  );
}

function* reference(root: Node, options: ExtractOptions = {}): Generator<TextBlock> {
  if (root instanceof Element && referenceSkipped(root, options)) return;
  const shadowRoots: ShadowRoot[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode(node) {
      if (node.nodeType === Node.TEXT_NODE) return NodeFilter.FILTER_ACCEPT;
      if (referenceSkipped(node as Element, options)) return NodeFilter.FILTER_REJECT;
      const shadow = (node as Element).shadowRoot;
      if (shadow) shadowRoots.push(shadow);
      return NodeFilter.FILTER_SKIP;
    },
  });
  let current: { owner: Element | null; block: TextBlock } | undefined;
  const append = (block: TextBlock, node: Text) => {
    block.pieces.push({ node, start: block.text.length });
    block.text += node.data;
  };
  const visibility = new Map<Element, boolean>();
  const isVisible = (el: Element | null) => {
    if (!el || typeof el.checkVisibility !== 'function') return true;
    let visible = visibility.get(el);
    if (visible === undefined) visibility.set(el, (visible = el.checkVisibility({ visibilityProperty: true })));
    return visible;
  };
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node as Text;
    if (!text.data.trim()) {
      if (current) append(current.block, text);
      continue;
    }
    if (!isVisible(text.parentElement)) continue;
    let owner: Element | null = null;
    for (let el = text.parentElement; el; el = el.parentElement) {
      if (BLOCKS.has(el.tagName)) {
        owner = el;
        break;
      }
    }
    if (!current || current.owner !== owner) {
      if (current) yield current.block;
      current = { owner, block: { text: '', pieces: [] } };
    }
    append(current.block, text);
  }
  if (current) yield current.block;
  for (const shadow of shadowRoots) {
    options.onShadowRoot?.(shadow);
    yield* reference(shadow, options);
  }
}

/** Blocks as comparable values: the text and which DOM node each piece starts at. */
const shape = (blocks: TextBlock[]) => blocks.map((b) => ({ text: b.text, pieces: b.pieces.map((p) => [p.node, p.start]) }));

// --- Random pages --------------------------------------------------------------------------------
const TAGS = ['p', 'div', 'span', 'em', 'a', 'b', 'li', 'ul', 'h2', 'section', 'code', 'pre', 'script', 'button', 'label', 'td', 'tr', 'table', 'aside', 'strong'];
const WORDS = ['Kim', 'Jong', 'Un', 'met', 'Putin', 'in', 'Moscow', 'NATO', '', ' ', '\n  ', ' the ', 'Article 51'];

function randomTree(seed: number): HTMLElement {
  const rng = createPrng(seed);
  const root = document.createElement('div');
  const fill = (parent: Element, depth: number) => {
    const children = rng.int(depth > 4 ? 2 : 5);
    for (let i = 0; i < children; i++) {
      const roll = rng.next();
      if (roll < 0.45 || depth > 5) {
        parent.append(document.createTextNode(rng.pick(WORDS) + (rng.chance(0.5) ? ' ' : '') + rng.pick(WORDS)));
      } else if (roll < 0.5) {
        parent.append(document.createComment('a comment'));
      } else {
        const el = document.createElement(rng.pick(TAGS));
        if (rng.chance(0.05)) el.setAttribute('aria-hidden', 'true');
        if (rng.chance(0.04)) el.setAttribute('hidden', '');
        if (rng.chance(0.04)) el.setAttribute('contenteditable', 'true');
        if (rng.chance(0.05) && ['div', 'span', 'section'].includes(el.tagName.toLowerCase())) {
          fill(el.attachShadow({ mode: 'open' }) as unknown as Element, depth + 1);
        }
        parent.append(el);
        fill(el, depth + 1);
      }
    }
  };
  fill(root, 0);
  document.body.replaceChildren(root);
  return root;
}

describe('iterateBlocks reads what the TreeWalker read', () => {
  it('on 300 random pages (inline and block elements, skipped, hidden, editable, shadow roots)', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const root = randomTree(seed);
      const seenNew: ShadowRoot[] = [];
      const seenOld: ShadowRoot[] = [];
      const ours = extractBlocks(root, { onShadowRoot: (s) => seenNew.push(s) });
      const theirs = [...reference(root, { onShadowRoot: (s) => seenOld.push(s) })];
      expect(shape(ours), `seed ${seed}`).toEqual(shape(theirs));
      expect(seenNew).toEqual(seenOld);
      // Any subtree, as a mutation rescan reads it, joins text to the block around it the same way.
      const inner = root.querySelector('span, em, p, li');
      if (inner) expect(shape(extractBlocks(inner)), `seed ${seed}, subtree`).toEqual(shape([...reference(inner)]));
    }
  });

  it('leaves a skipped subtree and goes on with what follows it, however deep it was', () => {
    document.body.innerHTML = '<div><p>Before <b>Kim <i>Jong <code>Un()</code></i></b></p></div><p>After Putin</p>';
    expect(extractBlocks(document.body).map((b) => b.text)).toEqual(['Before Kim Jong ', 'After Putin']);
  });

  it('reads nothing under a root that is itself skipped, or that is a text node', () => {
    document.body.innerHTML = '<pre>Russia</pre><p>Text</p>';
    expect(extractBlocks(document.querySelector('pre')!)).toEqual([]);
    expect(extractBlocks(document.querySelector('p')!.firstChild!)).toEqual([]);
  });

  it('ends quietly when the page removes what it was reading between two batches', () => {
    document.body.innerHTML = '<section><p>One Moscow</p><p>Two Kyiv</p></section><p>Three Seoul</p>';
    const blocks = iterateBlocks(document.querySelector('section')!);
    const first = blocks.next();
    expect(first.done ? undefined : first.value.text).toBe('One Moscow');
    document.querySelector('section')!.remove();
    // Like a TreeWalker's, the walk stays inside the removed subtree, then stops.
    const rest: string[] = [];
    for (let next = blocks.next(); !next.done; next = blocks.next()) rest.push(next.value.text);
    expect(rest).toEqual(['Two Kyiv']);
  });
});
