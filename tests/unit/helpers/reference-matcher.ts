/**
 * The reference tokenizer and matcher: the original regex tokenizer and token-array trie walk
 * (before the single-pass scanner), kept for tests only. The fast path in utils/matcher/ must give
 * exactly the same tokens and matches. Only change: the en dash joins words like a hyphen.
 */
import { APOSTROPHES, foldToken } from '../../../utils/shared/text-normalize';
import type { CompiledIndexData } from '../../../utils/matcher/compiled-index';
import type { AliasEntry, RawMatch } from '../../../utils/matcher/matcher';
import { StringTable } from '../../../utils/matcher/string-table';
import type { Gap, Token } from '../../../utils/matcher/tokenize';

const TOKEN_RE = /(?:\p{Lu}\.){2,}|[\p{L}\p{M}]+|\p{N}+/gu;
const INNER_GAP_RE = new RegExp(`^${APOSTROPHES.source}$`, 'u');
const SPACE_GAP_RE = /^[\s\u00a0\-\u2010\u2011\u2013]+$/u;
const POSSESSIVE_RE = new RegExp(`^${APOSTROPHES.source}s?(?![\\p{L}\\p{N}])`, 'u');

export function referenceTokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = new RegExp(TOKEN_RE.source, TOKEN_RE.flags);
  let lastEnd = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const raw = m[0];
    const start = m.index;
    const end = start + raw.length;
    tokens.push({
      key: '',
      surface: raw.includes('.') ? raw.replaceAll('.', '') : raw.normalize('NFKC'),
      start,
      end,
      gap: tokens.length === 0 ? 'break' : classifyGap(text.slice(lastEnd, start)),
    });
    lastEnd = end;
    const possessive = POSSESSIVE_RE.exec(text.slice(end, end + 3));
    if (possessive) re.lastIndex = lastEnd = end + possessive[0].length;
  }
  for (const t of tokens) t.key = foldToken(t.surface);
  return tokens;
}

function classifyGap(between: string): Gap {
  if (between === '' || INNER_GAP_RE.test(between)) return 'none';
  return SPACE_GAP_RE.test(between) ? 'space' : 'break';
}

const CASE_SENSITIVE = 1;
const NEEDS_CONTEXT = 2;
const hasUpper = (s: string) => s !== s.toLowerCase();

/** The original matcher over a token array, on the same compiled data. */
export function referenceMatcher(data: CompiledIndexData): (text: string) => RawMatch[] {
  const vocab = new StringTable(data.vocab);
  const ids = new StringTable(data.entityIds);
  const aliasText = (alias: number) => data.aliasBlob.slice(data.aliasOffsets[alias], data.aliasOffsets[alias + 1]);
  const surfacesOf = (alias: number) => referenceTokenize(aliasText(alias)).map((t) => t.surface);

  function child(node: number, token: number): number {
    for (let e = data.edgeStart[node]!; e < data.edgeStart[node + 1]!; e++) if (data.edgeToken[e] === token) return data.edgeChild[e]!;
    return -1;
  }

  function caseAllows(words: readonly string[], caseSensitive: boolean, tokens: readonly Token[], first: number): boolean {
    if (caseSensitive) return words.every((w, k) => tokens[first + k]!.surface === w);
    let aliasHasCapital = false;
    for (let k = 0; k < words.length; k++) {
      const initial = words[k]![0];
      if (initial === undefined || !hasUpper(initial)) continue;
      aliasHasCapital = true;
      const seen = tokens[first + k]!.surface[0];
      if (seen !== undefined && hasUpper(seen)) return true;
    }
    return !aliasHasCapital;
  }

  return (text) => {
    const tokens = referenceTokenize(text);
    const tokenIds = tokens.map((t) => vocab.indexOf(t.key));
    const out: RawMatch[] = [];
    let i = 0;
    while (i < tokens.length) {
      let best: RawMatch | undefined;
      let node = 0;
      for (let j = i; j < tokens.length; j++) {
        if (j > i && tokens[j]!.gap === 'break') break;
        const id = tokenIds[j]!;
        node = id < 0 ? -1 : child(node, id);
        if (node < 0) break;
        const accepted: AliasEntry[] = [];
        for (let k = data.entryStart[node]!; k < data.entryStart[node + 1]!; k++) {
          const alias = data.entryAlias[k]!;
          const flags = data.entryFlags[k]!;
          const caseSensitive = (flags & CASE_SENSITIVE) !== 0;
          if (!caseAllows(surfacesOf(alias), caseSensitive, tokens, i)) continue;
          accepted.push({ entityId: ids.get(data.entryEntity[k]!), alias: aliasText(alias), caseSensitive, needsContext: (flags & NEEDS_CONTEXT) !== 0 });
        }
        if (accepted.length) best = { start: tokens[i]!.start, end: tokens[j]!.end, firstToken: i, lastToken: j, candidates: accepted };
      }
      if (best) {
        out.push(best);
        i = best.lastToken + 1;
      } else {
        i++;
      }
    }
    return out;
  };
}
