/**
 * "Is b one typo away from a?": one insertion, deletion, substitution or transposition of two
 * neighbouring letters (optimal string alignment distance ≤ 1), decided in one linear pass.
 */
export function withinOneEdit(a: string, b: string): boolean {
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === la && i === lb) return true; // equal
  if (la === lb) {
    // Substitution: the rest after the first difference is equal.
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    // Transposition of i and i + 1.
    return (
      i + 1 < la &&
      a.charCodeAt(i) === b.charCodeAt(i + 1) &&
      a.charCodeAt(i + 1) === b.charCodeAt(i) &&
      a.slice(i + 2) === b.slice(i + 2)
    );
  }
  // Insertion or deletion: skip one letter of the longer string.
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/**
 * "Is the query one typo away from the start of the word units[start, end)?" — for a half-typed
 * word with a typo in it ("zelwn" → "zelensky"). One pass to the first difference, then each kind
 * of edit is a plain comparison of the rest of the query with the word at the matching offset.
 * A query that is a prefix (no edit) also passes. The index finds these words by binary search
 * (prefix-typo.ts); this direct check is the definition that search is tested against.
 */
export function prefixWithinOneEdit(q: string, units: ArrayLike<number>, start: number, end: number): boolean {
  const ql = q.length;
  const wl = end - start;
  let i = 0;
  while (i < ql && i < wl && q.charCodeAt(i) === units[start + i]) i++;
  if (i === ql) return true;
  if (i === wl) return ql - i === 1; // the whole word, then one extra letter
  return (
    continuesAt(q, i + 1, units, start + i + 1, end) || // substitution
    continuesAt(q, i + 1, units, start + i, end) || // an extra letter in the query
    continuesAt(q, i, units, start + i + 1, end) || // a letter missing from the query
    (i + 1 < ql &&
      i + 1 < wl &&
      q.charCodeAt(i) === units[start + i + 1] &&
      q.charCodeAt(i + 1) === units[start + i] &&
      continuesAt(q, i + 2, units, start + i + 2, end)) // two neighbours swapped
  );
}

/** Is q[qi..] a prefix of units[at, end)? (A plain function, not a closure: it runs per word.) */
function continuesAt(q: string, qi: number, units: ArrayLike<number>, at: number, end: number): boolean {
  if (q.length - qi > end - at) return false;
  for (let k = 0; qi + k < q.length; k++) if (q.charCodeAt(qi + k) !== units[at + k]) return false;
  return true;
}
