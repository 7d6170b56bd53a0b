/**
 * What Newslens must find on tests/fixtures/pages/demo-article.html: every kind of mention listed
 * in the project's seed list (/work/shared/reference/seed-mentions.md), as written in the fixture,
 * with the entity it must link to.
 */

export interface ExpectedMention {
  /** The words as written on the page (whitespace collapsed). */
  phrase: string;
  /**
   * The part of `phrase` a mark must cover ("Putin" in "Putin's", "155mm" in "155mm howitzer");
   * a mark may cover more, up to the whole phrase. Defaults to `phrase`. It is also what the
   * pointer rests on to open the card.
   */
  core?: string;
  /** A unique longer phrase on the page that pins down which occurrence is meant. */
  within?: string;
  /** id of the paragraph (or other element) the occurrence is in. */
  container: string;
  type: string;
  entityId: string;
}

const RUSSIA_DPRK_TREATY = 'russia-dprk-comprehensive-strategic-partnership-treaty';

export const DEMO_SEED_MENTIONS: readonly ExpectedMention[] = [
  // People
  { phrase: 'Russian President Vladimir Putin', core: 'Vladimir Putin', container: 'lede', type: 'person', entityId: 'vladimir-putin' },
  { phrase: 'Vladimir Putin', within: 'Vladimir Putin is betting', container: 'closing', type: 'person', entityId: 'vladimir-putin' },
  { phrase: 'Putin', within: 'after Putin and Kim', container: 'treaty', type: 'person', entityId: 'vladimir-putin' },
  { phrase: "Putin's", core: 'Putin', within: "Putin's gamble", container: 'closing', type: 'person', entityId: 'vladimir-putin' },
  { phrase: 'Kim Jong Un', within: 'Putin and Kim Jong Un signed', container: 'treaty', type: 'person', entityId: 'kim-jong-un' },
  { phrase: 'Kim Jong Un', within: 'Kim Jong Un intends', container: 'closing', type: 'person', entityId: 'kim-jong-un' },
  { phrase: 'Maria Zakharova', container: 'zakharova', type: 'person', entityId: 'maria-zakharova' },

  // Countries, capitals standing for governments, places
  { phrase: 'Russia', within: 'that Russia would answer', container: 'lede', type: 'country', entityId: 'russia' },
  { phrase: 'Russian', within: 'where Russian and Ukrainian', container: 'weapons', type: 'country', entityId: 'russia' },
  { phrase: 'Moscow', within: 'Moscow warned', container: 'zakharova', type: 'country', entityId: 'russia' },
  { phrase: 'South Korea', within: 'blunt message for South Korea', container: 'lede', type: 'country', entityId: 'south-korea' },
  { phrase: 'South Koreans', container: 'public', type: 'country', entityId: 'south-korea' },
  { phrase: 'Seoul', within: 'Seoul has so far refused', container: 'seoul', type: 'country', entityId: 'south-korea' },
  { phrase: 'North Korea', within: 'North Korea published', container: 'kcna', type: 'country', entityId: 'north-korea' },
  { phrase: 'Pyongyang', within: 'treaty in Pyongyang', container: 'treaty', type: 'place', entityId: 'pyongyang' },
  { phrase: 'Ukraine', within: 'lethal weapons to Ukraine', container: 'lede', type: 'country', entityId: 'ukraine' },
  { phrase: 'Vietnam', container: 'lede', type: 'country', entityId: 'vietnam' },
  { phrase: 'Poland', container: 'seoul', type: 'country', entityId: 'poland' },
  { phrase: 'Germany', container: 'weapons', type: 'country', entityId: 'germany' },
  { phrase: 'Japan', within: 'Japan, bound by', container: 'weapons', type: 'country', entityId: 'japan' },
  { phrase: 'US', within: 'to the US, which', container: 'seoul', type: 'country', entityId: 'united-states' },
  { phrase: 'Washington', within: 'Washington has provided', container: 'weapons', type: 'country', entityId: 'united-states' },
  { phrase: 'Kherson', container: 'weapons', type: 'place', entityId: 'kherson' },

  // Organisations
  { phrase: 'Korean Central News Agency', container: 'kcna', type: 'organization', entityId: 'kcna' },
  { phrase: 'KCNA', within: 'reported by KCNA', container: 'kcna', type: 'organization', entityId: 'kcna' },
  { phrase: 'United Nations', within: 'the United Nations can', container: 'article51', type: 'organization', entityId: 'united-nations' },
  { phrase: 'U.N.', within: 'U.N. sanctions', container: 'article51', type: 'organization', entityId: 'united-nations' },
  { phrase: 'Russian Foreign Ministry', container: 'zakharova', type: 'organization', entityId: 'russian-foreign-ministry' },
  { phrase: 'Office of the President of Russia', container: 'zakharova', type: 'organization', entityId: 'presidential-administration-of-russia' },
  { phrase: 'Ipsos', container: 'public', type: 'organization', entityId: 'ipsos' },

  // Treaties and treaty references
  { phrase: 'Article 51 of the United Nations Charter', container: 'article51', type: 'treaty', entityId: 'un-charter' },
  { phrase: 'mutual defense treaty', container: 'treaty', type: 'treaty', entityId: RUSSIA_DPRK_TREATY },
  { phrase: 'the agreement', within: 'Under the agreement', container: 'treaty', type: 'treaty', entityId: RUSSIA_DPRK_TREATY },
  { phrase: 'the pact', within: 'the pact also covers', container: 'kcna', type: 'treaty', entityId: RUSSIA_DPRK_TREATY },

  // Weapons and military terms
  { phrase: 'HIMARS', container: 'weapons', type: 'weapon', entityId: 'm142-himars' },
  { phrase: 'Patriot missiles', core: 'Patriot', container: 'weapons', type: 'weapon', entityId: 'mim-104-patriot' },
  { phrase: '155mm howitzer', core: '155mm', container: 'seoul', type: 'term', entityId: 'calibre-155mm' },
  { phrase: '155mm artillery ammunition', core: '155mm', container: 'seoul', type: 'term', entityId: 'calibre-155mm' },

  // Events
  { phrase: 'the war in Ukraine', core: 'war in Ukraine', container: 'weapons', type: 'event', entityId: 'russian-invasion-of-ukraine' },
  { phrase: 'Cold War', container: 'treaty', type: 'event', entityId: 'cold-war' },
];

/** Elements of the demo article that must carry no mark at all. */
export const DEMO_UNMARKED_CONTAINERS = ['housekeeping'] as const;
