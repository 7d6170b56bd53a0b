/**
 * Kept as a benchmark contender only (the extension uses utils/matcher/compiled-index.ts).
 *
 * A token trie over folded alias words: the walking-skeleton matcher.
 *
 * Lookup is O(tokens × longest alias), building is O(total alias words). Longest match wins; on
 * equal length the earliest start wins, so results are deterministic for the same KB and text.
 */
import type { AliasEntry, Matcher, RawMatch } from '../utils/matcher/matcher';
import { tokenize, type Token } from '../utils/matcher/tokenize';

interface StoredEntry extends AliasEntry {
  /** Surface form of each alias word, for the case rules. */
  surfaces: string[];
}

interface TrieNode {
  next: Map<string, TrieNode>;
  entries: StoredEntry[];
}

const newNode = (): TrieNode => ({ next: new Map(), entries: [] });
const hasUpper = (s: string) => s !== s.toLowerCase();

export function buildTrieMatcher(entries: Iterable<AliasEntry>): Matcher {
  const root = newNode();
  let size = 0;
  for (const entry of entries) {
    const tokens = tokenize(entry.alias);
    if (tokens.length === 0) continue;
    let node = root;
    for (const t of tokens) {
      let child = node.next.get(t.key);
      if (!child) node.next.set(t.key, (child = newNode()));
      node = child;
    }
    node.entries.push({ ...entry, surfaces: tokens.map((t) => t.surface) });
    size++;
  }

  function match(text: string): RawMatch[] {
    const tokens = tokenize(text);
    const out: RawMatch[] = [];
    let i = 0;
    while (i < tokens.length) {
      let node: TrieNode | undefined = root;
      let best: RawMatch | undefined;
      for (let j = i; j < tokens.length && node; j++) {
        if (j > i && tokens[j]!.gap === 'break') break;
        node = node.next.get(tokens[j]!.key);
        if (!node || node.entries.length === 0) continue;
        const accepted = node.entries.filter((e) => caseAllows(e, tokens, i));
        if (accepted.length && isContiguous(tokens, i, j)) {
          best = {
            start: tokens[i]!.start,
            end: tokens[j]!.end,
            firstToken: i,
            lastToken: j,
            candidates: accepted.map(({ surfaces: _s, ...e }) => e),
          };
        }
      }
      if (best) {
        out.push(best);
        i = best.lastToken + 1;
      } else {
        i++;
      }
    }
    return out;
  }

  return { size, match };
}

/**
 * Case rules. A case-sensitive alias (KCNA, US, Patriot) must be written exactly so. Any other
 * alias that has capitals must keep at least one of them on the page ("Russian foreign ministry"
 * matches, "cold war" in lower case does not), unless the page writes the name in capitals.
 */
function caseAllows(entry: StoredEntry, tokens: readonly Token[], first: number): boolean {
  const words = entry.surfaces;
  if (entry.caseSensitive) return words.every((w, k) => tokens[first + k]!.surface === w);
  let aliasHasCapital = false;
  for (let k = 0; k < words.length; k++) {
    const w = words[k]!;
    if (w[0] === undefined || !hasUpper(w[0])) continue;
    aliasHasCapital = true;
    const seen = tokens[first + k]!.surface;
    if (seen[0] !== undefined && hasUpper(seen[0])) return true;
  }
  return !aliasHasCapital;
}

/** True when the token run [from, to] is written as one phrase (no punctuation in between). */
function isContiguous(tokens: readonly Token[], from: number, to: number): boolean {
  for (let i = from + 1; i <= to; i++) if (tokens[i]!.gap === 'break') return false;
  return true;
}
