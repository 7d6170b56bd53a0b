/**
 * Turns one gold-annotated HTML fixture into what the content script would send the background
 * (the text blocks from `extractBlocks`) plus the gold mentions as offsets into those blocks.
 *
 * The markers are removed from the parsed page's text nodes before extraction, so the blocks are
 * exactly those of the same page without annotations, inline tags, hidden and skipped parts.
 */
import { extractBlocks } from '../page/extract-text';
import { GoldMarkerError, parseGoldMarkers } from './gold-markers';

export interface GoldMention {
  block: number;
  start: number;
  end: number;
  entityId: string;
  article?: string;
  chapter?: string;
}

export interface EvalArticle {
  name: string;
  blocks: string[];
  gold: GoldMention[];
}

/** The parts of a DOM window the loader needs (happy-dom's `Window`, or the test environment's). */
export interface DomWindow {
  DOMParser: new () => DOMParser;
  Node: typeof Node;
  NodeFilter: typeof NodeFilter;
  HTMLElement: typeof HTMLElement;
}

/**
 * `extractBlocks` reads DOM classes (`Node`, `NodeFilter`, `Element`, `HTMLElement`…) as globals,
 * as a content script does. Node has none of them: copy every DOM constructor and constant holder
 * of the window that Node lacks, so that the extractor may use more of them without breaking us.
 */
export function installDomGlobals(win: DomWindow): void {
  const g = globalThis as Record<string, unknown>;
  const w = win as unknown as Record<string, unknown>;
  for (const name of Object.getOwnPropertyNames(win)) {
    if (!/^[A-Z]/.test(name) || name in g) continue;
    const value = w[name];
    if (typeof value === 'function' || (typeof value === 'object' && value !== null)) g[name] = value;
  }
}

export function loadArticle(name: string, html: string, win: DomWindow): EvalArticle {
  const doc = new win.DOMParser().parseFromString(html, 'text/html');
  const nodes: Text[] = [];
  const walker = doc.createTreeWalker(doc.body, win.NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);

  const joined = nodes.map((n) => n.data).join('');
  let parsed;
  try {
    parsed = parseGoldMarkers(joined);
  } catch (err) {
    if (err instanceof GoldMarkerError) {
      const around = joined.slice(Math.max(0, err.offset - 40), err.offset + 40).replace(/\s+/g, ' ');
      throw new Error(`${name}: ${err.message} near "${around}"`);
    }
    throw err;
  }

  // Strip the marker syntax from each text node, remembering where each node starts in the
  // marker-free text.
  const cleanStart = new Map<Text, number>();
  let orig = 0;
  let clean = 0;
  let cut = 0;
  for (const node of nodes) {
    const data = node.data;
    const nodeEnd = orig + data.length;
    let kept = '';
    let pos = orig;
    while (pos < nodeEnd) {
      while (cut < parsed.cuts.length && parsed.cuts[cut]![1] <= pos) cut++;
      const next = parsed.cuts[cut];
      if (next && next[0] <= pos) {
        pos = Math.min(next[1], nodeEnd);
        continue;
      }
      const stop = next ? Math.min(next[0], nodeEnd) : nodeEnd;
      kept += data.slice(pos - orig, stop - orig);
      pos = stop;
    }
    cleanStart.set(node, clean);
    if (kept !== data) node.data = kept;
    clean += kept.length;
    orig = nodeEnd;
  }

  const blocks = extractBlocks(doc.body);
  const gold = parsed.spans.map((span) => {
    for (let b = 0; b < blocks.length; b++) {
      const block = blocks[b]!;
      const start = blockOffset(block.pieces, cleanStart, span.start, false);
      const end = blockOffset(block.pieces, cleanStart, span.end, true);
      if (start === undefined || end === undefined) continue;
      const want = parsed.text.slice(span.start, span.end);
      if (block.text.slice(start, end) !== want) {
        throw new Error(`${name}: gold "${want}" (${span.entityId}) crosses a skipped or hidden part of the page`);
      }
      const mention: GoldMention = { block: b, start, end, entityId: span.entityId };
      if (span.article !== undefined) mention.article = span.article;
      if (span.chapter !== undefined) mention.chapter = span.chapter;
      return mention;
    }
    const want = parsed.text.slice(span.start, span.end);
    throw new Error(`${name}: gold "${want}" (${span.entityId}) is not in one visible block of text`);
  });
  return { name, blocks: blocks.map((b) => b.text), gold };
}

function blockOffset(
  pieces: ReadonlyArray<{ node: Text; start: number }>,
  cleanStart: ReadonlyMap<Text, number>,
  offset: number,
  isEnd: boolean,
): number | undefined {
  for (const piece of pieces) {
    const from = cleanStart.get(piece.node);
    if (from === undefined) continue;
    const to = from + piece.node.data.length;
    const inside = isEnd ? offset > from && offset <= to : offset >= from && offset < to;
    if (inside) return piece.start + (offset - from);
  }
  return undefined;
}
