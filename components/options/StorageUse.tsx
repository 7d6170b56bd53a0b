/**
 * Storage used and available for the extension's origin (navigator.storage.estimate, which covers
 * IndexedDB), and a request to make it persistent so the browser does not evict the knowledge
 * base when the disk runs low.
 */
import { useEffect, useState } from 'preact/hooks';

function size(bytes: number | undefined): string {
  if (bytes === undefined) return 'unknown';
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
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
        Storage: {size(estimate.usage)} used, {size(available)} available.
      </p>
      {persisted ? (
        <p>The browser keeps this data even when disk space runs low.</p>
      ) : (
        <button type="button" class="nl-link" onClick={() => void persist()}>
          Ask the browser to keep this data when disk space runs low
        </button>
      )}
      {persisted === false && <span> (not granted yet)</span>}
    </div>
  );
}
