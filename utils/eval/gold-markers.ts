/**
 * Parses the inline gold annotations of the evaluation corpus (tests/fixtures/eval/README.md):
 * `[[surface|entity-id]]`, `[[surface|entity-id#article]]` or `[[surface|entity-id#ch:chapter]]`,
 * where the surface is the mention as
 * the reader sees it. The parser works on plain text; `load-article.ts` applies it to a page's
 * text nodes so that a marker may wrap inline tags ("[[Kim <em>Jong</em> Un|kim-jong-un]]").
 */

export interface GoldSpan {
  /** Offsets into the text with all markers removed. */
  start: number;
  end: number;
  entityId: string;
  /** Treaty article(s) the mention refers to, normalised by `normalizeArticle`. */
  article?: string;
  /** Treaty chapter the mention refers to ("VII"). */
  chapter?: string;
}

export interface ParsedGold {
  /** The text with every marker removed. */
  text: string;
  spans: GoldSpan[];
  /** Ranges [start, end) of the input that were marker syntax, in input order. */
  cuts: Array<[number, number]>;
}

export class GoldMarkerError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'GoldMarkerError';
  }
}

const OPEN = '[[';
const TARGET_RE = /\|([a-z0-9]+(?:-[a-z0-9]+)*)(?:#([^\]|\s]+))?\]\]/y;

export function parseGoldMarkers(input: string): ParsedGold {
  const spans: GoldSpan[] = [];
  const cuts: Array<[number, number]> = [];
  let text = '';
  let from = 0;
  for (let open = input.indexOf(OPEN); open !== -1; open = input.indexOf(OPEN, from)) {
    const stray = input.indexOf(']]', from);
    if (stray !== -1 && stray < open) throw new GoldMarkerError(`"]]" without "[[" at ${stray}`, stray);
    text += input.slice(from, open);
    const start = text.length;
    const bar = input.indexOf('|', open + OPEN.length);
    const nested = input.indexOf(OPEN, open + OPEN.length);
    if (bar === -1) throw new GoldMarkerError(`"[[" at ${open} has no "|entity-id]]"`, open);
    if (nested !== -1 && nested < bar) throw new GoldMarkerError(`nested "[[" at ${nested}`, nested);
    const surface = input.slice(open + OPEN.length, bar);
    if (surface.includes(']]')) throw new GoldMarkerError(`"[[" at ${open} closes before its "|"`, open);
    if (!surface.trim()) throw new GoldMarkerError(`empty surface at ${open}`, open);
    if (surface !== surface.trim()) throw new GoldMarkerError(`surface "${surface}" at ${open} has outer spaces`, open);
    TARGET_RE.lastIndex = bar;
    const target = TARGET_RE.exec(input);
    if (!target) throw new GoldMarkerError(`bad target after "|" at ${bar} (want |entity-id]], |entity-id#article]] or |entity-id#ch:chapter]])`, bar);
    text += surface;
    const span: GoldSpan = { start, end: text.length, entityId: target[1]! };
    const cited = target[2];
    if (cited?.startsWith('ch:')) span.chapter = normalizeArticle(cited.slice(3));
    else if (cited !== undefined) span.article = normalizeArticle(cited);
    spans.push(span);
    cuts.push([open, open + OPEN.length], [bar, bar + target[0].length]);
    from = bar + target[0].length;
  }
  const rest = input.slice(from);
  const stray = rest.indexOf(']]');
  if (stray !== -1) throw new GoldMarkerError(`"]]" without "[[" at ${from + stray}`, from + stray);
  text += rest;
  return { text, spans, cuts };
}

/**
 * One canonical spelling of a cited article or list of articles, so that "51", "2,51",
 * "2 and 51" and "2+51" compare by their parts: upper-cased, split on commas, "and", "&", "+",
 * joined by commas in the order written.
 */
export function normalizeArticle(article: string): string {
  return article
    .split(/\s*(?:,|\+|&|\band\b)\s*/i)
    .map((part) => part.trim().toUpperCase())
    .filter(Boolean)
    .join(',');
}
