/**
 * When syncs run: a periodic alarm (default every 12 hours) and a one-shot alarm for the next
 * retry after a failure or an interrupted download. MV3 keeps alarms across worker restarts but
 * the issue asks to re-create them at every worker start (they are lost when the extension is
 * reloaded in some browsers); `ensureAlarms` only re-creates an alarm whose period changed, so a
 * worker that wakes every few minutes does not push the schedule back each time.
 */
import type { KbDatabase } from '../background/db/kb-database';

export const SYNC_ALARM = 'newslens-sync';
export const RETRY_ALARM = 'newslens-sync-retry';
export const SCHEDULE_KEY = 'sync-schedule';
export const DEFAULT_INTERVAL_HOURS = 12;
export const INTERVAL_CHOICES = [0, 1, 6, 12, 24, 72] as const;
/** Chrome does not fire alarms sooner than this. */
const MIN_ALARM_DELAY_MIN = 0.5;

/** The part of browser.alarms the scheduler uses (injectable for tests). */
export interface AlarmsApi {
  get(name: string): Promise<{ name: string; periodInMinutes?: number; scheduledTime: number } | undefined>;
  create(name: string, info: { delayInMinutes?: number; periodInMinutes?: number; when?: number }): void | Promise<void>;
  clear(name: string): Promise<boolean>;
}

export interface Schedule {
  /** 0 = only on browser start and "Sync now". */
  intervalHours: number;
}

export async function getSchedule(db: KbDatabase): Promise<Schedule> {
  const row = await db.meta.get(SCHEDULE_KEY);
  const value = row?.value as Schedule | undefined;
  return { intervalHours: value?.intervalHours ?? DEFAULT_INTERVAL_HOURS };
}

export async function setSchedule(db: KbDatabase, schedule: Schedule): Promise<void> {
  await db.meta.put({ key: SCHEDULE_KEY, value: schedule });
}

export async function ensureAlarms(alarms: AlarmsApi, schedule: Schedule): Promise<void> {
  const existing = await alarms.get(SYNC_ALARM);
  if (schedule.intervalHours <= 0) {
    if (existing) await alarms.clear(SYNC_ALARM);
    return;
  }
  const period = schedule.intervalHours * 60;
  if (existing?.periodInMinutes === period) return;
  await alarms.create(SYNC_ALARM, { delayInMinutes: period, periodInMinutes: period });
}

/** (Re)arms the retry alarm for `at` (epoch ms), or clears it. */
export async function scheduleRetry(alarms: AlarmsApi, at: number | undefined, now = Date.now()): Promise<void> {
  if (at === undefined) {
    await alarms.clear(RETRY_ALARM);
    return;
  }
  await alarms.create(RETRY_ALARM, { when: Math.max(at, now + MIN_ALARM_DELAY_MIN * 60_000) });
}
