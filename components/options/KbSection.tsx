/**
 * Options page, "Knowledge base": each source's version, entry count and when it was imported,
 * and re-import of the bundled pack.
 *
 * The table must follow syncs that happen while the page is open (Sync now, a feed just added,
 * the schedule): like SourcesSection, it re-reads the status on every sync progress report
 * (utils/sync/progress.ts), and when `changed` moves (a source removed or switched, which
 * reports no progress).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import type { KbStatus } from '../../utils/shared/protocol';
import { sendMessage } from '../../utils/shared/protocol';
import { syncProgressItem } from '../../utils/sync/progress';

/** A feed added but not synced yet has `importedAt: ''`: say so rather than "Invalid Date". */
export function importedText(importedAt: string): string {
  const date = importedAt ? new Date(importedAt) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date.toLocaleString() : i18n.t('options.kb.notSynced');
}

export function KbSection({ changed = 0 }: { changed?: number }) {
  const [status, setStatus] = useState<KbStatus | null>(null);
  const [message, setMessage] = useState('');
  // Apart from `message`: the next successful read (the next sync report) clears it.
  const [readError, setReadError] = useState('');
  // Replies can arrive out of order (a report every 100 ms while downloading): keep the latest.
  const latest = useRef(0);

  const read = () => {
    const ticket = ++latest.current;
    sendMessage('getStatus').then(
      (s) => {
        if (ticket !== latest.current) return;
        setStatus(s);
        setReadError('');
      },
      (e: unknown) => ticket === latest.current && setReadError(i18n.t('options.readFailed', [String(e)])),
    );
  };

  useEffect(() => syncProgressItem.watch(() => read()), []);
  useEffect(read, [changed]);

  async function reset() {
    if (!confirm(i18n.t('options.resetConfirm'))) return;
    setMessage(i18n.t('options.reimporting'));
    const ticket = ++latest.current;
    try {
      const next = await sendMessage('resetKb');
      if (ticket === latest.current) setStatus(next);
      setMessage(i18n.t('options.reimported'));
    } catch (e) {
      setMessage(i18n.t('options.resetFailed', [String(e)]));
    }
  }

  return (
    <section aria-labelledby="nl-h-kb">
      <h2 id="nl-h-kb">{i18n.t('options.kb.title')}</h2>
      {message && <p role="status">{message}</p>}
      {readError && (
        <p role="alert" class="nl-error">
          {readError}
        </p>
      )}
      {status ? (
        <table class="nl-kb-table">
          <thead>
            <tr>
              <th scope="col">{i18n.t('options.kb.source')}</th>
              <th scope="col">{i18n.t('options.kb.version')}</th>
              <th scope="col">{i18n.t('options.kb.entries')}</th>
              <th scope="col">{i18n.t('options.kb.imported')}</th>
            </tr>
          </thead>
          <tbody>
            {status.sources.map((s) => (
              <tr key={s.id} data-source-id={s.id}>
                {/* A feed's title and version are its author's text (see SourcesSection). */}
                <td dir="auto">{s.title}</td>
                <td dir="auto">{s.version}</td>
                <td>{s.entityCount.toLocaleString()}</td>
                <td>{importedText(s.importedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{i18n.t('options.loading')}</p>
      )}
      <div>
        <button type="button" class="nl-button" onClick={() => void reset()}>
          {i18n.t('options.kb.reimport')}
        </button>
      </div>
    </section>
  );
}
