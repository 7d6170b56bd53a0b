/**
 * The one rule for names of own entities ("Add to Newslens" and imported files): a name or alias
 * needs at least two letters or digits. An own entity is marked wherever its words appear, so a
 * name like "a", "I" or "." would mark that word on every page the reader opens.
 *
 * Kept free of zod so the add-entity form can check as the reader types without bundling the
 * validator; the background applies the same function through the schemas (protocol-schemas.ts).
 */

/** Letters or digits a name (and each alias) needs at least. */
export const OWN_NAME_MIN_CHARS = 2;

/** The reason given when a name breaks the rule (background and import reports; not translated there). */
export const OWN_NAME_RULE_MESSAGE = `needs at least ${OWN_NAME_MIN_CHARS} letters or digits`;

/** Whether `text` has enough letters or digits (any script) to be a name worth marking. */
export function isMarkableOwnName(text: string): boolean {
  return (text.match(/[\p{L}\p{N}]/gu)?.length ?? 0) >= OWN_NAME_MIN_CHARS;
}
