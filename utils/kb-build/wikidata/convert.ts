/**
 * Turns one Wikidata entity (dump JSON) into a Newslens EntityRecord, or says why not. Pure.
 *
 * Rules that keep the KB's promises:
 * - deprecated statements are ignored; for single-valued properties (country, inception, point in
 *   time…) a preferred statement wins over normal ones;
 * - "somevalue"/"novalue" snaks, and values of datatypes we do not use, are skipped;
 * - an office (P39) becomes a fact only with a start (P580) or end (P582) qualifier: the KB never
 *   states an office without a date;
 * - times are kept at their precision (year, month or day); coarser precisions and pre-Gregorian
 *   day dates are dropped rather than guessed.
 * Values that name another entity keep its QID as `valueId` (`q123`); the optional resolve pass
 * (resolve.ts) replaces the QID with the label when that entity is in the output.
 */
import type { Alias, EntityRecordInput, EntityType, Fact, Relation, SourceRef } from '../../shared/kb-schema';
import { normalizeAlias } from '../normalize-alias';
import type { WdEntity, WdEntityIdValue, WdQuantityValue, WdSnak, WdStatement, WdTimeValue } from './wikidata-json';

/** Class QID → entity type. Classes may be given on the command line with --map Q123=weapon. */
export const DEFAULT_TYPE_MAP: Readonly<Record<string, EntityType>> = {
  Q5: 'person', // human
  Q6256: 'country', // country
  Q3624078: 'country', // sovereign state
  Q515: 'place', // city
  Q5119: 'place', // capital
  Q486972: 'place', // human settlement
  Q43229: 'organization', // organization
  Q484652: 'organization', // international organization
  Q7278: 'organization', // political party
  Q131569: 'treaty', // treaty
  Q728: 'weapon', // weapon
  Q15142894: 'weapon', // weapon model
  Q1190554: 'event', // occurrence
  Q1656682: 'event', // event
  Q198: 'event', // war
  Q178561: 'event', // battle
};

const GREGORIAN = 'http://www.wikidata.org/entity/Q1985727';

export interface ConvertOptions {
  /** Classes to keep (P31 instance of / P279 subclass of, direct statements only). */
  types: ReadonlySet<string>;
  typeMap: Readonly<Record<string, EntityType>>;
  /** Label/alias/description languages, most preferred first. */
  langs: readonly string[];
  /** `checked` date written on every record (the dump's date or today). */
  checked: string;
}

export type ConvertResult =
  | { ok: true; record: EntityRecordInput }
  | { ok: false; reason: 'not-item' | 'not-in-classes' | 'no-label' | 'no-type' };

/** Wikidata QID → Newslens id. Derived from the QID alone so relations can be written in one pass. */
export function qidToId(qid: string): string {
  return qid.toLowerCase();
}

/** "+2012-05-07T00:00:00Z" at precision 11 → "2012-05-07"; 10 → "2012-05"; 9 → "2012". */
export function wikidataTime(value: WdTimeValue): string | undefined {
  const m = /^([+-])(\d{1,16})-(\d{2})-(\d{2})T/.exec(value.time);
  if (!m || m[1] === '-') return undefined;
  const year = m[2]!.replace(/^0+(?=\d{4})/, '');
  if (year.length !== 4) return undefined;
  if (value.precision < 9) return undefined; // decade, century…: too coarse to state
  if (value.precision === 9) return year;
  // A Julian-calendar date is kept at year precision only; converting it is not our business.
  const julian = value.calendarmodel !== undefined && value.calendarmodel !== GREGORIAN;
  const [month, day] = [m[3]!, m[4]!];
  if (julian || month === '00') return year;
  if (value.precision === 10 || day === '00') return `${year}-${month}`;
  return `${year}-${month}-${day}`;
}

function snakItem(snak: WdSnak | undefined): string | undefined {
  if (!snak || snak.snaktype !== 'value' || snak.datavalue?.type !== 'wikibase-entityid') return undefined;
  const v = snak.datavalue.value as WdEntityIdValue;
  const id = v.id ?? (v['numeric-id'] !== undefined ? `Q${v['numeric-id']}` : undefined);
  return id && /^Q\d+$/.test(id) ? id : undefined;
}

function snakTime(snak: WdSnak | undefined): string | undefined {
  if (!snak || snak.snaktype !== 'value' || snak.datavalue?.type !== 'time') return undefined;
  return wikidataTime(snak.datavalue.value as WdTimeValue);
}

