/**
 * Marks mentions with the CSS Custom Highlight API: the page's DOM is never touched (no wrapper
 * spans for React or Vue to trip over), and the styles are one constructed stylesheet adopted by
 * the document, so no element is added either.
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

function styleSheetText(style: Settings['markStyle']): string {
  return ENTITY_TYPES.map((type) => {
    const color = TYPE_COLORS[type];
    const look =
      style === 'background'
        ? `background-color: color-mix(in srgb, ${color} 18%, transparent);`
        : `text-decoration: underline dotted ${color}; text-decoration-thickness: 2px; text-underline-offset: 3px;`;
    return `::highlight(${highlightName(type)}) { ${look} }`;
  })
    .concat(
      `::highlight(${FOCUS_HIGHLIGHT}) { background-color: color-mix(in srgb, #2f6fde 30%, transparent); text-decoration: underline solid #2f6fde; text-decoration-thickness: 3px; text-underline-offset: 3px; }`,
    )
    .join('\n');
}

export class HighlightMarks {
  readonly marks: Mark[] = [];
  private readonly byNode = new Map<Node, Mark[]>();
  private readonly sheet: CSSStyleSheet;
  private readonly highlights = new Map<EntityType, Highlight>();
  private readonly focus = new Highlight();
  private readonly adopters = new Set<Document | ShadowRoot>();

  constructor(doc: Document, style: Settings['markStyle']) {
    this.sheet = new CSSStyleSheet();
    this.setStyle(style);
    this.adoptInto(doc);
    for (const type of ENTITY_TYPES) {
      const highlight = new Highlight();
      this.highlights.set(type, highlight);
      CSS.highlights.set(highlightName(type), highlight);
    }
    this.focus.priority = 1;
    CSS.highlights.set(FOCUS_HIGHLIGHT, this.focus);
  }

  /** `::highlight()` rules apply per tree: open shadow roots with marks need the sheet too. */
  adoptInto(root: Document | ShadowRoot): void {
    if (this.adopters.has(root)) return;
    this.adopters.add(root);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, this.sheet];
  }

  setFocus(mark: Mark | undefined): void {
    this.focus.clear();
    if (mark) this.focus.add(mark.range);
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
    this.sheet.replaceSync(styleSheetText(style));
  }

  add(mark: Mark): void {
    this.marks.push(mark);
    this.highlights.get(mark.mention.type)?.add(mark.range);
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
    this.focus.clear();
    this.marks.length = 0;
    this.byNode.clear();
  }

  destroy(): void {
    this.clear();
    for (const type of ENTITY_TYPES) CSS.highlights.delete(highlightName(type));
    CSS.highlights.delete(FOCUS_HIGHLIGHT);
    for (const root of this.adopters) root.adoptedStyleSheets = root.adoptedStyleSheets.filter((s) => s !== this.sheet);
  }
}

/** A caret exactly at a mark's end is just after it, not on it. */
function rangeEndIn(range: Range, node: Node): number {
  return range.endContainer === node ? range.endOffset : Number.POSITIVE_INFINITY;
}
