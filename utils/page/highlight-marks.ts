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

  /** Removes the marks that match, returning how many went. */
  removeWhere(predicate: (mark: Mark) => boolean): number {
    const kept = this.marks.filter((m) => !predicate(m));
    const removed = this.marks.length - kept.length;
    if (removed) this.replaceAll(kept);
    return removed;
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

  /** Forgets the marks inside a subtree that is about to be scanned again. */
  removeWithin(root: Node): void {
    this.removeWhere((m) => root.contains(m.range.startContainer));
  }

  /** How many marks each entity has. */
  countByEntity(): Map<string, number> {
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

/** A caret exactly at a mark's end is just after it, not on it. */
function rangeEndIn(range: Range, node: Node): number {
  return range.endContainer === node ? range.endOffset : Number.POSITIVE_INFINITY;
}
