/**
 * The message protocol between Newslens contexts, defined once.
 *
 * Content scripts, the popup and the options page never open the KB themselves (a content script
 * would get the news site's IndexedDB, not ours); they ask the background with these messages.
 * Each entry is `name(request): reply`. Messages in `PrivilegedProtocol` change state and are
 * refused unless they come from one of the extension's own pages (see background/sender-guard.ts).
 */
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { EntityRecord, EntityType } from './kb-schema';
import type { FindMentionsRequest, GetEntityRequest, SearchRequest } from './protocol-schemas';
import type { Settings } from './settings';

/** Why a mention was linked to its entity: shown in the card under "why this match". */
export interface MatchReason {
  rule: 'alias' | 'context' | 'capital-for-government' | 'anaphora' | 'treaty-article';
  /** The words on the page that matched. */
  matched: string;
  /** For context decisions: the winning score and the page entities that supported it. */
  score?: number;
  supportedBy?: string[];
}

/** One linked mention inside one text block sent by the content script. */
export interface Mention {
  /** Index of the block in the request. */
  block: number;
  /** Character offsets inside that block. */
  start: number;
  end: number;
  entityId: string;
  type: EntityType;
  /** For a reference to one article of a treaty ("Article 51 of the UN Charter"). */
  article?: string;
  reason: MatchReason;
  /** Other entities the same words could mean, best first. */
  alternatives: string[];
}

export type { FindMentionsRequest, GetEntityRequest, SearchRequest } from './protocol-schemas';

export interface EntitySummary {
  id: string;
  type: EntityType;
  name: string;
  description: string;
}

/** What a card needs: the record, the entities it refers to, and where it came from. */
export interface EntityCardData {
  entity: EntityRecord;
  related: EntitySummary[];
  provenance: { source: string; kbVersion: string; importedAt: string };
}

export interface SearchHit extends EntitySummary {
  /** How the query matched: the name or alias that hit, and the kind of hit. */
  matched: string;
  kind: 'exact' | 'prefix' | 'substring';
}

export interface KbStatus {
  entityCount: number;
  sources: { id: string; title: string; version: string; entityCount: number; importedAt: string }[];
}

export interface PublicProtocol {
  findMentions(req: FindMentionsRequest): Mention[];
  getEntity(req: GetEntityRequest): EntityCardData | null;
  search(req: SearchRequest): SearchHit[];
  getStatus(): KbStatus;
}

export interface PrivilegedProtocol {
  updateSettings(patch: Partial<Settings>): Settings;
  /** Drops the synced KB and re-imports the bundled default pack; user data stays. */
  resetKb(): KbStatus;
}

export type Protocol = PublicProtocol & PrivilegedProtocol;
export const PRIVILEGED_MESSAGES: readonly (keyof PrivilegedProtocol)[] = ['updateSettings', 'resetKb'];

export const messaging = defineExtensionMessaging<Protocol>({ logger: undefined });
export const { sendMessage, onMessage } = messaging;
