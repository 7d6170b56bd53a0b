/**
 * The parts of Wikidata's entity JSON (as in the JSON dumps and Special:EntityData) that the
 * converter reads. Everything is optional because real entities omit empty sections.
 * Reference: https://doc.wikimedia.org/Wikibase/master/php/docs_topics_json.html
 */
export interface WdTerm {
  language: string;
  value: string;
}

export interface WdEntityIdValue {
  'entity-type'?: string;
  'numeric-id'?: number;
  id?: string;
}

export interface WdTimeValue {
  /** "+2012-05-07T00:00:00Z"; month and day are 00 when unknown. */
  time: string;
  /** 9 = year, 10 = month, 11 = day (lower = decade, century…). */
  precision: number;
  calendarmodel?: string;
}

export interface WdQuantityValue {
  amount: string;
  unit?: string;
}

export interface WdSnak {
  snaktype: 'value' | 'somevalue' | 'novalue';
  property: string;
  datatype?: string;
  datavalue?: { type: string; value: unknown };
}

export interface WdStatement {
  mainsnak: WdSnak;
  type?: 'statement';
  rank?: 'preferred' | 'normal' | 'deprecated';
  qualifiers?: Record<string, WdSnak[]>;
  'qualifiers-order'?: string[];
  id?: string;
}

export interface WdEntity {
  /** 'item', 'property', 'lexeme'…: only items are converted. */
  type: string;
  id: string;
  labels?: Record<string, WdTerm>;
  descriptions?: Record<string, WdTerm>;
  aliases?: Record<string, WdTerm[]>;
  claims?: Record<string, WdStatement[]>;
  sitelinks?: Record<string, { site: string; title: string }>;
  /** ISO timestamp of the last edit. */
  modified?: string;
}
