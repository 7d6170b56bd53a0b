/**
 * Storage used and available for the extension's origin (navigator.storage.estimate, which covers
 * IndexedDB), and a request to make it persistent so the browser does not evict the knowledge
 * base when the disk runs low.
 */
import { useEffect, useState } from 'preact/hooks';
import { i18n } from '#i18n';

function size(bytes: number | undefined): string {
  if (bytes === undefined) return i18n.t('storage.unknown');
  if (bytes >= 1024 ** 3) return i18n.t('storage.gigabytes', [(bytes / 1024 ** 3).toFixed(1)]);
  return i18n.t('storage.megabytes', [(bytes / 1024 ** 2).toFixed(1)]);
}

export function StorageUse() {
  const [estimate, setEstimate] = useState<StorageEstimate | null>(null);
  const [persisted, setPersisted] = useState<boolean | null>(null);

  useEffect(() => {
    void navigator.storage?.estimate().then(setEstimate, () => undefined);
    void navigator.storage?.persisted().then(setPersisted, () => undefined);
  }, []);

  async function persist() {
    setPersisted(await navigator.storage.persist());
  }

  if (!estimate) return null;
  const available = estimate.quota !== undefined && estimate.usage !== undefined ? estimate.quota - estimate.usage : undefined;
  return (
    <div class="nl-storage">
      <p data-field="storage">
        {i18n.t('storage.used', [size(estimate.usage), size(available)])}
      </p>
      {persisted ? (
        <p>{i18n.t('storage.persisted')}</p>
      ) : (
        <button type="button" class="nl-link" onClick={() => void persist()}>
          {i18n.t('storage.persist')}
        </button>
      )}
      {persisted === false && <span> {i18n.t('storage.notGranted')}</span>}
    </div>
  );
}