function qualifierTime(st: WdStatement, property: string): string | undefined {
  for (const q of st.qualifiers?.[property] ?? []) {
    const t = snakTime(q);
    if (t) return t;
  }
  return undefined;
}

/** Non-deprecated statements; preferred ones only, if there are any (single-valued properties). */
function best(statements: readonly WdStatement[] | undefined): WdStatement[] {
  const live = (statements ?? []).filter((s) => s.rank !== 'deprecated');
  const preferred = live.filter((s) => s.rank === 'preferred');
  return preferred.length ? preferred : live;
}

/** Every non-deprecated statement (multi-valued properties: offices held, signatories). */
function live(statements: readonly WdStatement[] | undefined): WdStatement[] {
  return (statements ?? []).filter((s) => s.rank !== 'deprecated');
}

function classesOf(entity: WdEntity, property: 'P31' | 'P279'): string[] {
  return live(entity.claims?.[property]).map((s) => snakItem(s.mainsnak)).filter((q): q is string => !!q);
}

/** Acronyms ("NATO", "KCNA", "S-400") only match as written. */
function isAcronym(text: string): boolean {
  return /^[A-Z0-9][A-Z0-9.\-&]{1,9}$/.test(text) && /[A-Z]/.test(text);
}

function prominenceFromSitelinks(n: number): number {
  // 0 sitelinks → 0.05; ~30 → 0.6; 300+ → 1.
  return Math.round(Math.min(1, 0.05 + Math.log10(1 + n) / 2.6) * 100) / 100;
}

function formatAmount(q: WdQuantityValue): string | undefined {
  const n = Number(q.amount);
  if (!Number.isFinite(n)) return undefined;
  return n.toLocaleString('en-US');
}

