/**
 * Marks mentions with the CSS Custom Highlight API: the page's DOM is never touched (no wrapper
 * spans for React or Vue to trip over), and no element is added either. The default look comes
 * from entrypoints/content-marks.content.css, which the browser injects with the page; a
 * constructed stylesheet is adopted only where that does not reach: the "background" mark style,
 * and open shadow roots (document styles do not apply inside them).
 */
import { ENTITY_TYPES, type EntityType } from '../shared/entity-types';
import type { Mention } from '../shared/protocol';
import type { Settings } from '../shared/settings';

export interface Mark {
  range: Range;
  mention: Mention;
}

const TYPE_COLORS: Record<EntityType, string> = {
  person: '#2f6fde',
  country: '#1f8a4c',
  place: '#1f8a4c',
  organization: '#8a4fd1',
  treaty: '#c2410c',
  weapon: '#b91c1c',
  term: '#5b6b7b',
  event: '#a16207',
};

export const highlightName = (type: EntityType) => `newslens-${type}`;
/** The mark the keyboard is on; drawn above the type highlights. */
export const FOCUS_HIGHLIGHT = 'newslens-focus';

/**
 * The rules for one mark style. For "underline" it is the injected stylesheet's text; "background"
 * also takes the injected underline away (`!important`: wherever the browser puts injected
 * sheets in the cascade).
 */
export function styleSheetText(style: Settings['markStyle']): string {
  return ENTITY_TYPES.map((type) => {
    const color = TYPE_COLORS[type];
    const look =
      style === 'background'
        ? `background-color: color-mix(in srgb, ${color} 18%, transparent); text-decoration: none !important;`
        : `text-decoration: underline dotted ${color}; text-decoration-thickness: 2px; text-underline-offset: 3px;`;
    return `::highlight(${highlightName(type)}) { ${look} }`;
  })
    .concat(
      `::highlight(${FOCUS_HIGHLIGHT}) { background-color: color-mix(in srgb, #2f6fde 30%, transparent); text-decoration: underline solid #2f6fde; text-decoration-thickness: 3px; text-underline-offset: 3px; }`,
    )
    .join('\n');
}

/**
 * The page's marks. Each type's highlight is registered with the page when its first mark comes,
 * so a page without weapons (or without any name) pays nothing for them.
 */
export class HighlightMarks {
  readonly marks: Mark[] = [];
  private readonly byNode = new Map<Node, Mark[]>();
  private style: Settings['markStyle'];
  private readonly highlights = new Map<EntityType, Highlight>();
  private focus: Highlight | undefined;
  /** Trees that show marks: the document, and open shadow roots with text in them. */
  private readonly trees = new Set<Document | ShadowRoot>();
  /** The constructed stylesheet, and the trees that have adopted it. */
  private sheet: CSSStyleSheet | undefined;
  private readonly adopters = new Set<Document | ShadowRoot>();

  constructor(doc: Document, style: Settings['markStyle']) {
    this.style = style;
    this.adoptInto(doc);
  }

  /** `::highlight()` rules apply per tree: open shadow roots with marks need the sheet too. */
  adoptInto(root: Document | ShadowRoot): void {
    this.trees.add(root);
    this.restyle(root);
  }

