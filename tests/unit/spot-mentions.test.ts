import { describe, expect, it } from 'vitest';
import { buildSpotIndex } from '../../utils/background/spot-index';
import { spotMentions } from '../../utils/matcher/spot-mentions';
import { entity, mutualDefenseTreaties } from './helpers/entities';

const kb = [
  entity({ id: 'vladimir-putin', type: 'person', name: 'Vladimir Putin', aliases: [{ text: 'Putin' }], prominence: 0.9 }),
  entity({ id: 'kim-jong-un', type: 'person', name: 'Kim Jong Un' }),
  entity({
    id: 'russia',
    type: 'country',
    name: 'Russia',
    aliases: [{ text: 'Russian' }, { text: 'Russians' }],
  }),
  entity({ id: 'north-korea', type: 'country', name: 'North Korea' }),
  entity({ id: 'south-korea', type: 'country', name: 'South Korea', aliases: [{ text: 'South Koreans' }] }),
  entity({ id: 'united-states', type: 'country', name: 'United States', aliases: [{ text: 'US', caseSensitive: true }, { text: 'U.S.', caseSensitive: true }] }),
  entity({ id: 'moscow', type: 'place', name: 'Moscow', relations: [{ type: 'capital-of', target: 'russia' }] }),
  entity({ id: 'pyongyang', type: 'place', name: 'Pyongyang', relations: [{ type: 'capital-of', target: 'north-korea' }] }),
  entity({ id: 'japan', type: 'country', name: 'Japan' }),
  entity({ id: 'tokyo', type: 'place', name: 'Tokyo', relations: [{ type: 'capital-of', target: 'japan' }] }),
  entity({ id: 'chad', type: 'country', name: 'Chad', aliases: [{ text: 'Chad', caseSensitive: true }] }),
  entity({ id: 'genocide-convention', type: 'treaty', name: 'Genocide Convention', treaty: { status: 'in-force' } }),
  entity({ id: 'kcna', type: 'organization', name: 'Korean Central News Agency', aliases: [{ text: 'KCNA', caseSensitive: true }] }),
  entity({ id: 'united-nations', type: 'organization', name: 'United Nations', aliases: [{ text: 'U.N.', caseSensitive: true }] }),
  entity({
    id: 'mim-104-patriot',
    type: 'weapon',
    name: 'MIM-104 Patriot',
    aliases: [{ text: 'Patriot missiles' }, { text: 'Patriot', caseSensitive: true, needsContext: true }],
    relations: [{ type: 'operated-by', target: 'united-states' }],
  }),
  entity({ id: 'calibre-155mm', type: 'term', name: '155 mm calibre', aliases: [{ text: '155mm' }] }),
  entity({ id: 'cold-war', type: 'event', name: 'Cold War' }),
  entity({
    id: 'un-charter',
    type: 'treaty',
    name: 'Charter of the United Nations',
    aliases: [{ text: 'United Nations Charter' }],
    treaty: { status: 'in-force', articles: [{ number: '51', kind: 'official', text: 'Nothing in the present Charter…' }] },
  }),
  entity({ id: 'nato', type: 'organization', name: 'NATO', aliases: [{ text: 'NATO', caseSensitive: true }] }),
  entity({
    id: 'north-atlantic-treaty',
    type: 'treaty',
    name: 'North Atlantic Treaty',
    relations: [{ type: 'related', target: 'nato' }],
    treaty: { status: 'in-force', articles: [{ number: '5', kind: 'official', text: 'The Parties agree…' }] },
  }),
  ...mutualDefenseTreaties(),
];
const index = buildSpotIndex(kb);

function spot(...blocks: string[]) {
  return spotMentions(index, { blocks }).map((m) => ({
    text: blocks[m.block]!.slice(m.start, m.end),
    id: m.entityId,
    rule: m.reason.rule,
    ...(m.article ? { article: m.article } : {}),
    ...(m.chapter ? { chapter: m.chapter } : {}),
  }));
}

