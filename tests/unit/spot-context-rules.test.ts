/**
 * The context rules that pick between several readings by what is near a mention: the sentence
 * around an ambiguous alias, the noun of a back-reference, the organisation named beside a bare
 * article number, and treaty nouns that head no name ("Chief of Protocol").
 */
import { describe, expect, it } from 'vitest';
import { buildSpotIndex } from '../../utils/background/spot-index';
import { spotMentions } from '../../utils/matcher/spot-mentions';
import { entity, mutualDefenseTreaties } from './helpers/entities';

const kb = [
  entity({ id: 'russia', type: 'country', name: 'Russia', aliases: [{ text: 'Russian' }] }),
  entity({ id: 'north-korea', type: 'country', name: 'North Korea' }),
  entity({ id: 'south-korea', type: 'country', name: 'South Korea' }),
  entity({ id: 'united-states', type: 'country', name: 'United States' }),
  entity({ id: 'ukraine', type: 'country', name: 'Ukraine' }),
  entity({ id: 'seoul', type: 'place', name: 'Seoul', relations: [{ type: 'capital-of', target: 'south-korea' }] }),
  entity({ id: 'washington', type: 'place', name: 'Washington, D.C.', aliases: [{ text: 'Washington' }], relations: [{ type: 'capital-of', target: 'united-states' }] }),
  entity({ id: 'nato', type: 'organization', name: 'NATO', aliases: [{ text: 'Nato' }] }),
  entity({ id: 'kremlin', type: 'organization', name: 'Presidential Administration of Russia', aliases: [{ text: 'Kremlin', caseSensitive: true }, { text: 'the Kremlin', caseSensitive: true }] }),
  entity({ id: 'belgium', type: 'country', name: 'Belgium' }),
  entity({ id: 'european-union', type: 'organization', name: 'European Union', aliases: [{ text: 'EU', caseSensitive: true }] }),
  entity({
    id: 'brussels',
    type: 'place',
    name: 'Brussels',
    relations: [{ type: 'seat-of', target: 'european-union' }, { type: 'capital-of', target: 'belgium' }],
  }),
  entity({
    id: 'north-atlantic-treaty',
    type: 'treaty',
    name: 'North Atlantic Treaty',
    relations: [{ type: 'related', target: 'nato' }],
    treaty: { status: 'in-force' },
  }),
  entity({ id: 'minsk-ii', type: 'treaty', name: 'Minsk II', treaty: { status: 'expired', parties: ['russia', 'ukraine'] } }),
  entity({ id: 'budapest-memorandum', type: 'treaty', name: 'Budapest Memorandum', treaty: { status: 'in-force', parties: ['russia', 'ukraine', 'united-states'] } }),
  entity({ id: 'paris-agreement', type: 'treaty', name: 'Paris Agreement', treaty: { status: 'in-force' } }),
  ...mutualDefenseTreaties(),
  entity({ id: 'kim-jong-un', type: 'person', name: 'Kim Jong Un', prominence: 0.9, aliases: [{ text: 'Kim', needsContext: true }], relations: [{ type: 'office-in', target: 'north-korea' }] }),
  entity({ id: 'kim-yo-jong', type: 'person', name: 'Kim Yo Jong', prominence: 0.5, aliases: [{ text: 'Kim', needsContext: true }], relations: [{ type: 'related', target: 'kim-jong-un' }] }),
  entity({ id: 'sanctions', type: 'term', name: 'sanctions package', aliases: [{ text: 'sanctions', needsContext: true }] }),
];
const index = buildSpotIndex(kb);

function find(blocks: string[], text: string) {
  const m = spotMentions(index, { blocks }).find((x) => blocks[x.block]!.slice(x.start, x.end) === text);
  return m && { id: m.entityId, rule: m.reason.rule, ...(m.article ? { article: m.article } : {}) };
}

