/**
 * Sentence bounds, roughly: enough for "is this other name in the same sentence?", which the
 * context rules use to let nearby words outweigh the rest of the page.
 */

/** A full stop, question or exclamation mark (and closing quote) followed by a space ends a sentence. */
const SENTENCE_END = /[.!?]["'”’)]?\s/;

/** True when no sentence ends between two spans of the same text (in either order). */
export function inSameSentence(text: string, a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  const between = a.end <= b.start ? text.slice(a.end, b.start) : text.slice(b.end, a.start);
  return !SENTENCE_END.test(between);
}