  /** Adopts or drops the constructed sheet in `root` as the style now needs. */
  private restyle(root: Document | ShadowRoot): void {
    // The injected stylesheet draws underlines in the document; anything else needs ours.
    const needed = this.style !== 'underline' || !isDocument(root);
    if (needed === this.adopters.has(root)) return;
    if (needed) {
      if (!this.sheet) {
        this.sheet = new CSSStyleSheet();
        this.sheet.replaceSync(styleSheetText(this.style));
      }
      this.adopters.add(root);
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, this.sheet];
    } else {
      this.adopters.delete(root);
      root.adoptedStyleSheets = root.adoptedStyleSheets.filter((s) => s !== this.sheet);
    }
  }

  /** The type's highlight, registered with the page on first use. */
  private highlightFor(type: EntityType): Highlight {
    let highlight = this.highlights.get(type);
    if (!highlight) {
      highlight = new Highlight();
      this.highlights.set(type, highlight);
      CSS.highlights.set(highlightName(type), highlight);
    }
    return highlight;
  }

  setFocus(mark: Mark | undefined): void {
    this.focus?.clear();
    if (!mark) return;
    if (!this.focus) {
      this.focus = new Highlight();
      this.focus.priority = 1;
      CSS.highlights.set(FOCUS_HIGHLIGHT, this.focus);
    }
    this.focus.add(mark.range);
  }

  /**
   * Removes the marks that match, returning how many went. The others stay registered as they are
   * (the keyboard focus too, unless its mark went): dropping the marks of removed text happens on
   * every change a page makes, and must not flicker the rest.
   */
  removeWhere(predicate: (mark: Mark) => boolean): number {
    const gone = this.marks.filter(predicate);
    if (gone.length === 0) return 0;
    const goneSet = new Set(gone);
    let kept = 0;
    for (const m of this.marks) if (!goneSet.has(m)) this.marks[kept++] = m;
    this.marks.length = kept;
    for (const m of gone) {
      this.highlights.get(m.mention.type)?.delete(m.range);
      if (this.focus?.has(m.range)) this.focus.clear();
    }
    // Indexed again from where the ranges are now: a live range leaves text the page removed.
    this.byNode.clear();
    for (const m of this.marks) this.index(m);
    return gone.length;
  }

  /**
   * Removes the marks whose text the page removed (see isDead), returning how many went: they
   * are no longer on the page, nor a first mention that later mentions of the entity defer to.
   */
  removeDead(): number {
    return this.removeWhere(isDead);
  }

  /** Gives the matching marks a new mention (a reader's correction); returns the new marks. */
  relink(predicate: (mark: Mark) => boolean, change: (mention: Mention) => Mention): Mark[] {
    const changed: Mark[] = [];
    const next = this.marks.map((m) => {
      if (!predicate(m)) return m;
      const mark = { range: m.range, mention: change(m.mention) };
      changed.push(mark);
      return mark;
    });
    if (changed.length) this.replaceAll(next);
    return changed;
  }

  private replaceAll(marks: Mark[]): void {
    this.clear();
    for (const m of marks) this.add(m);
  }

  setStyle(style: Settings['markStyle']): void {
    if (style === this.style) return;
    this.style = style;
    this.sheet?.replaceSync(styleSheetText(style));
    for (const root of this.trees) this.restyle(root);
  }

  add(mark: Mark): void {
    this.marks.push(mark);
    this.highlightFor(mark.mention.type).add(mark.range);
    this.index(mark);
  }

  private index(mark: Mark): void {
    for (const node of [mark.range.startContainer, mark.range.endContainer]) {
      const list = this.byNode.get(node) ?? [];
      if (!list.includes(mark)) list.push(mark);
      this.byNode.set(node, list);
    }
  }

  /** The mark covering a caret position, if any. */
  markAt(node: Node, offset: number): Mark | undefined {
    const candidates = this.byNode.get(node) ?? this.marks;
    return candidates.find((m) => m.range.isPointInRange(node, offset) && offset < rangeEndIn(m.range, node));
  }

  /**
   * Forgets the marks inside a subtree that is about to be scanned again, those in shadow trees
   * inside it included: the scan reads them again too (extract-text.ts).
   */
  removeWithin(root: Node): void {
    this.removeWhere((m) => isInside(m.range.startContainer, root));
  }

  /** How many marks each entity has (marks of removed text dropped first). */
  countByEntity(): Map<string, number> {
    // The page's changes are reported a frame later (watch-mutations.ts); the popup or the next
    // batch may ask before then.
    this.removeDead();
    const counts = new Map<string, number>();
    for (const { mention } of this.marks) {
      if (mention.entityId !== null) counts.set(mention.entityId, (counts.get(mention.entityId) ?? 0) + 1);
    }
    return counts;
  }

  clear(): void {
    for (const h of this.highlights.values()) h.clear();
    this.focus?.clear();
    this.marks.length = 0;
    this.byNode.clear();
  }

  destroy(): void {
    this.clear();
    for (const type of this.highlights.keys()) CSS.highlights.delete(highlightName(type));
    if (this.focus) CSS.highlights.delete(FOCUS_HIGHLIGHT);
    const { sheet } = this;
    for (const root of this.adopters) root.adoptedStyleSheets = root.adoptedStyleSheets.filter((s) => s !== sheet);
    this.adopters.clear();
    this.trees.clear();
    // Registered again by the next mark, should there be one.
    this.highlights.clear();
    this.focus = undefined;
  }
}

const isDocument = (root: Document | ShadowRoot): root is Document => root.nodeType === 9; // DOCUMENT_NODE

/**
 * Whether the page removed the mark's text. Marks are made over text nodes (extract-text.ts
 * rangeFor). When a node is removed, the browser moves every live range boundary inside it to
 * (parent, index): the range stays connected, but an end is no longer in a text node, and a range
 * wholly inside collapses. Text a page replaces (`data =`) collapses the range too. A text node
 * inside a removed shadow host is not moved (ranges do not follow shadow trees) but disconnected.
 */
export function isDead({ range }: Mark): boolean {
  return range.collapsed || !isConnectedText(range.startContainer) || !isConnectedText(range.endContainer);
}

/** Whether `node` is in `root`'s subtree or in a shadow tree hosted there (`contains` stops at shadow roots). */
function isInside(node: Node, root: Node): boolean {
  for (let at: Node | undefined = node; at; at = hostOf(at)) if (root.contains(at)) return true;
  return false;
}

/** The shadow host of the tree `node` is in, if it is in a shadow tree. */
function hostOf(node: Node): Element | undefined {
  const top = node.getRootNode();
  // Only a shadow root: the root of a detached tree can be an <a>, whose `host` is a string.
  return top.nodeType === 11 /* DOCUMENT_FRAGMENT_NODE */ ? ((top as Partial<ShadowRoot>).host ?? undefined) : undefined;
}

const isConnectedText = (node: Node) => node.nodeType === 3 /* TEXT_NODE */ && node.isConnected;

/** A caret exactly at a mark's end is just after it, not on it. */
function rangeEndIn(range: Range, node: Node): number {
  return range.endContainer === node ? range.endOffset : Number.POSITIVE_INFINITY;
}
