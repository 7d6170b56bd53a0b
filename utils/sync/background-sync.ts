/**
 * Starts the sync engine in the background worker. Called synchronously at the worker's top
 * level (listeners must be registered before any await, or the event that woke the worker is
 * lost), at every worker start: re-creates the alarms and resumes a download that a killed
 * worker left unfinished.
 */
import { browser } from 'wxt/browser';
import { ensureAlarms, getSchedule, RETRY_ALARM, SYNC_ALARM } from './schedule';
import { resumePending, syncAll, type SyncServiceDeps } from './sync-service';

export function startSyncEngine(deps: SyncServiceDeps): void {
  const run = (manual: boolean) => {
    void syncAll(deps, { manual }).catch((e: unknown) => console.warn('Newslens: sync failed', e));
  };
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === SYNC_ALARM || alarm.name === RETRY_ALARM) run(false);
  });
  browser.runtime.onStartup.addListener(() => run(false));
  browser.runtime.onInstalled.addListener(() => {
    // The bundled pack is imported by its own onInstalled listener; feeds are checked here.
    run(false);
  });
  void (async () => {
    if (deps.alarms) await ensureAlarms(deps.alarms, await getSchedule(deps.db));
    await resumePending(deps);
  })().catch((e: unknown) => console.warn('Newslens: could not start the sync engine', e));
}
