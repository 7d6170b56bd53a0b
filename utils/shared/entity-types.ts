/**
 * The kinds of entity Newslens knows. Plain constants (no validator) because the content script
 * needs them on every page and must stay small; kb-schema.ts builds its enum from this list.
 */
export const ENTITY_TYPES = [
  'person',
  'country',
  'place',
  'organization',
  'treaty',
  'weapon',
  'term',
  'event',
] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];
