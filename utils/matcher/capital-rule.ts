/**
 * When a capital's name stands for its government ("Moscow warned", "channels to Beijing") and
 * when it is the city ("in Pyongyang", "visited Budapest", "a Seoul newspaper", a dateline).
 * See docs/adr/0002-capitals-stand-for-governments.md. Each rule reads only the few words
 * around the name, so it is cheap and explainable in the card.
 */
import type { Mention } from '../shared/protocol';
import type { SpotIndex } from './spot-mentions';
import { isByline } from './text-shape';
import type { Token } from './tokenize';

/** Prepositions of place: "in Pyongyang", "outside Seoul", "towards Kyiv". */
const PLACE_PREPOSITIONS = new Set(['in', 'inside', 'near', 'outside', 'around', 'across', 'into', 'towards', 'toward', 'within', 'throughout']);
/** Words of travel that make a following "to"/bare name a destination: "flew to Seoul", "visited Budapest". */
const TRAVEL_WORDS = new Set([
  'visit', 'visits', 'visited', 'visiting', 'trip', 'trips', 'flew', 'flown', 'fly', 'flying', 'travel', 'travelled', 'traveled',
  'travelling', 'traveling', 'arrived', 'arrive', 'arrives', 'returned', 'return', 'returning', 'went', 'go', 'going', 'came',
  'moved', 'move', 'journey', 'journeyed', 'drove', 'march', 'marched', 'rolling', 'advance', 'advanced', 'advancing', 'headed',
  'heading', 'evacuated', 'relocated', 'tour', 'toured', 'touring', 'landed', 'reached', 'shuttled', 'shuttle', 'fled', 'flee',
]);
/** Nouns of place before "of": "the outskirts of Kyiv", "the streets of Moscow". */
const PLACE_NOUNS_BEFORE_OF = new Set([
  'outskirts', 'streets', 'street', 'centre', 'center', 'suburbs', 'suburb', 'heart', 'mayor', 'residents', 'skies', 'sky',
  'districts', 'district', 'north', 'south', 'east', 'west', 'edge', 'outside', 'parts', 'neighbourhoods', 'neighborhoods',
]);
/** Who "in Washington" acts for: "officials in Washington" is the government, not the city. */
const GOVERNMENT_NOUNS = new Set([
  'officials', 'official', 'government', 'governments', 'administration', 'administrations', 'leaders', 'leadership',
  'authorities', 'policymakers', 'lawmakers', 'hawks', 'circles', 'decision', 'makers', 'planners', 'regime',
]);
// Not "that"/"this": "…and that Moscow would answer" is a conjunction, not a determiner.
const DETERMINERS = new Set(['a', 'an', 'the', 'every', 'each']);
const LIST_JOINERS = new Set(['and', 'or']);

export type CapitalReading = 'city' | 'government';

/** How a capital's name is used at `first` (its first token) in the block. */
export function readCapital(
  block: number,
  text: string,
  tokens: readonly Token[],
  first: number,
  previous: Mention | undefined,
  index: SpotIndex,
): CapitalReading {
  const before = tokens[first - 1];
  const before2 = tokens[first - 2];
  const key = before?.key;
  if (isByline(text, tokens)) return 'city';
  // Used as a modifier: "The Pyongyang Summit", "a Seoul newspaper".
  if (key !== undefined && DETERMINERS.has(key) && tokens[first + 1]?.gap === 'space') return 'city';
  if (key === 'in' && before2 && GOVERNMENT_NOUNS.has(before2.key)) return 'government';
  if (key !== undefined && PLACE_PREPOSITIONS.has(key)) return 'city';
  if (key === 'of' && before2 && PLACE_NOUNS_BEFORE_OF.has(before2.key)) return 'city';
  if (key !== undefined && TRAVEL_WORDS.has(key)) return 'city';
  if (key === 'to' && before2 && TRAVEL_WORDS.has(before2.key)) return 'city';
  // "in Pyongyang and Moscow", "hit Kharkiv and Kyiv": joined to a place just named.
  if (key !== undefined && LIST_JOINERS.has(key) && previous?.block === block && previous.type === 'place' && previous.entityId !== null) {
    const previousEnd = tokens.findIndex((t) => t.end === previous.end);
    if (previousEnd === first - 2 && index.info(previous.entityId)) return 'city';
  }
  return 'government';
}
