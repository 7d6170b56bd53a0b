/**
 * "Your data" on the options page: the corrections and own entities the reader made, and export
 * and import of all user data (notes, corrections, own entities) as one JSON file.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import type { EntityRecord } from '../../utils/shared/kb-schema';
import type { ImportReport, UserCorrection } from '../../utils/shared/protocol';
import { sendMessage } from '../../utils/shared/protocol';
import { isolate, TYPE_LABELS } from '../format';
import { ImportReportView } from './ImportReportView';

/**
 * The background takes at most 20,000,000 characters (ImportUserDataRequest in
 * shared/protocol-schemas.ts). A character is at least one byte, so a larger file is refused
 * from its size, before the page reads all of it into memory.
 */
export const IMPORT_MAX_BYTES = 20_000_000;

type ListName = 'corrections' | 'own';

function errorText(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/^Error: /, '');
}

export function UserDataSection() {
  const [corrections, setCorrections] = useState<UserCorrection[] | null>(null);
  const [own, setOwn] = useState<EntityRecord[] | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const [importing, setImporting] = useState(false);
  // After a delete the button that had focus is gone: focus goes to the item that took its place
  // (or the one before), else to the list's heading, not back to <body>.
  const pendingFocus = useRef<{ list: ListName; index: number } | null>(null);
  const lists = { corrections: useRef<HTMLHeadingElement>(null), own: useRef<HTMLHeadingElement>(null) };

  const reload = () =>
    Promise.all([sendMessage('listCorrections'), sendMessage('listOwnEntities')]).then(
      ([c, o]) => {
        setCorrections(c);
        setOwn(o);
      },
      (e: unknown) => setError(i18n.t('options.userData.readFailed', [errorText(e)])),
    );
  useEffect(() => void reload(), []);

  useEffect(() => {
    const target = pendingFocus.current;
    if (!target) return;
    pendingFocus.current = null;
    const heading = lists[target.list].current;
    const buttons = [...(heading?.parentElement?.querySelectorAll<HTMLButtonElement>(`[data-list="${target.list}"] button`) ?? [])];
    (buttons[target.index] ?? buttons[target.index - 1] ?? heading)?.focus();
  }, [corrections, own]);

  function show(ok: string) {
    setMessage(ok);
    setError('');
  }
  function fail(text: string) {
    setMessage('');
    setError(text);
  }

  async function remove(list: ListName, index: number, action: () => Promise<unknown>) {
    try {
      await action();
      pendingFocus.current = { list, index };
      setError('');
      await reload();
    } catch (e) {
      fail(i18n.t('options.userData.deleteFailed', [errorText(e)]));
    }
  }

  async function exportFile() {
    try {
      const text = await sendMessage('exportUserData');
      const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `newslens-user-data-${new Date().toISOString().slice(0, 10)}.json`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      show(i18n.t('options.userData.exported'));
    } catch (e) {
      fail(i18n.t('options.userData.exportFailed', [errorText(e)]));
    }
  }

  async function importFile(input: HTMLInputElement) {
    const file = input.files?.[0];
    if (!file) return;
    // The last import's report is about another file.
    setReport(null);
    try {
      if (file.size > IMPORT_MAX_BYTES) {
        fail(i18n.t('options.userData.tooLarge', [(file.size / 1e6).toFixed(1), String(IMPORT_MAX_BYTES / 1e6)]));
        return;
      }
      setImporting(true);
      show(i18n.t('options.userData.importing'));
      setReport(await sendMessage('importUserData', { text: await file.text() }));
      setMessage('');
      await reload();
    } catch (e) {
      fail(i18n.t('options.userData.importFailed', [errorText(e)]));
    } finally {
      setImporting(false);
      input.value = '';
    }
  }

  return (
    <section aria-labelledby="nl-h-user" class="nl-user-data">
      <h2 id="nl-h-user">{i18n.t('options.userData.title')}</h2>
      <p class="nl-muted">{i18n.t('options.userData.intro')}</p>

      <h3 ref={lists.corrections} tabIndex={-1}>
        {i18n.t('options.userData.corrections')}
      </h3>
      {corrections?.length ? (
        <ul class="nl-user-list" data-list="corrections" aria-label={i18n.t('options.userData.corrections')}>
          {corrections.map((c, i) => (
            <li key={c.id}>
              {/* The words and names are page and KB text: isolated, so an RTL override in one stays inside it. */}
              <span>
                {c.action === 'not-an-entity'
                  ? i18n.t('options.userData.notAnEntity', [isolate(c.alias), isolate(c.entityName ?? c.entityId)])
                  : i18n.t('options.userData.useInstead', [
                      isolate(c.alias),
                      isolate(c.replacementName ?? c.replacementId ?? ''),
                      isolate(c.entityName ?? c.entityId),
                    ])}{' '}
                <span class="nl-muted">{c.site ? i18n.t('options.userData.onSite', [c.site]) : i18n.t('options.userData.everywhere')}</span>
              </span>
              <button
                type="button"
                class="nl-link"
                aria-label={i18n.t('options.userData.deleteCorrection', [c.alias])}
                onClick={() => void remove('corrections', i, () => sendMessage('deleteCorrection', { id: c.id }))}
              >
                {i18n.t('options.userData.delete')}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p class="nl-muted">{corrections ? i18n.t('options.userData.noCorrections') : i18n.t('options.loading')}</p>
      )}

      <h3 ref={lists.own} tabIndex={-1}>
        {i18n.t('options.userData.ownEntities')}
      </h3>
      {own?.length ? (
        <ul class="nl-user-list" data-list="own" aria-label={i18n.t('options.userData.ownEntities')}>
          {own.map((e, i) => (
            <li key={e.id} data-entity-id={e.id}>
              <span>
                <bdi>{e.name}</bdi> <span class="nl-muted">{TYPE_LABELS[e.type]}</span>
              </span>
              <button
                type="button"
                class="nl-link"
                aria-label={i18n.t('options.userData.deleteOwn', [e.name])}
                onClick={() => void remove('own', i, () => sendMessage('deleteOwnEntity', { entityId: e.id }))}
              >
                {i18n.t('options.userData.delete')}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p class="nl-muted">{own ? i18n.t('options.userData.noOwn') : i18n.t('options.loading')}</p>
      )}

      <div class="nl-actions">
        <button type="button" class="nl-button" onClick={() => void exportFile()}>
          {i18n.t('options.userData.export')}
        </button>
        <label class={importing ? 'nl-button is-busy' : 'nl-button'}>
          {i18n.t('options.userData.import')}
          <input
            type="file"
            accept="application/json,.json"
            class="nl-visually-hidden"
            disabled={importing}
            onChange={(e) => void importFile(e.currentTarget)}
          />
        </label>
      </div>
      {message && <p role="status">{message}</p>}
      {error && (
        <p role="alert" class="nl-error">
          {error}
        </p>
      )}
      {report && <ImportReportView report={report} />}
    </section>
  );
}
