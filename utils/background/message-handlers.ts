/**
 * The background's answers to every message in the protocol. `createHandlers` is pure wiring
 * over injected dependencies so that unit tests can drive it with a fake database and sender;
 * `registerHandlers` attaches it to the runtime and enforces the sender check.
 */
import type { Runtime } from 'webextension-polyfill';
import { PRIVILEGED_MESSAGES, type Protocol } from '../shared/protocol';
import {
  CorrectionRequest,
  FindMentionsRequest,
  GetEntityRequest,
  GetSummariesRequest,
  SearchRequest,
} from '../shared/protocol-schemas';
import { createUserDataHandlers } from './user-data/user-data-handlers';
import { forgetStoredSearchIndex, getSearchIndex, invalidateSearchIndex, toHits } from './search/search-service';
import { refreshKbIndexes } from './kb-indexes';
import { getCardWithOwn, getSummariesWithOwn } from './user-data/own-lookups';
import { addCorrection, applyCorrections } from './corrections';
import { settingsItem } from '../shared/settings';
import { mergeSettings } from '../shared/settings-schema';
import { spotMentions } from '../matcher/spot-mentions';
import type { KbDatabase } from './db/kb-database';
import { ensureDefaultPack, type LoadPack } from './default-pack';
import { getStatus } from './kb-repository';
import { isExtensionPage, PrivilegedMessageError, type ExtensionIdentity } from './sender-guard';
import { forgetStoredSpotIndex, getSpotIndex, invalidateSpotIndex } from './spot-index';
import { createSyncHandlers } from '../sync/sync-handlers';
import { resetSyncedData, type SyncServiceDeps } from '../sync/sync-service';

export interface BackgroundDeps {
  db: KbDatabase;
  loadPack: LoadPack;
  self: ExtensionIdentity;
  /** Sync engine wiring (progress channel, alarms); the background passes the real ones. */
  sync?: Partial<Omit<SyncServiceDeps, 'db' | 'onKbChanged' | 'ensureBundled'>>;
}

type Handler<K extends keyof Protocol> = (
  data: Parameters<Protocol[K]>[0],
) => Promise<ReturnType<Protocol[K]>>;
export type Handlers = { [K in keyof Protocol]: Handler<K> };

export function createHandlers({ db, loadPack, sync }: BackgroundDeps): Handlers {
  const ready = () => ensureDefaultPack(db, loadPack);
  const onKbChanged = () => {
    refreshKbIndexes(db, ready).catch((err: unknown) => console.warn('Newslens: could not rebuild the indexes', err));
  };
  return {
    ...createSyncHandlers({ ...sync, db, onKbChanged, ensureBundled: ready }),
    ...createUserDataHandlers({ db, onKbChanged }),
    async findMentions(data) {
      const request = FindMentionsRequest.parse(data);
      const [index, corrections] = await Promise.all([getSpotIndex(db, ready), db.corrections.toArray()]);
      return applyCorrections(spotMentions(index, request), corrections, request.site, index);
    },
    async getSummaries(data) {
      await ready();
      return getSummariesWithOwn(db, GetSummariesRequest.parse(data).ids);
    },
    async addCorrection(data) {
      await addCorrection(db, CorrectionRequest.parse(data));
    },
    async getEntity(data) {
      await ready();
      return getCardWithOwn(db, GetEntityRequest.parse(data).id);
    },
    async search(data) {
      const request = SearchRequest.parse(data);
      // An empty query only warms the index: the popup sends one when it opens.
      return toHits(await getSearchIndex(db, ready), request);
    },
    async getStatus() {
      await ready();
      return getStatus(db);
    },
    async updateSettings(patch) {
      const next = mergeSettings(await settingsItem.getValue(), patch);
      await settingsItem.setValue(next);
      return next;
    },
    async resetKb() {
      await ready(); // let an import already under way finish before clearing
      await resetSyncedData(db); // feeds stay added and re-download on the next sync
      await Promise.all([forgetStoredSpotIndex(db), forgetStoredSearchIndex(db)]);
      invalidateSpotIndex();
      invalidateSearchIndex();
      await ready();
      return getStatus(db);
    },
  };
}

/** Checks the sender, then runs the handler. Exported for tests; used by registerHandlers. */
export async function dispatch<K extends keyof Protocol>(
  handlers: Handlers,
  self: ExtensionIdentity,
  type: K,
  data: Parameters<Protocol[K]>[0],
  sender: Runtime.MessageSender,
): Promise<ReturnType<Protocol[K]>> {
  if ((PRIVILEGED_MESSAGES as readonly string[]).includes(type) && !isExtensionPage(sender, self)) {
    throw new PrivilegedMessageError(type);
  }
  return handlers[type](data);
}

type OnMessage = <K extends keyof Protocol>(
  type: K,
  listener: (message: { data: Parameters<Protocol[K]>[0]; sender: Runtime.MessageSender }) => Promise<ReturnType<Protocol[K]>>,
) => unknown;

export function registerHandlers(onMessage: OnMessage, handlers: Handlers, self: ExtensionIdentity): void {
  for (const type of Object.keys(handlers) as (keyof Protocol)[]) {
    onMessage(type, ({ data, sender }) => dispatch(handlers, self, type, data, sender));
  }
}
