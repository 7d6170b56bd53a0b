/**
 * Runtime schemas of the protocol's requests (types are re-exported by protocol.ts). Kept apart
 * so that the content script, which only sends these, does not bundle the validator: the
 * background parses every request with them when it arrives.
 */
import { z } from 'zod';
import { EntityId, EntityType } from './kb-schema';

/**
 * Requests that carry data from web pages or from the user are validated with these schemas when
 * they reach the background: a content script is only as trustworthy as the page it runs in.
 */
export const FindMentionsRequest = z.object({
  /** Plain text of each block of the page (paragraph, heading, list item…), in reading order. */
  blocks: z.array(z.string().max(200_000)).max(5_000),
  /** Entities already found elsewhere on the page: context for ambiguous names. */
  pageEntities: z.array(EntityId).max(5_000).optional(),
});
export type FindMentionsRequest = z.infer<typeof FindMentionsRequest>;

export const GetEntityRequest = z.object({ id: EntityId });
export type GetEntityRequest = z.infer<typeof GetEntityRequest>;

export const SearchRequest = z.object({
  query: z.string().max(300),
  limit: z.number().int().min(1).max(100).optional(),
  type: EntityType.optional(),
});
export type SearchRequest = z.infer<typeof SearchRequest>;
