/**
 * Builds country, territory and capital records from two inputs:
 * - the npm package i18n-iso-countries (MIT): English names, alternative names, ISO 3166-1
 *   alpha-2/alpha-3/numeric codes;
 * - our hand-written table kb/country-data/countries.yaml: Wikidata ids, demonyms, capitals, UN
 *   admission, alliance memberships, alias case and context rules, a short description.
 *
 * Merge rule with the hand-written sources: a record written by hand in kb/sources (matched by id,
 * or by Wikidata id) wins whole and is not generated; its capital is still generated when no
 * hand-written place covers it. Pure: file reading and writing happen in
 * scripts/kb/generate-countries.ts.
 */
import { z } from 'zod';
import { normalizeAlias } from './normalize-alias';
import type { Alias, EntityRecordInput, Fact, Relation, SourceRef } from '../shared/kb-schema';

/** Date up to which the hand-written table was checked (the knowledge cut-off it was written at). */
export const COUNTRY_TABLE_AS_OF = '2025-06-01';

const DateOrYear = z.union([z.number().int(), z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/)]).transform(String);

export const CountryRow = z.object({
  id: z.string().optional(),
  type: z.enum(['country', 'place']).default('country'),
  name: z.string().optional(),
  off: z.string().optional(),
  alt: z.array(z.string()).default([]),
  cs: z.array(z.string()).default([]),
  ctx: z.array(z.string()).default([]),
  codes: z.array(z.string()).default([]),
  q: z.string().regex(/^Q\d+$/),
  in: z.string().min(1),
  un: DateOrYear.optional(),
  obs: DateOrYear.optional(),
  terr: z.string().optional(),
  cap: z.string().optional(),
  capQ: z.string().regex(/^Q\d+$/).optional(),
  capAlt: z.array(z.string()).default([]),
  capCtx: z.boolean().default(false),
  /** false: the capital is not written for the government in news (Brussels means the EU). */
  capRel: z.boolean().default(true),
  dem: z.array(z.string()).default([]),
  nato: DateOrYear.optional(),
  eu: DateOrYear.optional(),
  g20: DateOrYear.optional(),
  g7: DateOrYear.optional(),
  note: z.string().optional(),
  /** First words of the description when "Country"/"Territory" would say too much or too little. */
  what: z.string().optional(),
  wp: z.string().optional(),
  /** Heads of state and government as of COUNTRY_TABLE_AS_OF: [label, name, person id, from]. */
  heads: z.array(z.tuple([z.string(), z.string(), z.string(), DateOrYear])).default([]),
  prom: z.number().min(0).max(1).optional(),
});
export type CountryRow = z.infer<typeof CountryRow>;
export const CountryTable = z.record(z.string().regex(/^[A-Z]{2}$/), CountryRow);

/** What the generator needs from i18n-iso-countries for one code. */
export interface IsoEntry {
  alpha2: string;
  alpha3: string;
  numeric: string;
  /** English names as the package lists them, official or common first. */
  names: string[];
}

/** What is already written by hand (kb/sources/*.yaml other than generated files). */
export interface HandWritten {
  ids: ReadonlySet<string>;
  /** Wikidata id → record id. */
  byWikidata: ReadonlyMap<string, string>;
}

export interface GenerateOptions {
  checked: string;
  packageVersion: string;
}

export interface GeneratedCountries {
  records: EntityRecordInput[];
  /** Codes whose country record was left to a hand-written one. */
  skipped: { code: string; id: string }[];
}

