/**
 * The comparison key for aliases: two surface forms that a reader would take for the same name
 * ("U.N." and "UN", "Kim Jong-un" and "Kim Jong Un", "Zelenskyy" with or without diacritics)
 * normalise to the same key. Used to find one alias claimed by two entities.
 *
 * Rules: NFKC, strip diacritics, lower-case, dots dropped, hyphens/dashes and whitespace alike
 * (collapsed to one space), apostrophes unified.
 */
export function normalizeAlias(text: string): string {
  return text
    .normalize('NFKC')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .normalize('NFC')
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/\./g, '')
    .replace(/[\s\u2010-\u2015\-_]+/g, ' ')
    .trim();
}
