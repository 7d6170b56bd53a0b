/**
 * The knowledge-base record contract, defined once.
 *
 * Every entity that enters Newslens (the bundled default pack, a synced feed, an import file, a
 * user's own entity) is validated against `EntityRecordSchema` at the edge where it arrives. The
 * TypeScript types used everywhere else are inferred from these schemas, so the runtime check and
 * the static type can never drift apart.
 */
import { z } from 'zod';
import { ENTITY_TYPES } from './entity-types';

/** ISO calendar date, year precision allowed ("2024", "2024-06", "2024-06-19"). */
export const IsoDate = z
  .string()
  .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'expected an ISO date: YYYY, YYYY-MM or YYYY-MM-DD');
export type IsoDate = z.infer<typeof IsoDate>;

export { ENTITY_TYPES };
export const EntityType = z.enum(ENTITY_TYPES);
export type EntityType = z.infer<typeof EntityType>;

/** Stable, URL-safe entity id ("vladimir-putin", "un-charter"). Never reused for another entity. */
export const EntityId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lower-case letters, digits and hyphens')
  .max(120);

/**
 * A web address the card may link to: http(s) only. (z.url() alone accepts any scheme, so a
 * feed or import could carry "javascript:" or "data:" links into a card.)
 */
export const WebUrl = z.url({ protocol: /^https?$/ });

export const WikidataId = z.string().regex(/^Q\d+$/, 'expected a Wikidata item id such as Q7747');

/** Where a fact or a record came from. */
export const SourceRef = z.object({
  /** Human-readable name of the document or database ("Wikidata", "UN Charter, official text"). */
  title: z.string().min(1),
  url: WebUrl.optional(),
  wikidata: WikidataId.optional(),
  /** When this source was consulted. */
  retrieved: IsoDate.optional(),
});
export type SourceRef = z.infer<typeof SourceRef>;

/**
 * One surface form of an entity.
 * - `caseSensitive`: acronyms (KCNA, US) and names that are also common words (Patriot, Chad) only
 *   match with the exact capitalisation written here.
 * - `needsContext`: the alias is shared with other entities or is generic ("mutual defense
 *   treaty"); the spotter links it only when the page's other mentions support one candidate.
 */
export const Alias = z.object({
  text: z.string().min(1).max(200),
  caseSensitive: z.boolean().optional(),
  needsContext: z.boolean().optional(),
});
export type Alias = z.infer<typeof Alias>;

/**
 * A dated statement ("Office: President of Russia, from 2012-05-07"). `asOf` is the date the
 * statement was last known to hold; `from`/`to` bound it in time. No office, status or membership
 * is stated without a date.
 */
export const Fact = z.object({
  label: z.string().min(1),
  value: z.string().min(1),
  /** The entity the value names, when it is in the KB (lets the card link and highlight it). */
  valueId: EntityId.optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  asOf: IsoDate,
  source: SourceRef,
});
export type Fact = z.infer<typeof Fact>;

export const RELATION_TYPES = [
  'capital-of',
  // Where an organisation's or a government's institutions sit, so that news writes the city for
  // it: Brussels for the EU, Jerusalem for Israel's government. Read like capital-of by the
  // spotter (utils/matcher/capital-rule.ts), and preferred to it.
  'seat-of',
  'located-in',
  'member-of',
  'party-to',
  'office-in',
  'part-of',
  'operated-by',
  'participant-in',
  'related',
] as const;
export const Relation = z.object({
  type: z.enum(RELATION_TYPES),
  target: EntityId,
  from: IsoDate.optional(),
  to: IsoDate.optional(),
});
export type Relation = z.infer<typeof Relation>;

export const TreatyArticle = z.object({
  /** As numbered in the treaty: "51", "5", "IV". */
  number: z.string().min(1),
  title: z.string().optional(),
  /** `official`: the authentic text, cleaned; `summary`: our own faithful summary, shown as such. */
  kind: z.enum(['official', 'summary']),
  text: z.string().min(1),
  chapter: z.string().optional(),
});
export type TreatyArticle = z.infer<typeof TreatyArticle>;

export const TreatyInfo = z.object({
  signed: IsoDate.optional(),
  inForce: IsoDate.optional(),
  status: z.enum(['in-force', 'not-in-force', 'suspended', 'terminated', 'expired', 'superseded']),
  statusNote: z.string().optional(),
  /** Entity ids of the parties, where they are in the KB. */
  parties: z.array(EntityId).default([]),
  articles: z.array(TreatyArticle).default([]),
});
export type TreatyInfo = z.infer<typeof TreatyInfo>;

export const EntityRecord = z.object({
  id: EntityId,
  type: EntityType,
  name: z.string().min(1).max(300),
  /** One or two sentences, in our own words. */
  description: z.string().min(1).max(1000),
  aliases: z.array(Alias).default([]),
  facts: z.array(Fact).default([]),
  relations: z.array(Relation).default([]),
  links: z
    .object({
      wikipedia: WebUrl.optional(),
      wikidata: WikidataId.optional(),
      official: WebUrl.optional(),
    })
    .default({}),
  treaty: TreatyInfo.optional(),
  /** 0..1: how often the name appears in international news; ranks search and disambiguation. */
  prominence: z.number().min(0).max(1).default(0.5),
  sources: z.array(SourceRef).min(1, 'every record names at least one source'),
  /** When a person last checked this record against its sources. */
  checked: IsoDate,
});
/** A validated entity record (defaults applied). */
export type EntityRecord = z.infer<typeof EntityRecord>;
/** What a source file or feed line may contain before defaults are applied. */
export type EntityRecordInput = z.input<typeof EntityRecord>;

/** The bundled default pack (and, later, a feed snapshot) as one JSON document. */
export const PackFile = z.object({
  format: z.literal(1),
  source: z.string().min(1),
  title: z.string().min(1),
  version: z.string().min(1),
  generated: z.string(),
  entities: z.array(z.unknown()),
});
export type PackFile = z.infer<typeof PackFile>;

/** Format a zod error as one short plain-language line per problem. */
export function describeIssues(error: z.ZodError, max = 5): string {
  const lines = error.issues
    .slice(0, max)
    .map((i) => `${i.path.length ? i.path.join('.') : '(record)'}: ${i.message}`);
  if (error.issues.length > max) lines.push(`…and ${error.issues.length - max} more`);
  return lines.join('; ');
}