export function slugify(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['’ʻ.]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Package names we do not take as aliases: inverted ("Korea, Republic of") or annotated forms. */
function usableName(name: string): boolean {
  return !/[,()]/.test(name) && !isCode(name);
}

/** "US", "U.S.A.", "UAE": all-capital short forms; only the ones in the table's `codes` are used. */
function isCode(text: string): boolean {
  const letters = text.replace(/\./g, '');
  return /^[A-Z]{2,4}$/.test(letters);
}

/** "the United Arab Emirates", "the Philippines", but "Japan". */
export function withArticle(name: string): string {
  const the = /^(United |Republic |Democratic |Czech Republic|Central African|Dominican|Federated )|Islands$|^(Netherlands|Philippines|Bahamas|Maldives|Comoros|Seychelles)$/;
  return the.test(name) ? `the ${name}` : name;
}

function wikipediaUrl(title: string): string {
  return `https://en.wikipedia.org/wiki/${encodeURI(title.replace(/ /g, '_'))}`;
}

const UN_MEMBERS: SourceRef = { title: 'United Nations: Member States', url: 'https://www.un.org/en/about-us/member-states' };
const CAPITALS: SourceRef = { title: 'Wikipedia: List of national capitals', url: 'https://en.wikipedia.org/wiki/List_of_national_capitals' };

/** Short display form for a date or year in descriptions. */
function yearOf(date: string): string {
  return date.slice(0, 4);
}

function buildAliases(texts: string[], row: CountryRow): Alias[] {
  const seen = new Set<string>();
  const aliases: Alias[] = [];
  const cs = new Set(row.cs);
  const ctx = new Set(row.ctx);
  for (const text of texts) {
    const key = `${normalizeAlias(text)}|${text}`;
    if (!text.trim() || seen.has(key)) continue;
    seen.add(key);
    const alias: Alias = { text };
    if (cs.has(text) || row.codes.includes(text)) alias.caseSensitive = true;
    if (ctx.has(text)) alias.needsContext = true;
    aliases.push(alias);
  }
  // Drop a case-insensitive duplicate of an earlier alias ("Czechia" twice via package and table).
  const byKey = new Map<string, Alias>();
  return aliases.filter((a) => {
    const k = normalizeAlias(a.text) + (a.caseSensitive ? `|${a.text}` : '');
    if (byKey.has(k)) return false;
    byKey.set(k, a);
    return true;
  });
}

export function generateCountries(
  table: Record<string, CountryRow>,
  iso: ReadonlyMap<string, IsoEntry>,
  hand: HandWritten,
  options: GenerateOptions,
): GeneratedCountries {
  const records: EntityRecordInput[] = [];
  const skipped: { code: string; id: string }[] = [];
  const generatedIds = new Set<string>();
  const packageSource: SourceRef = {
    title: `i18n-iso-countries ${options.packageVersion} (English names, ISO 3166-1 codes)`,
    url: 'https://www.npmjs.com/package/i18n-iso-countries',
    retrieved: options.checked,
  };

  for (const [code, row] of Object.entries(table).sort(([a], [b]) => a.localeCompare(b))) {
    const entry = iso.get(code);
    if (!entry) throw new Error(`country table: ${code} is not an ISO 3166-1 code known to i18n-iso-countries`);
    const usable = entry.names.filter(usableName);
    const shortest = [...usable].sort((a, b) => a.length - b.length)[0];
    const name = row.name ?? shortest ?? entry.names[0]!;
    const id = row.id ?? hand.byWikidata.get(row.q) ?? slugify(name);
    const countrySource: SourceRef = { title: 'Wikidata', wikidata: row.q };
    const handCountry = hand.ids.has(id) || hand.byWikidata.has(row.q);
    if (handCountry) skipped.push({ code, id });

    // The capital first, so the country can point at it.
    let capitalId: string | undefined;
    if (row.cap) {
      const handCapital = row.capQ ? hand.byWikidata.get(row.capQ) : undefined;
      capitalId = handCapital ?? slugify(row.cap);
      if (!handCapital && hand.ids.has(capitalId)) capitalId = undefined; // same id, other entity: leave it
      if (capitalId && !handCapital && !generatedIds.has(capitalId)) {
        generatedIds.add(capitalId);
        const relations: Relation[] = [];
        if (row.capRel) relations.push({ type: 'capital-of', target: id });
        relations.push({ type: 'located-in', target: id });
        records.push({
          id: capitalId,
          type: 'place',
          name: row.cap,
          description: `Capital of ${withArticle(name)}.`,
          aliases: buildAliases([row.cap, ...row.capAlt], row).map((a) => (row.capCtx ? { ...a, needsContext: true } : a)),
          relations,
          links: row.capQ ? { wikidata: row.capQ } : {},
          prominence: Math.max(0.1, Math.min(0.8, (row.prom ?? 0.4) - 0.1)),
          sources: row.capQ ? [{ title: 'Wikidata', wikidata: row.capQ }, CAPITALS] : [CAPITALS],
          checked: options.checked,
        });
      }
    }
    if (handCountry) continue;
    if (generatedIds.has(id)) throw new Error(`country table: id ${id} generated twice`);
    generatedIds.add(id);

    const aliasTexts = [name, ...usable, ...(row.off ? [row.off] : []), ...row.alt, ...row.codes, ...row.dem];
    const facts: Fact[] = [
      {
        label: 'ISO 3166-1 codes',
        value: `${entry.alpha2} / ${entry.alpha3} / ${entry.numeric}`,
        asOf: options.checked,
        source: packageSource,
      },
    ];
    if (row.off) facts.push({ label: 'Official name', value: row.off, asOf: COUNTRY_TABLE_AS_OF, source: countrySource });
    if (row.cap && capitalId) {
      facts.push({ label: 'Capital', value: row.cap, valueId: capitalId, asOf: COUNTRY_TABLE_AS_OF, source: CAPITALS });
    }
    for (const [label, person, personId, from] of row.heads) {
      facts.push({ label, value: person, valueId: personId, from, asOf: COUNTRY_TABLE_AS_OF, source: countrySource });
    }
    if (row.obs) {
      facts.push({
        label: 'UN status',
        value: 'Non-member observer state',
        from: row.obs,
        asOf: COUNTRY_TABLE_AS_OF,
        source: UN_MEMBERS,
      });
    }

    const relations: Relation[] = [];
    if (row.un) relations.push({ type: 'member-of', target: 'united-nations', from: row.un });
    if (row.nato) relations.push({ type: 'member-of', target: 'nato', from: row.nato });
    if (row.eu) relations.push({ type: 'member-of', target: 'european-union', from: row.eu });
    if (row.g7) relations.push({ type: 'member-of', target: 'g7', from: row.g7 });
    if (row.g20) relations.push({ type: 'member-of', target: 'g20', from: row.g20 });

    const what = row.what ?? (row.terr ? (row.type === 'place' ? 'Territory' : 'Partly recognised state') : 'Country');
    const sentences = [
      `${what} in ${row.in}${row.cap && capitalId ? `, with its capital at ${row.cap}` : ''}.`,
      row.terr,
      row.un ? `A UN member since ${yearOf(row.un)}.` : undefined,
      row.note,
    ].filter(Boolean);

    const sources: SourceRef[] = [countrySource, packageSource];
    if (row.un || row.obs) sources.push(UN_MEMBERS);
    records.push({
      id,
      type: row.type,
      name,
      description: sentences.join(' '),
      aliases: buildAliases(aliasTexts, row),
      facts,
      relations,
      links: { wikidata: row.q, wikipedia: wikipediaUrl(row.wp ?? name) },
      prominence: row.prom ?? 0.3,
      sources,
      checked: options.checked,
    });
  }
  return { records, skipped };
}