describe('spotMentions', () => {
  it('links plain names, possessives and inflected forms', () => {
    expect(spot("Russian President Vladimir Putin's visit; Putin met Kim Jong-un. South Koreans watched.")).toEqual([
      { text: 'Russian', id: 'russia', rule: 'alias' },
      { text: 'Vladimir Putin', id: 'vladimir-putin', rule: 'alias' },
      { text: 'Putin', id: 'vladimir-putin', rule: 'alias' },
      { text: 'Kim Jong-un', id: 'kim-jong-un', rule: 'alias' },
      { text: 'South Koreans', id: 'south-korea', rule: 'alias' },
    ]);
  });

  it('applies case rules to acronyms and common words', () => {
    const found = spot('Tell us about the US and the U.S. role; KCNA and kcna; a patriot bought Patriot missiles; the cold war.');
    expect(found.map((f) => f.text)).toEqual(['US', 'U.S.', 'KCNA', 'Patriot missiles']);
  });

  it('does not match inside longer words', () => {
    expect(spot('USB drives and Russiagate')).toEqual([]);
  });

  it('needs page context for a generic or ambiguous alias, and marks nothing without it', () => {
    expect(spot('The mutual defense treaty was discussed.')).toEqual([]);
    expect(spot('Patriot batteries arrived.')).toEqual([]);
    const found = spot('Putin travelled to North Korea.', 'Russia and Pyongyang signed a mutual defense treaty.');
    expect(found.find((f) => f.text === 'mutual defense treaty')).toMatchObject({ id: 'russia-dprk-treaty', rule: 'context' });
    const other = spot('South Korea and the United States renewed their mutual defense treaty.');
    expect(other.find((f) => f.text === 'mutual defense treaty')).toMatchObject({ id: 'us-rok-treaty', rule: 'context' });
  });

  it('reads a capital as its government unless a place preposition precedes it', () => {
    expect(spot('Moscow warned Seoul. The leaders met in Pyongyang.')).toEqual([
      { text: 'Moscow', id: 'russia', rule: 'capital-for-government' },
      { text: 'Pyongyang', id: 'pyongyang', rule: 'alias' },
    ]);
  });

  it('keeps a list of places after a place preposition as places', () => {
    expect(spot('Envoys met in Pyongyang, Moscow said.').map((f) => f.id)).toEqual(['pyongyang', 'russia']);
    expect(spot('The message from Pyongyang was clear.').map((f) => f.id)).toEqual(['north-korea']);
    expect(spot('The talks in Pyongyang and Moscow were long. Moscow agreed.')).toEqual([
      { text: 'Pyongyang', id: 'pyongyang', rule: 'alias' },
      { text: 'Moscow', id: 'moscow', rule: 'alias' },
      { text: 'Moscow', id: 'russia', rule: 'capital-for-government' },
    ]);
  });

  it('does not read an acronym in a line of capitals as a name', () => {
    expect(spot('TELL US WHAT YOU THINK')).toEqual([]);
    expect(spot('US TROOPS')).toEqual([]);
    expect(spot('The US and KCNA said')).toHaveLength(2);
  });

  it('links "the pact" back to the last treaty named', () => {
    const found = spot('Russia and North Korea signed a mutual defense treaty.', 'Under the pact, each side must help.');
    expect(found.at(-1)).toEqual({ text: 'the pact', id: 'russia-dprk-treaty', rule: 'anaphora' });
    expect(spot('Under the pact, nobody knows.')).toEqual([]);
  });

  it('widens a treaty mention to a cited article', () => {
    expect(spot('It invoked Article 51 of the United Nations Charter.')).toEqual([
      { text: 'Article 51 of the United Nations Charter', id: 'un-charter', rule: 'treaty-article', article: '51' },
    ]);
  });

  it('matches units written with and without a space', () => {
    expect(spot('155mm howitzer shells').map((f) => f.id)).toEqual(['calibre-155mm']);
  });

  it('prefers the longest match', () => {
    expect(spot('the United Nations Charter').map((f) => f.id)).toEqual(['un-charter']);
  });

  it('reads the treaty-reference grammar', () => {
    expect(spot('Art. 5 of the North Atlantic Treaty and NATO’s Article 5 say the same.')).toEqual([
      { text: 'Art. 5 of the North Atlantic Treaty', id: 'north-atlantic-treaty', rule: 'treaty-article', article: '5' },
      { text: 'NATO’s Article 5', id: 'north-atlantic-treaty', rule: 'treaty-article', article: '5' },
    ]);
    expect(spot('Articles 2 and 51 of the United Nations Charter')[0]).toMatchObject({ article: '2,51' });
    expect(spot('Articles I and II of the United Nations Charter')[0]).toMatchObject({ article: 'I,II' });
    // A list is of one kind of number, and the pronoun "I" is no article (found by review).
    expect(spot('The North Atlantic Treaty binds them. Article 5 and I mean all of it.').at(-1)).toMatchObject({ text: 'Article 5', article: '5' });
    expect(spot('The North Atlantic Treaty binds them. Articles V and I think VI apply.').at(-1)).toMatchObject({ text: 'Articles V', article: 'V' });
    expect(spot('Russia and North Korea signed a mutual defense treaty.', 'Article 4 of the treaty binds both.').at(-1)).toEqual({
      text: 'Article 4 of the treaty',
      id: 'russia-dprk-treaty',
      rule: 'treaty-article',
      article: '4',
    });
  });

  it('links a bare "Chapter VII" to the UN Charter only when the page is about the UN', () => {
    expect(spot('Chapter VII of the United Nations Charter allows force.')[0]).toMatchObject({ id: 'un-charter', chapter: 'VII' });
    expect(spot('The U.N. acted under Chapter VII.').at(-1)).toMatchObject({ text: 'Chapter VII', id: 'un-charter', chapter: 'VII' });
    expect(spot('Chapter VII of the novel ends here.')).toEqual([]);
  });

  it('marks treaty-shaped names that the KB does not hold, but not a lone "Treaty"', () => {
    expect(spot('They cited the Treaty of Rarotonga and the Outer Space Treaty.')).toEqual([
      { text: 'Treaty of Rarotonga', id: null, rule: 'treaty-name' },
      { text: 'Outer Space Treaty', id: null, rule: 'treaty-name' },
    ]);
    expect(spot('The Treaty was signed. A treaty was signed.')).toEqual([]);
    expect(spot('the Treaty on the Non-Proliferation of Nuclear Weapons')[0]).toMatchObject({ text: 'Treaty on the Non-Proliferation of Nuclear Weapons', id: null });
  });

  it('reads capitals by how they are used', () => {
    const ids = (text: string) => spot(text).map((f) => `${f.text}:${f.id}`);
    expect(ids('Rubio would visit Tokyo and Moscow next month.')).toEqual(['Tokyo:tokyo', 'Moscow:moscow']);
    expect(ids('They kept channels open to Moscow. A Tokyo newspaper agreed.')).toEqual(['Moscow:russia', 'Tokyo:tokyo']);
    expect(ids('Officials in Tokyo were alarmed, while troops massed outside Moscow.')).toEqual(['Tokyo:japan', 'Moscow:moscow']);
    expect(ids('Pacific Wire staff · Tokyo and Moscow · October 31')).toEqual(['Tokyo:tokyo', 'Moscow:moscow']);
  });

  it('does not mark a known name inside a larger unknown name', () => {
    expect(spot('Chad Whitmore served soup; the Patriot Act passed; Moscow Metro closed.')).toEqual([]);
    expect(spot('Chad and Russia signed; Russian President Vladimir Putin spoke.').map((f) => f.id)).toEqual(['chad', 'russia', 'russia', 'vladimir-putin']);
    // In a Title Case headline capitals say nothing, so the rule stands down.
    expect(spot('A Warning Shot Aimed At Tokyo').map((f) => f.id)).toEqual(['japan']);
  });

  it('refers back to the treaty the page is about, and reads bare article numbers against it', () => {
    const found = spot(
      'Russia and North Korea signed a mutual defense treaty; that mutual defense treaty took effect in December.',
      'Both cited Article 51 of the United Nations Charter, but the treaty goes further.',
      'Article 4 binds both sides; the convention on genocide is another matter.',
    );
    expect(found.find((f) => f.text === 'the treaty')?.id).toBe('russia-dprk-treaty');
    expect(found.find((f) => f.text === 'Article 4')).toMatchObject({ id: 'russia-dprk-treaty', article: '4' });
    // "the convention" needs a treaty named with that word earlier on the page.
    expect(found.some((f) => f.text === 'the convention')).toBe(false);
    expect(spot('The Genocide Convention binds states.', 'Under the convention, states must act.').at(-1)).toMatchObject({ text: 'the convention', id: 'genocide-convention' });
  });
});
