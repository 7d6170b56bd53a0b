/**
 * "Your data" on the options page: the corrections and own entities the reader made, and export
 * and import of all user data (notes, corrections, own entities) as one JSON file.
 */
import { useEffect, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import type { EntityRecord } from '../../utils/shared/kb-schema';
import type { ImportReport, UserCorrection } from '../../utils/shared/protocol';
import { sendMessage } from '../../utils/shared/protocol';
import { TYPE_LABELS } from '../format';
import { ImportReportView } from './ImportReportView';

export function UserDataSection() {
  const [corrections, setCorrections] = useState<UserCorrection[] | null>(null);
  const [own, setOwn] = useState<EntityRecord[] | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [message, setMessage] = useState('');

  const reload = () =>
    Promise.all([sendMessage('listCorrections'), sendMessage('listOwnEntities')]).then(
      ([c, o]) => {
        setCorrections(c);
        setOwn(o);
      },
      (e: unknown) => setMessage(String(e)),
    );
  useEffect(() => void reload(), []);

  async function exportFile() {
    const text = await sendMessage('exportUserData');
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `newslens-user-data-${new Date().toISOString().slice(0, 10)}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setMessage(i18n.t('options.userData.exported'));
  }

  async function importFile(input: HTMLInputElement) {
    const file = input.files?.[0];
    if (!file) return;
    try {
      setReport(await sendMessage('importUserData', { text: await file.text() }));
      setMessage('');
      await reload();
    } catch (e) {
      setMessage(String(e));
    } finally {
      input.value = '';
    }
  }

  return (
    <section aria-labelledby="nl-h-user">
      <h2 id="nl-h-user">{i18n.t('options.userData.title')}</h2>
      <p class="nl-muted">{i18n.t('options.userData.intro')}</p>

      <h3>{i18n.t('options.userData.corrections')}</h3>
      {corrections?.length ? (
        <ul class="nl-user-list" aria-label={i18n.t('options.userData.corrections')}>
          {corrections.map((c) => (
            <li key={c.id}>
              <span>
                {c.action === 'not-an-entity'
                  ? i18n.t('options.userData.notAnEntity', [c.alias, c.entityName ?? c.entityId])
                  : i18n.t('options.userData.useInstead', [c.alias, c.replacementName ?? c.replacementId ?? '', c.entityName ?? c.entityId])}{' '}
                <span class="nl-muted">{c.site ? i18n.t('options.userData.onSite', [c.site]) : i18n.t('options.userData.everywhere')}</span>
              </span>
              <button
                type="button"
                class="nl-link"
                aria-label={i18n.t('options.userData.deleteCorrection', [c.alias])}
                onClick={() => void sendMessage('deleteCorrection', { id: c.id }).then(reload)}
              >
                {i18n.t('options.userData.delete')}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p class="nl-muted">{corrections ? i18n.t('options.userData.noCorrections') : i18n.t('options.loading')}</p>
      )}

      <h3>{i18n.t('options.userData.ownEntities')}</h3>
      {own?.length ? (
        <ul class="nl-user-list" aria-label={i18n.t('options.userData.ownEntities')}>
          {own.map((e) => (
            <li key={e.id} data-entity-id={e.id}>
              <span>
                {e.name} <span class="nl-muted">{TYPE_LABELS[e.type]}</span>
              </span>
              <button
                type="button"
                class="nl-link"
                aria-label={i18n.t('options.userData.deleteOwn', [e.name])}
                onClick={() => void sendMessage('deleteOwnEntity', { entityId: e.id }).then(reload)}
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
        <label class="nl-button">
          {i18n.t('options.userData.import')}
          <input type="file" accept="application/json,.json" class="nl-visually-hidden" onChange={(e) => void importFile(e.currentTarget)} />
        </label>
      </div>
      {message && <p role="status">{message}</p>}
      {report && <ImportReportView report={report} />}
    </section>
  );
}
