/**
 * Synthetic knowledge-base records for tests and benchmarks (10k, 100k, 1M…), deterministic for
 * a seed and generated one at a time (flat memory). The alias mix imitates the real pack:
 * multi-word names, surnames shared by many people (needsContext), acronyms (caseSensitive, and
 * needsContext when short enough to collide), generic phrases shared by treaties (needsContext).
 * Every record passes the schema and the set passes the integrity check: names are built from a
 * bijective encoding of the record number, so two entities never share an unmarked alias, and
 * relations only point at earlier records.
 */
import type { EntityRecord, EntityType } from '../shared/kb-schema';
import { createPrng, type Prng } from './prng';

const SYLLABLES = ['ka', 'lo', 'mi', 'ran', 'tel', 'vo', 'su', 'den', 'bar', 'zi', 'no', 'pet', 'ov', 'an', 'ish', 'gor'];
const ORG_KINDS = ['Ministry of Defence', 'National Bank', 'News Agency', 'Party', 'Armed Forces', 'Institute', 'Union', 'Council'];
const EVENT_KINDS = ['War', 'Crisis', 'Summit', 'Offensive', 'Uprising', 'Election'];
const WEAPON_KINDS = ['howitzer', 'tank', 'missile', 'drone', 'air defence system', 'rifle'];
const GENERIC_TREATY = ['mutual defense treaty', 'peace agreement', 'trade pact', 'the accord'];
const OFFICES = ['President', 'Prime Minister', 'Foreign Minister', 'Defence Minister', 'Spokesperson', 'Chair'];

/** Type shares (sum 1), roughly those of an international-news KB. */
const TYPE_SHARES: [EntityType, number][] = [
  ['person', 0.4],
  ['place', 0.2],
  ['organization', 0.15],
  ['event', 0.08],
  ['weapon', 0.07],
  ['term', 0.05],
  ['country', 0.03],
  ['treaty', 0.02],
];

/** A unique capitalised word for each n (bijective base-16 syllable encoding, at least two syllables). */
export function wordFor(n: number): string {
  let w = '';
  let x = n + 16; // at least two syllables
  while (x > 0) {
    w = SYLLABLES[x % 16]! + w;
    x = Math.floor(x / 16);
  }
  return w[0]!.toUpperCase() + w.slice(1);
}

function pickType(rng: Prng): EntityType {
  let r = rng.next();
  for (const [t, share] of TYPE_SHARES) {
    if ((r -= share) < 0) return t;
  }
  return 'term';
}

function date(rng: Prng, from: number, span: number): string {
  const y = from + rng.int(span);
  return `${y}-${String(1 + rng.int(12)).padStart(2, '0')}-${String(1 + rng.int(28)).padStart(2, '0')}`;
}

export interface SyntheticOptions {
  seed?: number;
  checked?: string;
}

/** Yields `count` records. Record i only relates to records < i, so any prefix is consistent. */
export function* syntheticRecords(count: number, options: SyntheticOptions = {}): Generator<EntityRecord> {
  const rng = createPrng(options.seed ?? 1);
  const checked = options.checked ?? '2026-11-29';
  const source = { title: 'Synthetic test data (npm run kb -- synth)' };
  const earlier = (i: number) => `syn-${rng.int(i)}`;
  for (let i = 0; i < count; i++) {
    const type = pickType(rng);
    // Distinct number spaces per record: names never collide across records.
    const w = wordFor(i * 2);
    const w2 = wordFor(i * 2 + 1);
    const rec: EntityRecord = {
      id: `syn-${i}`,
      type,
      name: w,
      description: `Synthetic ${type} number ${i}.`,
      aliases: [],
      facts: [],
      relations: [],
      links: {},
      prominence: Math.round(rng.next() ** 3 * 100) / 100,
      sources: [source],
      checked,
    };
    switch (type) {
      case 'person': {
        // Surnames come from a small pool, so many people share one: it needs context.
        const surname = wordFor(100_000 + rng.int(2000));
        rec.name = `${w} ${surname}`;
        rec.aliases = [{ text: rec.name }, { text: surname, needsContext: true }];
        if (rng.chance(0.3)) rec.aliases.push({ text: `${w[0]}. ${surname}`, needsContext: true });
        const from = date(rng, 1990, 35);
        const ended = rng.chance(0.4);
        rec.facts.push({ label: 'Office', value: rng.pick(OFFICES), from, ...(ended && { to: `${Number(from.slice(0, 4)) + 1 + rng.int(5)}` }), asOf: '2025-06-01', source });
        if (i > 0) rec.relations.push({ type: 'office-in', target: earlier(i), from });
        break;
      }
      case 'organization': {
        rec.name = `${w} ${rng.pick(ORG_KINDS)}`;
        const acronym = rec.name.split(' ').map((x) => x[0]).join('').toUpperCase();
        rec.aliases = [{ text: rec.name }, { text: acronym, caseSensitive: true, needsContext: true }];
        rec.facts.push({ label: 'Founded', value: date(rng, 1900, 120), asOf: '2025-06-01', source });
        break;
      }
      case 'place':
      case 'country':
        rec.name = type === 'country' ? `Republic of ${w}` : w;
        rec.aliases = [{ text: rec.name }];
        if (type === 'country') rec.aliases.push({ text: w }, { text: `${w}ian` });
        if (i > 0 && type === 'place') rec.relations.push({ type: 'located-in', target: earlier(i) });
        break;
      case 'event': {
        rec.name = `${w} ${rng.pick(EVENT_KINDS)}`;
        const from = date(rng, 1900, 125);
        rec.aliases = [{ text: rec.name }];
        rec.facts.push({ label: 'Began', value: from, from, asOf: '2025-06-01', source });
        if (i > 0) rec.relations.push({ type: 'located-in', target: earlier(i) });
        break;
      }
      case 'weapon': {
        const code = `${w2.slice(0, 2).toUpperCase()}-${i}`;
        rec.name = `${code} ${w}`;
        rec.description = `Synthetic ${rng.pick(WEAPON_KINDS)} number ${i}.`;
        rec.aliases = [{ text: rec.name }, { text: code, caseSensitive: true }, { text: w }];
        if (i > 0) rec.relations.push({ type: 'operated-by', target: earlier(i) });
        break;
      }
      case 'treaty': {
        rec.name = `Treaty of ${w}`;
        const signed = date(rng, 1945, 80);
        rec.aliases = [{ text: rec.name }, { text: rng.pick(GENERIC_TREATY), needsContext: true }];
        rec.treaty = {
          signed,
          status: rng.pick(['in-force', 'terminated', 'suspended'] as const),
          parties: i > 1 ? [earlier(i), earlier(i)].filter((p, k, all) => all.indexOf(p) === k) : [],
          articles: [{ number: '1', kind: 'summary', text: `The parties to the ${rec.name} agree to synthetic terms.` }],
        };
        break;
      }
      default:
        rec.name = `${w} doctrine`;
        rec.aliases = [{ text: rec.name }];
    }
    yield rec;
  }
}
