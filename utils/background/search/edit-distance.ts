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
