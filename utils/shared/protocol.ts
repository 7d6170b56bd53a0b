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
import type {
  CorrectionRequest,
  FindMentionsRequest,
  GetEntityRequest,
  GetSummariesRequest,
  SearchRequest,
} from './protocol-schemas';
import type {
  DeleteNoteRequest,
  EntityIdRequest,
  ImportUserDataRequest,
  NumericIdRequest,
  OwnEntityInput,
  SaveNoteRequest,
} from './protocol-schemas';
import type { Settings } from './settings';
import type { SyncStatus } from '../sync/source-state';
import type {
  AddSourceRequest,
  SetSourceEnabledRequest,
  SetSyncScheduleRequest,
  SourceIdRequest,
  SyncNowRequest,
} from './protocol-schemas';

/** Why a mention was linked to its entity: shown in the card under "why this match". */
export interface MatchReason {
  rule: 'alias' | 'context' | 'capital-for-government' | 'anaphora' | 'treaty-article' | 'treaty-name' | 'user-correction';
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
  /** The linked entity; null for a treaty-shaped name that the KB does not hold. */
  entityId: string | null;
  type: EntityType;
  /** Cited article(s) of a treaty: "51", or a list "2,51" ("Articles 2 and 51 of the Charter"). */
  article?: string;
  /** Cited chapter of a treaty ("VII"). */
  chapter?: string;
  reason: MatchReason;
  /** Other entities the same words could mean, best first. */
  alternatives: string[];
}

export type { CorrectionRequest, FindMentionsRequest, GetEntityRequest, GetSummariesRequest, SearchRequest } from './protocol-schemas';

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
  kind: 'exact' | 'prefix' | 'typo';
}

/** User data (issue 7): a reader's note on an entity. */
export interface UserNote {
  id: number;
  entityId: string;
  text: string;
  updatedAt: string;
}

/** A stored correction with the names of the entities it mentions (for the options page). */
export interface UserCorrection {
  id: number;
  entityId: string;
  entityName?: string;
  alias: string;
  action: 'not-an-entity' | 'use-instead';
  replacementId?: string;
  replacementName?: string;
  site?: string;
  createdAt: string;
}

/** Outcome of an import of a user-data file (see utils/background/user-data/user-data-file.ts). */
export interface ImportReport {
  /** False when the file itself was malformed: then nothing at all was applied. */
  applied: boolean;
  /** Why the whole file was refused, when `applied` is false. */
  error?: string;
  added: { notes: number; corrections: number; ownEntities: number };
  /** Entries already present (identical), or conflicting with what was there (yours kept). */
  skipped: { notes: number; corrections: number; ownEntities: number };
  rejected: { section: 'notes' | 'corrections' | 'ownEntities'; index: number; reason: string }[];
}

export interface KbStatus {
  entityCount: number;
  sources: { id: string; title: string; version: string; entityCount: number; importedAt: string }[];
}

export interface PublicProtocol {
  findMentions(req: FindMentionsRequest): Mention[];
  getEntity(req: GetEntityRequest): EntityCardData | null;
  /** Names and descriptions of several entities (a mention's alternatives). */
  getSummaries(req: GetSummariesRequest): EntitySummary[];
  /**
   * A reader's correction from a card ("not an entity here", "this one instead"). Public: it
   * only adds user data that the reader can see and remove, and it is validated on arrival.
   */
  addCorrection(req: CorrectionRequest): void;
  search(req: SearchRequest): SearchHit[];
  getStatus(): KbStatus;
}

export interface PrivilegedProtocol {
  updateSettings(patch: Partial<Settings>): Settings;
  /** Drops the synced KB and re-imports the bundled default pack; user data stays. */
  resetKb(): KbStatus;
  // Sync (issue 6). getSyncStatus is privileged too: it reveals the user's feed addresses.
  /** Sources with their sync state, the schedule and the progress of a running sync. */
  getSyncStatus(): SyncStatus;
  /** Checks the feed's manifest, pins its key, stores it and starts its first sync. */
  addSource(req: AddSourceRequest): SyncStatus;
  /** Removes a feed and its records (the bundled pack can only be switched off). */
  removeSource(req: SourceIdRequest): SyncStatus;
  setSourceEnabled(req: SetSourceEnabledRequest): SyncStatus;
  /** Starts a sync of every enabled source (or one) and replies at once; progress goes to storage.session. */
  syncNow(req?: SyncNowRequest): SyncStatus;
  setSyncSchedule(req: SetSyncScheduleRequest): SyncStatus;
  // User data (issue 7). Notes are private: they are read and written only by extension pages
  // (the popup's card, and the notes frame the card on a web page embeds: card-notes.html), never
  // by a content script, which is only as trustworthy as the page it runs in.
  /** The reader's notes on one entity, oldest first. */
  getNotes(req: EntityIdRequest): UserNote[];
  /** Adds a note, or edits note `id`. */
  saveNote(req: SaveNoteRequest): UserNote;
  deleteNote(req: DeleteNoteRequest): void;
  // From the options page and the "Add to Newslens" form only.
  listCorrections(): UserCorrection[];
  deleteCorrection(req: NumericIdRequest): void;
  /** An entity the reader made; spotted on pages and found by search from then on. */
  addOwnEntity(req: OwnEntityInput): EntityRecord;
  listOwnEntities(): EntityRecord[];
  deleteOwnEntity(req: EntityIdRequest): void;
  /** Every note, correction and own entity as one JSON document (a string, ready to save). */
  exportUserData(): string;
  /** Validates and merges a user-data file; all or nothing when the file is malformed. */
  importUserData(req: ImportUserDataRequest): ImportReport;
}

export type Protocol = PublicProtocol & PrivilegedProtocol;
export const PRIVILEGED_MESSAGES: readonly (keyof PrivilegedProtocol)[] = [
  'updateSettings',
  'resetKb',
  'getSyncStatus',
  'addSource',
  'removeSource',
  'setSourceEnabled',
  'syncNow',
  'setSyncSchedule',
  'listCorrections',
  'deleteCorrection',
  'getNotes',
  'saveNote',
  'deleteNote',
  'addOwnEntity',
  'listOwnEntities',
  'deleteOwnEntity',
  'exportUserData',
  'importUserData',
];

export const messaging = defineExtensionMessaging<Protocol>({ logger: undefined });
export const { sendMessage, onMessage } = messaging;

/** Messages the background sends to the content script of one tab. */
export interface ContentProtocol {
  /** The "next/previous mention" keyboard commands. */
  stepMention(req: { direction: 'next' | 'previous' }): void;
  /** The popup's "On this page": entities marked in the page, with mention counts. */
  getPageEntities(): PageEntity[];
  /** Scrolls to the entity's first mention and flashes it; false when it is not on the page. */
  revealEntity(req: { id: string }): boolean;
}

export interface PageEntity {
  id: string;
  type: EntityType;
  /** The words of its first mention on the page (the popup asks the background for the name). */
  firstMention: string;
  count: number;
}

export const contentMessaging = defineExtensionMessaging<ContentProtocol>({ logger: undefined });
