/**
 * A known name inside a larger unknown name is not a mention: "Chad Whitmore" is a caterer, not
 * the country; "Russian Railways", "Black Sea Fleet", "Patriot Act" and "Denzel Washington" are
 * other things. A match directly joined to a capitalised word that no rule explains is dropped,
 * unless that word is a title or an institution word ("Russian President", "President Putin"),
 * starts the sentence, or the block is a Title Case headline (where capitals mean nothing).
 * People are exempt: first names vary in spelling ("Sergei Lavrov" for a KB's "Sergey").
 */
import type { RawMatch } from './matcher';
import { isCapitalisedWord, startsSentence } from './text-shape';
import type { Token } from './tokenize';

const JOINING_WORDS = new Set(
  [
    'President', 'Prime', 'Minister', 'Ministry', 'Foreign', 'Defence', 'Defense', 'Ambassador', 'Embassy', 'Army', 'Navy',
    'Air', 'Armed', 'Forces', 'Force', 'Marines', 'Coast', 'Guard', 'Government', 'Parliament', 'Senate', 'Congress',
    'Supreme', 'General', 'Gen', 'Secretary', 'Chancellor', 'King', 'Queen', 'Crown', 'Prince', 'Vice', 'Deputy', 'Chief',
    'Mr', 'Mrs', 'Ms', 'Dr', 'Sen', 'Rep', 'Col', 'Lt', 'Adm', 'Maj', 'Capt', 'State', 'Security', 'Intelligence', 'Interior',
    'Finance', 'Trade', 'Economy', 'Energy', 'Health', 'Justice', 'Premier', 'Special', 'Envoy', 'Office', 'National',
    'Federal', 'Central', 'Council', 'Committee', 'Assembly', 'Cabinet', 'Presidential', 'Leader', 'Supreme', 'Chairman',
    'Spokesman', 'Spokeswoman', 'Spokesperson', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday',
    'Sunday', 'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November',
    'December', 'I', 'But', 'And', 'Or', 'So', 'If', 'When', 'While', 'As', 'Article', 'Articles', 'Chapter', 'Of', 'The',
    'In', 'On', 'At', 'For', 'To', 'By', 'With', 'From',
  ].map((w) => w.toLowerCase()),
);

/** True when the match is glued to an unexplained capitalised word on either side. */
export function isInsideLargerName(
  text: string,
  tokens: readonly Token[],
  raw: RawMatch,
  isMatchedToken: (i: number) => boolean,
): boolean {
  if (nameGoesOn(tokens, raw, isMatchedToken)) return true;
  const prevIndex = raw.firstToken - 1;
  const prev = tokens[prevIndex];
  const glued = prev !== undefined && tokens[raw.firstToken]!.gap === 'space';
  return glued && unexplainedCapital(tokens, prevIndex, isMatchedToken) && !startsSentence(text, tokens, prevIndex);
}

/**
 * True when the match is followed by an unexplained capitalised word: the name goes on. For the
 * people exempted above this still matters when the match is a short name that needs context:
 * the "Kim" of "Kim Dong-hyun" is not Kim Jong Un, however often he is named on the page.
 */
export function nameGoesOn(tokens: readonly Token[], raw: RawMatch, isMatchedToken: (i: number) => boolean): boolean {
  const next = tokens[raw.lastToken + 1];
  return next !== undefined && next.gap === 'space' && unexplainedCapital(tokens, raw.lastToken + 1, isMatchedToken);
}

function unexplainedCapital(tokens: readonly Token[], i: number, isMatchedToken: (i: number) => boolean): boolean {
  const token = tokens[i]!;
  return isCapitalisedWord(token) && token.surface.length > 1 && !JOINING_WORDS.has(token.key) && !isMatchedToken(i);
}
