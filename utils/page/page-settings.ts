/**
 * The reader's settings as the content script sees them: read and watched with the plain
 * `storage.local` API instead of @wxt-dev/storage (which every page would pay several kB for).
 * The value is the one the background's `settingsItem` (utils/shared/settings.ts) writes under the
 * same key; defaults fill what is missing, which also reads a value stored before a field was
 * added (version 1 lacked `density`) the way the item's migration writes it. Only the background
 * migrates and writes.
 */
import { extensionApi } from '../shared/extension-api';
import { DEFAULT_SETTINGS, SETTINGS_KEY } from '../shared/settings-defaults';
import type { Settings } from '../shared/settings-schema';

interface StorageChange {
  newValue?: unknown;
}

interface StorageLike {
  local: { get(key: string): Promise<Record<string, unknown>> };
  onChanged: {
    addListener(listener: StorageListener): void;
    removeListener(listener: StorageListener): void;
  };
}

type StorageListener = (changes: Record<string, StorageChange>, area: string) => void;

const storageApi = () => extensionApi<StorageLike>('storage');

/** The stored value over the defaults; anything that is not an object reads as the defaults. */
export function withDefaults(stored: unknown): Settings {
  return stored && typeof stored === 'object' ? { ...DEFAULT_SETTINGS, ...(stored as Partial<Settings>) } : DEFAULT_SETTINGS;
}

export async function readSettings(): Promise<Settings> {
  const found = await storageApi().local.get(SETTINGS_KEY);
  return withDefaults(found[SETTINGS_KEY]);
}

/** Calls `onChange` with the new settings whenever they change; returns the unwatch function. */
export function watchSettings(onChange: (next: Settings) => void): () => void {
  const listener: StorageListener = (changes, area) => {
    const change = area === 'local' ? changes[SETTINGS_KEY] : undefined;
    if (change) onChange(withDefaults(change.newValue));
  };
  const { onChanged } = storageApi();
  onChanged.addListener(listener);
  return () => onChanged.removeListener(listener);
}
