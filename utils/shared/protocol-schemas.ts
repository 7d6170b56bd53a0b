/**
 * Runtime schemas of the protocol's requests (types are re-exported by protocol.ts). Kept apart
 * so that the content script, which only sends these, does not bundle the validator: the
 * background parses every request with them when it arrives.
 */
import { z } from 'zod';
import { EntityId, EntityType } from './kb-schema';
import { isMarkableOwnName, OWN_NAME_RULE_MESSAGE } from './own-entity-name';
import { MAX_BLOCK_CHARS, MAX_BLOCKS_PER_REQUEST } from './protocol-limits';

/**
 * Requests that carry data from web pages or from the user are validated with these schemas when
 * they reach the background: a content script is only as trustworthy as the page it runs in.
 */
export const FindMentionsRequest = z.object({
  /** Plain text of each block of the page (paragraph, heading, list item…), in reading order. */
  blocks: z.array(z.string().max(MAX_BLOCK_CHARS)).max(MAX_BLOCKS_PER_REQUEST),
  /** Entities already found elsewhere on the page: context for ambiguous names. */
  pageEntities: z.array(EntityId).max(5_000).optional(),
  /** Hostname of the page, so that per-site corrections apply. */
  site: z.string().max(253).optional(),
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

export const GetSummariesRequest = z.object({ ids: z.array(EntityId).max(50) });
export type GetSummariesRequest = z.infer<typeof GetSummariesRequest>;

export const CorrectionRequest = z.object({
  /** The entity the spotter linked. */
  entityId: EntityId,
  /** The words on the page that were linked. */
  matched: z.string().min(1).max(300),
  action: z.enum(['not-an-entity', 'use-instead']),
  replacementId: EntityId.optional(),
  /** Hostname the correction applies to; absent for everywhere. */
  site: z.string().max(253).optional(),
});
export type CorrectionRequest = z.infer<typeof CorrectionRequest>;

/** Sync (issue 6): requests of the options page's Sources section. */
export const AddSourceRequest = z.object({
  url: z.string().min(1).max(2_000),
  /** Base64 Ed25519 public key to pin, when the user has one. */
  publicKey: z.string().max(200).optional(),
});
export type AddSourceRequest = z.infer<typeof AddSourceRequest>;

export const SourceIdRequest = z.object({ id: z.string().min(1).max(100) });
export type SourceIdRequest = z.infer<typeof SourceIdRequest>;

export const SetSourceEnabledRequest = SourceIdRequest.extend({ enabled: z.boolean() });
export type SetSourceEnabledRequest = z.infer<typeof SetSourceEnabledRequest>;

export const SyncNowRequest = z.object({ id: z.string().min(1).max(100).optional() }).optional();
export type SyncNowRequest = z.infer<typeof SyncNowRequest>;

export const SetSyncScheduleRequest = z.object({ intervalHours: z.number().int().min(0).max(24 * 7) });
export type SetSyncScheduleRequest = z.infer<typeof SetSyncScheduleRequest>;

/** User data (issue 7). */
export const EntityIdRequest = z.object({ entityId: EntityId });
export type EntityIdRequest = z.infer<typeof EntityIdRequest>;

export const NumericIdRequest = z.object({ id: z.number().int().min(1) });
export type NumericIdRequest = z.infer<typeof NumericIdRequest>;

export const NOTE_MAX_LENGTH = 5_000;
export const SaveNoteRequest = z.object({
  entityId: EntityId,
  text: z.string().trim().min(1).max(NOTE_MAX_LENGTH),
  /** Edit this note instead of adding one. */
  id: z.number().int().min(1).optional(),
});
export type SaveNoteRequest = z.infer<typeof SaveNoteRequest>;

export const DeleteNoteRequest = z.object({ id: z.number().int().min(1) });
export type DeleteNoteRequest = z.infer<typeof DeleteNoteRequest>;

/** A name or alias of an own entity: enough letters or digits to be worth marking (own-entity-name.ts). */
const OwnName = (max: number) => z.string().trim().min(1).max(max).refine(isMarkableOwnName, { message: OWN_NAME_RULE_MESSAGE });

/** The "Add to Newslens" form. */
export const OwnEntityInput = z.object({
  name: OwnName(300),
  type: EntityType,
  description: z.string().trim().max(1000).optional(),
  aliases: z.array(OwnName(200)).max(50).default([]),
});
export type OwnEntityInput = z.input<typeof OwnEntityInput>;

/**
 * The same rule for a whole own-entity record (an imported file's entries): add with
 * `.superRefine(checkOwnEntityNames)`, so the form and the import refuse the same names.
 */
export function checkOwnEntityNames(record: { name: string; aliases?: { text: string }[] }, ctx: z.RefinementCtx): void {
  if (!isMarkableOwnName(record.name)) ctx.addIssue({ code: 'custom', path: ['name'], message: OWN_NAME_RULE_MESSAGE });
  (record.aliases ?? []).forEach((alias, i) => {
    if (!isMarkableOwnName(alias.text)) ctx.addIssue({ code: 'custom', path: ['aliases', i, 'text'], message: OWN_NAME_RULE_MESSAGE });
  });
}

/** A user-data file as text; parsed and validated in the background. 20 MB is far above real use. */
export const ImportUserDataRequest = z.object({ text: z.string().max(20_000_000) });
export type ImportUserDataRequest = z.infer<typeof ImportUserDataRequest>;
