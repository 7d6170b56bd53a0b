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
import { i18n } from '#i18n';
import { browser } from 'wxt/browser';
import { sendMessage } from '../../utils/shared/protocol';
import { checkFeedUrl } from '../../utils/sync/feed-url';
import { syncProgressItem, type SyncProgress } from '../../utils/sync/progress';
import { INTERVAL_CHOICES } from '../../utils/sync/schedule';
import type { SourceView, SyncStatus } from '../../utils/sync/source-state';
import { StorageUse } from './StorageUse';
import './sources.css';

const PHASES: Record<SyncProgress['phase'], string> = {
  checking: i18n.t('sources.phase.checking'),
  downloading: i18n.t('sources.phase.downloading'),
  verifying: i18n.t('sources.phase.verifying'),
  applying: i18n.t('sources.phase.applying'),
  cleaning: i18n.t('sources.phase.cleaning'),
  done: i18n.t('sources.phase.done'),
  failed: i18n.t('sources.phase.failed'),
};

const RESULTS: Record<NonNullable<SourceView['lastResult']>, string> = {
  updated: i18n.t('sources.result.updated'),
  'up-to-date': i18n.t('sources.result.upToDate'),
  'kept-newer': i18n.t('sources.result.keptNewer'),
  error: i18n.t('sources.result.error'),
};

function mb(bytes: number): string {
  return i18n.t('sources.megabytes', [(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 2 : 1)]);
}

function when(iso: string | undefined): string {
  return iso ? new Date(iso).toLocaleString() : i18n.t('sources.never');
}

/** "0 of 2,000" when the total is known, else just the count. */
function ofTotal(done: string, total: string | undefined): string {
  return total ? i18n.t('sources.progressOf', [done, total]) : done;
}

function scheduleLabel(hours: number): string {
  return hours === 0 ? i18n.t('sources.manualOnly') : i18n.t('sources.everyHours', hours);
}

function errorText(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.replace(/^Error: /, '');
}

/** `onChanged`: a source was added, removed or switched (the KB table re-reads). */
export function SourcesSection({ onChanged }: { onChanged?: () => void }) {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [progress, setProgress] = useState<SyncProgress | null>(null);
  const [url, setUrl] = useState('');
  const [publicKey, setPublicKey] = useState('');
  const [message, setMessage] = useState('');

  const refresh = () =>
    sendMessage('getSyncStatus').then(
      (s) => setStatus(s),
      (e: unknown) => setMessage(i18n.t('sources.readFailed', [errorText(e)])),
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

  /** Runs a change and shows its outcome; true when it was made (the caller may then clear its fields). */
  const run = async (action: () => Promise<SyncStatus>, done?: string): Promise<boolean> => {
    try {
      setStatus(await action());
      if (done) setMessage(done);
      onChanged?.();
      return true;
    } catch (e) {
      setMessage(errorText(e));
      return false;
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
    setMessage(i18n.t('sources.askingPermission'));
    browser.permissions.request({ origins: [checked.origin] }).then(
      async (granted) => {
        if (!granted) {
          setMessage(i18n.t('sources.permissionDenied', [new URL(checked.url).host]));
          return;
        }
        setMessage(i18n.t('sources.checkingFeed'));
        const added = await run(() => sendMessage('addSource', { url: checked.url, publicKey: publicKey.trim() || undefined }), i18n.t('sources.added'));
        // Only a feed that was added clears the fields: after a refusal (typo, wrong key) the
        // reader fixes what they typed instead of finding and pasting both again.
        if (added) {
          setUrl('');
          setPublicKey('');
        }
      },
      (e: unknown) => setMessage(i18n.t('sources.permissionFailed', [errorText(e)])),
    );
  }

  const running = progress?.running ?? false;
  return (
    <section aria-labelledby="nl-h-sources" class="nl-sources">
      <h2 id="nl-h-sources">{i18n.t('sources.title')}</h2>
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
        <p>{i18n.t('sources.loading')}</p>
      )}

      <form class="nl-sources__add" onSubmit={addSource}>
        <label>
          {i18n.t('sources.feedUrl')}{' '}
          <input type="url" value={url} placeholder={i18n.t('sources.feedUrlPlaceholder')} required onInput={(e) => setUrl(e.currentTarget.value)} />
        </label>
        <label>
          {i18n.t('sources.publicKey')}{' '}
          <input type="text" value={publicKey} spellcheck={false} onInput={(e) => setPublicKey(e.currentTarget.value)} />
        </label>
        <button type="submit" class="nl-button">
          {i18n.t('sources.add')}
        </button>
      </form>

      <div class="nl-sources__sync">
        <button type="button" class="nl-button" disabled={running} onClick={() => void run(() => sendMessage('syncNow', undefined))}>
          {i18n.t('sources.syncNow')}
        </button>
        <SyncProgressBar progress={progress} />
      </div>

      {status && (
        <label>
          {i18n.t('sources.schedule')}{' '}
          <select
            value={String(status.schedule.intervalHours)}
            onChange={(e) => void run(() => sendMessage('setSyncSchedule', { intervalHours: Number(e.currentTarget.value) }))}
          >
            {INTERVAL_CHOICES.map((h) => (
              <option key={h} value={String(h)}>
                {scheduleLabel(h)}
              </option>
            ))}
          </select>
        </label>
      )}
      <StorageUse />
    </section>
  );
}

