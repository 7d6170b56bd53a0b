/**
 * Options page, "Sources": the bundled knowledge base and the feeds the user added, their sync
 * state in plain words, "Sync now" with a live progress bar, the schedule, and storage use.
 *
 * Progress comes from `storage.session` (written by the background while it syncs; see
 * utils/sync/progress.ts), so it keeps updating whichever page started the sync, and a page
 * opened mid-sync shows where it stands. Export/import of user data belongs to the user-data
 * work (issue 7), not here.
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { sendMessage } from '../../utils/shared/protocol';
import { checkFeedUrl } from '../../utils/sync/feed-url';
import { syncProgressItem, type SyncProgress } from '../../utils/sync/progress';
import { INTERVAL_CHOICES } from '../../utils/sync/schedule';
import type { SourceView, SyncStatus } from '../../utils/sync/source-state';
import { StorageUse } from './StorageUse';
import './sources.css';

const PHASES: Record<SyncProgress['phase'], string> = {
  checking: 'Checking for updates',
  downloading: 'Downloading',
  verifying: 'Verifying',
  applying: 'Applying',
  cleaning: 'Cleaning up',
  done: 'Done',
  failed: 'Failed',
};

const RESULTS: Record<NonNullable<SourceView['lastResult']>, string> = {
  updated: 'updated',
  'up-to-date': 'up to date',
  'kept-newer': 'kept your newer version',
  error: 'failed',
};

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 2 : 1)} MB`;
}

function when(iso: string | undefined): string {
  return iso ? new Date(iso).toLocaleString() : 'never';
}

function errorText(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.replace(/^Error: /, '');
}

export function SourcesSection() {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [progress, setProgress] = useState<SyncProgress | null>(null);
  const [url, setUrl] = useState('');
  const [publicKey, setPublicKey] = useState('');
  const [message, setMessage] = useState('');

  const refresh = () =>
    sendMessage('getSyncStatus').then(
      (s) => setStatus(s),
      (e: unknown) => setMessage(`Could not read the sources: ${errorText(e)}`),
    );

  useEffect(() => {
    void refresh();
    void syncProgressItem.getValue().then(setProgress);
    return syncProgressItem.watch((p) => {
      setProgress(p);
      // Each report may come with a new version, count or error: re-read the sources.
      void refresh();
    });
  }, []);

  const run = async (action: () => Promise<SyncStatus>, done?: string) => {
    try {
      setStatus(await action());
      if (done) setMessage(done);
    } catch (e) {
      setMessage(errorText(e));
    }
  };

  // Not async before the permission request: browsers only show it inside the click itself.
  function addSource(event: Event) {
    event.preventDefault();
    const checked = checkFeedUrl(url);
    if (!checked.ok) {
      setMessage(checked.reason);
      return;
    }
    setMessage('Asking for permission to download from this site…');
    browser.permissions.request({ origins: [checked.origin] }).then(
      async (granted) => {
        if (!granted) {
          setMessage(`Newslens needs your permission to download from ${new URL(checked.url).host}; the source was not added.`);
          return;
        }
        setMessage('Checking the feed…');
        await run(() => sendMessage('addSource', { url: checked.url, publicKey: publicKey.trim() || undefined }), 'Source added; its first sync has started.');
        setUrl('');
        setPublicKey('');
      },
      (e: unknown) => setMessage(`Permission request failed: ${errorText(e)}`),
    );
  }

  const running = progress?.running ?? false;
  return (
    <section aria-labelledby="nl-h-sources" class="nl-sources">
      <h2 id="nl-h-sources">Sources</h2>
      {message && (
        <p role="status" class="nl-sources__message">
          {message}
        </p>
      )}
      {status ? (
        <ul class="nl-sources__list">
          {status.sources.map((s) => (
            <SourceItem key={s.id} source={s} onChange={run} />
          ))}
        </ul>
      ) : (
        <p>Loading…</p>
      )}

      <form class="nl-sources__add" onSubmit={addSource}>
        <label>
          Feed URL{' '}
          <input type="url" value={url} placeholder="https://…/manifest.json" required onInput={(e) => setUrl(e.currentTarget.value)} />
        </label>
        <label>
          Public key (optional){' '}
          <input type="text" value={publicKey} spellcheck={false} onInput={(e) => setPublicKey(e.currentTarget.value)} />
        </label>
        <button type="submit" class="nl-button">
          Add source
        </button>
      </form>

      <div class="nl-sources__sync">
        <button type="button" class="nl-button" disabled={running} onClick={() => void run(() => sendMessage('syncNow', undefined))}>
          Sync now
        </button>
        <SyncProgressBar progress={progress} />
      </div>

      {status && (
        <label>
          Check for updates{' '}
          <select
            value={String(status.schedule.intervalHours)}
            onChange={(e) => void run(() => sendMessage('setSyncSchedule', { intervalHours: Number(e.currentTarget.value) }))}
          >
            {INTERVAL_CHOICES.map((h) => (
              <option key={h} value={String(h)}>
                {h === 0 ? 'only when I click "Sync now" (and at browser start)' : h === 1 ? 'every hour' : `every ${h} hours`}
              </option>
            ))}
          </select>
        </label>
      )}
      <StorageUse />
    </section>
  );
}

function SourceItem({ source: s, onChange }: { source: SourceView; onChange: (action: () => Promise<SyncStatus>) => Promise<void> }) {
  return (
    <li class="nl-source" data-source-id={s.id}>
      <div class="nl-source__head">
        <label>
          <input
            type="checkbox"
            checked={s.enabled}
            onChange={(e) => void onChange(() => sendMessage('setSourceEnabled', { id: s.id, enabled: e.currentTarget.checked }))}
          />{' '}
          <strong>{s.title}</strong>
        </label>
        {s.kind === 'feed' && (
          <button
            type="button"
            class="nl-link"
            onClick={() => {
              if (confirm(`Remove "${s.title}" and the entities it supplied?`)) void onChange(() => sendMessage('removeSource', { id: s.id }));
            }}
          >
            Remove
          </button>
        )}
      </div>
      {s.url && <div class="nl-source__url">{s.url}{s.signed ? ' (signed)' : ''}</div>}
      <dl class="nl-source__facts">
        <dt>Version</dt>
        <dd data-field="version">{s.version || 'not synced yet'}</dd>
        <dt>Entities</dt>
        <dd data-field="entities">{s.entityCount.toLocaleString()}</dd>
        <dt>Last sync</dt>
        <dd data-field="last-sync">
          {when(s.lastAttemptAt)}
          {s.lastResult ? ` (${RESULTS[s.lastResult]})` : ''}
          {s.pending ? ', download interrupted, will resume' : ''}
        </dd>
      </dl>
      {s.lastError ? (
        <p class="nl-source__error" data-field="error">
          {s.lastError}
          {s.nextAttemptAt ? ` Next try: ${new Date(s.nextAttemptAt).toLocaleString()}.` : ''}
        </p>
      ) : (
        s.lastMessage && <p class="nl-source__note">{s.lastMessage}</p>
      )}
    </li>
  );
}

function SyncProgressBar({ progress }: { progress: SyncProgress | null }) {
  if (!progress) return null;
  const { running, phase, records, recordsTotal, bytes, bytesTotal } = progress;
  const value = bytesTotal > 0 ? bytes / bytesTotal : running ? undefined : 1;
  const detail = running
    ? `${PHASES[phase]}${progress.title ? ` ${progress.title}` : ''}: ${records.toLocaleString()}${recordsTotal ? ` of ${recordsTotal.toLocaleString()}` : ''} records, ${mb(bytes)}${bytesTotal ? ` of ${mb(bytesTotal)}` : ''}`
    : `${PHASES[phase]}. ${progress.message ?? ''}`;
  return (
    <div class="nl-sync-progress" data-phase={phase} data-running={String(running)}>
      <progress aria-label="Sync progress" max={1} value={value} />
      <span class="nl-sync-progress__text" aria-live="polite">
        {detail}
      </span>
    </div>
  );
}