export function convertEntity(entity: WdEntity, options: ConvertOptions): ConvertResult {
  if (entity.type !== 'item' || !/^Q\d+$/.test(entity.id)) return { ok: false, reason: 'not-item' };
  const instanceOf = classesOf(entity, 'P31');
  const subclassOf = classesOf(entity, 'P279');
  const matched = [...instanceOf, ...subclassOf].filter((q) => options.types.has(q));
  if (matched.length === 0) return { ok: false, reason: 'not-in-classes' };
  const type = [...instanceOf, ...subclassOf].map((q) => options.typeMap[q]).find((t) => t !== undefined);
  if (!type) return { ok: false, reason: 'no-type' };

  const label = [...options.langs, 'mul'].map((l) => entity.labels?.[l]?.value).find((v) => v && v.trim());
  if (!label) return { ok: false, reason: 'no-label' };

  const qid = entity.id;
  const asOfEdit = entity.modified?.slice(0, 10) ?? options.checked;
  const source: SourceRef = { title: 'Wikidata', wikidata: qid, url: `https://www.wikidata.org/wiki/${qid}`, retrieved: asOfEdit };

  // Aliases: the label and the aliases in each chosen language, plus official names (P1448).
  const texts: string[] = [];
  for (const lang of options.langs) {
    const l = entity.labels?.[lang]?.value;
    if (l) texts.push(l);
    for (const a of entity.aliases?.[lang] ?? []) texts.push(a.value);
  }
  if (!texts.length) texts.push(label);
  for (const st of best(entity.claims?.P1448)) {
    const v = st.mainsnak.snaktype === 'value' && st.mainsnak.datavalue?.type === 'monolingualtext'
      ? (st.mainsnak.datavalue.value as { text: string; language: string })
      : undefined;
    if (v && options.langs.includes(v.language)) texts.push(v.text);
  }
  const seen = new Set<string>();
  const aliases: Alias[] = [];
  for (const raw of texts) {
    const text = raw.trim();
    // Two-letter aliases ("RU") mark too much ordinary text; the label itself is always kept.
    if (!text || text.length > 200 || (text.length < 3 && text !== label)) continue;
    const key = normalizeAlias(text) + (isAcronym(text) ? `|${text}` : '');
    if (seen.has(key)) continue;
    seen.add(key);
    aliases.push(isAcronym(text) ? { text, caseSensitive: true } : { text });
  }

  const facts: Fact[] = [];
  const relations: Relation[] = [];
  const claims = entity.claims ?? {};

  // P39 position held: every live statement, dated by its qualifiers, or dropped.
  for (const st of live(claims.P39)) {
    const position = snakItem(st.mainsnak);
    const from = qualifierTime(st, 'P580');
    const to = qualifierTime(st, 'P582');
    if (!position || (!from && !to)) continue;
    facts.push({ label: 'Position held', value: position, valueId: qidToId(position), ...(from && { from }), ...(to && { to }), asOf: to ?? asOfEdit, source });
  }
  // P17 country (single-valued): a fact and a relation.
  for (const st of best(claims.P17).slice(0, 1)) {
    const country = snakItem(st.mainsnak);
    if (!country) continue;
    facts.push({ label: 'Country', value: country, valueId: qidToId(country), asOf: asOfEdit, source });
    if (qidToId(country) !== qidToId(qid)) relations.push({ type: type === 'place' || type === 'event' ? 'located-in' : 'related', target: qidToId(country) });
  }
  // Dates of the entity itself.
  const dated: [property: string, label: string, bound: 'from' | 'to' | 'none'][] = [
    ['P571', 'Inception', 'from'],
    ['P576', 'Dissolved', 'to'],
    ['P580', 'Start', 'from'],
    ['P582', 'End', 'to'],
    ['P585', 'Date', 'from'],
    ['P569', 'Born', 'none'],
    ['P570', 'Died', 'none'],
  ];
  for (const [property, factLabel, bound] of dated) {
    const t = best(claims[property]).map((s) => snakTime(s.mainsnak)).find((x) => x);
    if (!t) continue;
    facts.push({ label: factLabel, value: t, ...(bound === 'from' && { from: t }), ...(bound === 'to' && { to: t }), asOf: asOfEdit, source });
  }
  // P1082 population (quantity), dated by its point-in-time qualifier or not at all.
  for (const st of best(claims.P1082).slice(0, 1)) {
    const when = qualifierTime(st, 'P585');
    const q = st.mainsnak.snaktype === 'value' && st.mainsnak.datavalue?.type === 'quantity' ? (st.mainsnak.datavalue.value as WdQuantityValue) : undefined;
    const amount = q && formatAmount(q);
    if (amount && when) facts.push({ label: 'Population', value: amount, asOf: when, source });
  }
  // P463 member of (organisations, countries): a relation with its dates.
  for (const st of live(claims.P463)) {
    const org = snakItem(st.mainsnak);
    const from = qualifierTime(st, 'P580');
    const to = qualifierTime(st, 'P582');
    if (org && from) relations.push({ type: 'member-of', target: qidToId(org), from, ...(to && { to }) });
  }
  // P1891 signatory (treaties): parties, with the signing date when given.
  const parties: string[] = [];
  for (const st of live(claims.P1891)) {
    const party = snakItem(st.mainsnak);
    if (!party || parties.includes(qidToId(party))) continue;
    parties.push(qidToId(party));
    const when = qualifierTime(st, 'P585');
    facts.push({ label: 'Signatory', value: party, valueId: qidToId(party), ...(when && { from: when }), asOf: when ?? asOfEdit, source });
  }

  const record: EntityRecordInput = {
    id: qidToId(qid),
    type,
    name: label.trim().slice(0, 300),
    description: ([...options.langs, 'mul'].map((l) => entity.descriptions?.[l]?.value).find((v) => v && v.trim()) ?? `${type} (Wikidata ${qid})`).slice(0, 1000),
    aliases,
    facts,
    relations,
    links: { wikidata: qid },
    prominence: prominenceFromSitelinks(Object.keys(entity.sitelinks ?? {}).length),
    sources: [source],
    checked: options.checked,
  };
  for (const lang of options.langs) {
    const title = entity.sitelinks?.[`${lang}wiki`]?.title;
    if (title) {
      record.links = { ...record.links, wikipedia: `https://${lang}.wikipedia.org/wiki/${encodeURIComponent(title.replace(/ /g, '_'))}` };
      break;
    }
  }
  if (type === 'treaty') {
    const start = facts.find((f) => f.label === 'Start' || f.label === 'Inception')?.value;
    const end = facts.find((f) => f.label === 'End' || f.label === 'Dissolved')?.value;
    record.treaty = {
      ...(start && { inForce: start }),
      // The schema needs a status; Wikidata rarely states one, so say how it was inferred.
      status: end ? 'terminated' : 'in-force',
      statusNote: end
        ? `Inferred from the end date in Wikidata (${end}).`
        : `Not verified: inferred because Wikidata gives no end date (item edited ${asOfEdit}).`,
      parties,
      articles: [],
    };
  }
  return { ok: true, record };
}
