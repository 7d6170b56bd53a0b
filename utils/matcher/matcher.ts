/**
 * The matcher interface: finds every place where a known alias occurs in a piece of text.
 *
 * It knows nothing about pages or disambiguation; `spot-mentions.ts` turns its raw matches into
 * linked mentions. Keeping this seam narrow lets a faster implementation (a compiled, persisted
 * automaton) replace the trie without touching its callers.
 */
export interface AliasEntry {
  entityId: string;
  /** The alias as written in the KB ("U.N.", "Kim Jong Un"). */
  alias: string;
  caseSensitive: boolean;
  needsContext: boolean;
}

export interface RawMatch {
  /** Character offsets into the text. */
  start: number;
  end: number;
  /** Token indexes, inclusive. */
  firstToken: number;
  lastToken: number;
  /** Every KB entry whose alias matched this exact span (may be shared between matches). */
  candidates: readonly AliasEntry[];
}

export interface Matcher {
  /** Number of aliases indexed. */
  readonly size: number;
  /**
   * Longest, left-to-right, non-overlapping matches in `text`. Token indexes are those of
   * `tokenize(text)`, for callers that look at the words around a match.
   */
  match(text: string): RawMatch[];
}
