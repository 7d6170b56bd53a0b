/**
 * User settings: one versioned storage item, read by every context and written only by the
 * background (extension pages ask for changes with the privileged `updateSettings` message).
 */
import { storage } from 'wxt/utils/storage';
import { ENTITY_TYPES } from './entity-types';
import type { Settings } from './settings-schema';

export type { Settings } from './settings-schema';

export const DEFAULT_SETTINGS: Settings = {
  enabled: true,
  disabledSites: [],
  types: [...ENTITY_TYPES],
  markStyle: 'underline',
  density: 'every',
  hoverDelayMs: 250,
};

export const settingsItem = storage.defineItem<Settings>('local:settings', {
  fallback: DEFAULT_SETTINGS,
  version: 2,
  migrations: {
    // v2 added `density`.
    2: (old: Omit<Settings, 'density'>): Settings => ({ ...old, density: 'every' }),
  },
});

export function isActiveOn(settings: Settings, hostname: string): boolean {
  return settings.enabled && !settings.disabledSites.includes(hostname);
}