describe('context rules', () => {
  it('reads a short name as the person the page has named in full, before a related, more prominent one', () => {
    expect(find(['Kim Yo Jong issued a statement on Tuesday.', 'Kim said Seoul would pay for the leaflets.'], 'Kim')).toMatchObject({
      id: 'kim-yo-jong',
      rule: 'context',
    });
    expect(find(['Kim Jong Un watched the launch.', 'Kim said the tests would go on.'], 'Kim')).toMatchObject({ id: 'kim-jong-un' });
    const why = spotMentions(index, { blocks: ['Kim Yo Jong spoke. Kim said no.'] }).find((m) => m.reason.matched === 'Kim');
    expect(why?.reason.supportedBy).toContain('kim-yo-jong');
    // The surname of another Korean is not a short name: the name goes on.
    expect(find(['Kim Jong Un watched the launch.', 'Foreign Minister Kim Dong-hyun said no. Kim Min-seok agreed.'], 'Kim')).toBeUndefined();
    // Nobody of that name on the page, nor anything related: a Kim is just someone called Kim.
    expect(find(['Chef Kim served noodles to his guests.'], 'Kim')).toBeUndefined();
    // Only people: a term linked once does not make every later common noun that term.
    expect(find(['The sanctions package was adopted.', 'Russia says sanctions do not work.'], 'sanctions')).toBeUndefined();
  });

  it('lets the sentence around an ambiguous alias outweigh the rest of the page', () => {
    const page = [
      'Russia and North Korea keep trading: Russian help flows to North Korea, and North Korea sends shells to Russia.',
      'South Korea leans on its own mutual defense treaty with the United States. Russia shrugs.',
    ];
    expect(find(page, 'mutual defense treaty')).toMatchObject({ id: 'us-rok-treaty', rule: 'context' });
    // The same words in a sentence about the other pair go the other way.
    expect(find([page[0]!, 'Russia leans on its mutual defense treaty with North Korea.'], 'mutual defense treaty')).toMatchObject({ id: 'russia-dprk-treaty' });
  });

  it('counts a capital as its country when weighing context', () => {
    expect(find(['Seoul and Washington are asking what their mutual defense treaty should mean.'], 'mutual defense treaty')).toMatchObject({ id: 'us-rok-treaty' });
  });

  it('refers "the agreement" back to a treaty named with that noun, before a more frequent one', () => {
    const page = ['The Budapest Memorandum failed; the Budapest Memorandum was signed in 1994.', 'The Paris Agreement is different, and the agreement has no enforcement at all.'];
    expect(find(page, 'the agreement')).toMatchObject({ id: 'paris-agreement', rule: 'anaphora' });
    // With no treaty named with the noun, the salient treaty of the page is meant.
    expect(find(['The Budapest Memorandum failed.', 'Critics say the agreement was too vague.'], 'the agreement')).toMatchObject({ id: 'budapest-memorandum' });
  });

  it('counts earlier back-references when deciding what "the deal" means', () => {
    const page = [
      'Russia and North Korea signed a mutual defense treaty.',
      'The pact binds both; the pact took effect in December.',
      'Minsk II is long dead.',
      'Nobody knows what the deal will mean in practice.',
    ];
    expect(find(page, 'the deal')).toMatchObject({ id: 'russia-dprk-treaty' });
  });

  it('reads a bare article against a treaty named or implied in the same sentence', () => {
    const page = ['Minsk II was signed in 2015, and Minsk II collapsed.', 'Kyiv wants Article 5-style guarantees, as binding as those Nato members give each other.'];
    expect(find(page, 'Article 5')).toMatchObject({ id: 'north-atlantic-treaty', article: '5' });
    // Without one in the sentence, the page's salient treaty.
    expect(find(['Minsk II was signed in 2015.', 'Article 5 was never carried out.'], 'Article 5')).toMatchObject({ id: 'minsk-ii', article: '5' });
  });

  it('reads the seat of an institution as the institution, before the country it is the capital of', () => {
    expect(find(['Brussels wants all imports of Russian gas to end by 2027.'], 'Brussels')).toMatchObject({ id: 'european-union', rule: 'capital-for-government' });
    // Used as a place, it stays the city.
    expect(find(['The ministers met in Brussels on Monday.'], 'Brussels')).toMatchObject({ id: 'brussels' });
  });

  it('matches an exact-case "the …" alias with "The" at the start of a sentence', () => {
    expect(find(['The Kremlin said the measures were illegal.'], 'The Kremlin')).toMatchObject({ id: 'kremlin' });
    expect(find(['Officials in the Kremlin said so.'], 'the Kremlin')).toMatchObject({ id: 'kremlin' });
    expect(find(['Officials in the kremlin said so.'], 'the kremlin')).toBeUndefined();
  });

  it('does not read a treaty noun after "of" as a name', () => {
    const blocks = ['The dinner was hosted by the Deputy Chief Of Protocol and the Head Of Treaty Affairs, both retired.'];
    expect(spotMentions(index, { blocks }).filter((m) => m.type === 'treaty')).toEqual([]);
    expect(find(['They cited the Outer Space Treaty.'], 'Outer Space Treaty')).toMatchObject({ id: null, rule: 'treaty-name' });
  });
});
