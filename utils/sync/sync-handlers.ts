/**
 * The background's answers to the sync messages of the protocol (all privileged: the sender
 * check in message-handlers.ts runs first). Requests are validated here, at the edge.
 */
import type { PrivilegedProtocol } from '../shared/protocol';
import {
  AddSourceRequest,
  SetSourceEnabledRequest,
  SetSyncScheduleRequest,
  SourceIdRequest,
  SyncNowRequest,
} from '../shared/protocol-schemas';
import { ensureAlarms, setSchedule } from './schedule';
import type { SyncStatus } from './source-state';
import { addSource, getSyncStatus, removeSource, setSourceEnabled, syncAll, type SyncServiceDeps } from './sync-service';

type SyncMessages = 'getSyncStatus' | 'addSource' | 'removeSource' | 'setSourceEnabled' | 'syncNow' | 'setSyncSchedule';
export type SyncHandlers = {
  [K in SyncMessages]: (data: Parameters<PrivilegedProtocol[K]>[0]) => Promise<SyncStatus>;
};

export function createSyncHandlers(deps: SyncServiceDeps): SyncHandlers {
  const { db } = deps;
  // A sync runs on after the reply: the page follows it through storage.session.
  const startSync = (only?: string) => {
    void syncAll(deps, { manual: true, only }).catch((e: unknown) => console.warn('Newslens: sync failed', e));
  };
  return {
    getSyncStatus: () => getSyncStatus(db),
    async addSource(data) {
      const view = await addSource(db, AddSourceRequest.parse(data), (deps.now ?? Date.now)());
      startSync(view.id);
      return getSyncStatus(db);
    },
    async removeSource(data) {
      await removeSource(db, SourceIdRequest.parse(data).id);
      deps.onKbChanged();
      return getSyncStatus(db);
    },
    async setSourceEnabled(data) {
      const { id, enabled } = SetSourceEnabledRequest.parse(data);
      await setSourceEnabled(db, id, enabled);
      deps.onKbChanged();
      if (enabled) startSync(id);
      return getSyncStatus(db);
    },
    async syncNow(data) {
      startSync(SyncNowRequest.parse(data)?.id);
      return getSyncStatus(db);
    },
    async setSyncSchedule(data) {
      const schedule = SetSyncScheduleRequest.parse(data);
      await setSchedule(db, schedule);
      if (deps.alarms) await ensureAlarms(deps.alarms, schedule);
      return getSyncStatus(db);
    },
  };
}
