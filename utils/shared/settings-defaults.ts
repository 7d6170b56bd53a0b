/**
 * The settings' defaults and the on/off rule, apart from the storage item in ./settings.ts: the
 * content script reads the stored value with the plain storage API (it loads on every page, and
 * @wxt-dev/storage costs it kB), yet must agree with every other context on what a missing or
 * older value means. Both read the key, version and defaults from here.
 */
import { ENTITY_TYPES } from './entity-types';
import type { Settings } from './settings-schema';

/** The storage.local key of the settings item (`local:settings`). */
export const SETTINGS_KEY = 'settings';

export const DEFAULT_SETTINGS: Settings = {
  enabled: true,
  disabledSites: [],
  types: [...ENTITY_TYPES],
  markStyle: 'underline',
  density: 'every',
  hoverDelayMs: 250,
};

export function isActiveOn(settings: Settings, hostname: string): boolean {
  return settings.enabled && !settings.disabledSites.includes(hostname);
}