function SourceItem({ source: s, onChange }: { source: SourceView; onChange: (action: () => Promise<SyncStatus>) => Promise<boolean> }) {
  return (
    <li class="nl-source" data-source-id={s.id}>
      <div class="nl-source__head">
        <label>
          <input
            type="checkbox"
            checked={s.enabled}
            onChange={(e) => void onChange(() => sendMessage('setSourceEnabled', { id: s.id, enabled: e.currentTarget.checked }))}
          />{' '}
          {/* dir="auto": a feed's title is its author's text; an RTL override in it must not reverse the labels beside it. */}
          <strong dir="auto">{s.title}</strong>
        </label>
        {s.kind === 'feed' && (
          <button
            type="button"
            class="nl-link"
            onClick={() => {
              if (confirm(i18n.t('sources.removeConfirm', [s.title]))) void onChange(() => sendMessage('removeSource', { id: s.id }));
            }}
          >
            {i18n.t('sources.remove')}
          </button>
        )}
      </div>
      {s.url && (
        <div class="nl-source__url">
          <bdi>{s.url}</bdi>
          {s.signed ? ` ${i18n.t('sources.signed')}` : ''}
        </div>
      )}
      <dl class="nl-source__facts">
        <dt>{i18n.t('sources.version')}</dt>
        <dd data-field="version">{s.version || i18n.t('sources.notSynced')}</dd>
        <dt>{i18n.t('sources.entities')}</dt>
        <dd data-field="entities">{s.entityCount.toLocaleString()}</dd>
        <dt>{i18n.t('sources.lastSync')}</dt>
        <dd data-field="last-sync">
          {when(s.lastAttemptAt)}
          {s.lastResult ? ` (${RESULTS[s.lastResult]})` : ''}
          {s.pending ? `, ${i18n.t('sources.interrupted')}` : ''}
        </dd>
      </dl>
      {s.lastError ? (
        <p class="nl-source__error" data-field="error">
          {s.lastError}
          {s.nextAttemptAt ? ` ${i18n.t('sources.nextTry', [new Date(s.nextAttemptAt).toLocaleString()])}` : ''}
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
  // The plural follows the total when it is known ("0 of 2,000 records"), else the count so far.
  const recordCount = i18n.t('sources.records', recordsTotal || records, [ofTotal(records.toLocaleString(), recordsTotal ? recordsTotal.toLocaleString() : undefined)]);
  const detail = running
    ? i18n.t('sources.progressRunning', [
        `${PHASES[phase]}${progress.title ? ` ${progress.title}` : ''}`,
        recordCount,
        ofTotal(mb(bytes), bytesTotal ? mb(bytesTotal) : undefined),
      ])
    : i18n.t('sources.progressDone', [PHASES[phase], progress.message ?? '']);
  return (
    <div class="nl-sync-progress" data-phase={phase} data-running={String(running)}>
      <progress aria-label={i18n.t('sources.progressLabel')} max={1} value={value} />
      <span class="nl-sync-progress__text" aria-live="polite">
        {detail}
      </span>
    </div>
  );
}
