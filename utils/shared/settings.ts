/**
 * User settings: one versioned storage item, read by every context and written only by the
 * background (extension pages ask for changes with the privileged `updateSettings` message).
 */
import { storage } from 'wxt/utils/storage';
import { DEFAULT_SETTINGS, SETTINGS_KEY } from './settings-defaults';
import type { Settings } from './settings-schema';

export type { Settings } from './settings-schema';
export { DEFAULT_SETTINGS, isActiveOn } from './settings-defaults';

export const settingsItem = storage.defineItem<Settings>(`local:${SETTINGS_KEY}`, {
  fallback: DEFAULT_SETTINGS,
  version: 2,
  migrations: {
    // v2 added `density`.
    2: (old: Omit<Settings, 'density'>): Settings => ({ ...old, density: 'every' }),
  },
});
