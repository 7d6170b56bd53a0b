/**
 * The options page: what to highlight and how, and the state of the knowledge base.
 * (Feed sources, sync and import/export arrive with the sync and user-data work.)
 */
import { i18n } from '#i18n';
import { useEffect, useState } from 'preact/hooks';
import { ENTITY_TYPES } from '../utils/shared/entity-types';
import type { KbStatus } from '../utils/shared/protocol';
import { sendMessage } from '../utils/shared/protocol';
import { settingsItem, type Settings } from '../utils/shared/settings';
import { TYPE_LABELS } from './format';
import { SourcesSection } from './options/SourcesSection';
import { UserDataSection } from './options/UserDataSection';

export function OptionsApp() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [status, setStatus] = useState<KbStatus | null>(null);
  const [message, setMessage] = useState('');

  useEffect(() => {
    void settingsItem.getValue().then(setSettings);
    sendMessage('getStatus').then(setStatus, (e: unknown) => setMessage(i18n.t('options.readFailed', [String(e)])));
    return settingsItem.watch((next: Settings) => setSettings(next));
  }, []);

  const update = (patch: Partial<Settings>) =>
    sendMessage('updateSettings', patch).then(setSettings, (e: unknown) => setMessage(i18n.t('options.notSaved', [String(e)])));

  async function reset() {
    if (!confirm(i18n.t('options.resetConfirm'))) return;
    setMessage(i18n.t('options.reimporting'));
    try {
      setStatus(await sendMessage('resetKb'));
      setMessage(i18n.t('options.reimported'));
    } catch (e) {
      setMessage(i18n.t('options.resetFailed', [String(e)]));
    }
  }

  return (
    <main class="nl-options">
      <h1>{i18n.t('options.title')}</h1>
      {message && <p role="status">{message}</p>}
      {settings && (
        <section aria-labelledby="nl-h-highlight">
          <h2 id="nl-h-highlight">{i18n.t('options.highlight.title')}</h2>
          <label>
            <input type="checkbox" checked={settings.enabled} onChange={(e) => void update({ enabled: e.currentTarget.checked })} />{' '}
            {i18n.t('options.highlight.allSites')}
          </label>
          <fieldset class="nl-toggles">
            <legend>{i18n.t('options.highlight.kinds')}</legend>
            <div class="nl-checks">
              {ENTITY_TYPES.map((type) => (
                <label key={type}>
                  <input
                    type="checkbox"
                    checked={settings.types.includes(type)}
                    onChange={(e) =>
                      void update({
                        types: e.currentTarget.checked
                          ? [...settings.types, type]
                          : settings.types.filter((t) => t !== type),
                      })
                    }
                  />{' '}
                  {TYPE_LABELS[type]}
                </label>
              ))}
            </div>
          </fieldset>
          <label>
            {i18n.t('options.highlight.markStyle')}{' '}
            <select
              value={settings.markStyle}
              onChange={(e) => void update({ markStyle: e.currentTarget.value as Settings['markStyle'] })}
            >
              <option value="underline">{i18n.t('options.highlight.underline')}</option>
              <option value="background">{i18n.t('options.highlight.background')}</option>
            </select>
          </label>
          <label>
            {i18n.t('options.highlight.mark')}{' '}
            <select
              value={settings.density}
              onChange={(e) => void update({ density: e.currentTarget.value as Settings['density'] })}
            >
              <option value="every">{i18n.t('options.highlight.every')}</option>
              <option value="first">{i18n.t('options.highlight.first')}</option>
            </select>
          </label>
          <label>
            {i18n.t('options.highlight.hoverDelay')}{' '}
            <input
              type="number"
              min={0}
              max={2000}
              step={50}
              value={settings.hoverDelayMs}
              onChange={(e) => void update({ hoverDelayMs: Number(e.currentTarget.value) })}
            />
          </label>
          {settings.disabledSites.length > 0 && (
            <p>
              {i18n.t('options.highlight.offOn', [settings.disabledSites.join(', ')])}{' '}
              <button type="button" class="nl-link" onClick={() => void update({ disabledSites: [] })}>
                {i18n.t('options.highlight.onEverywhere')}
              </button>
            </p>
          )}
        </section>
      )}
      <SourcesSection />
      <UserDataSection />
      <section aria-labelledby="nl-h-kb">
        <h2 id="nl-h-kb">{i18n.t('options.kb.title')}</h2>
        {status ? (
          <table>
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
                <tr key={s.id}>
                  <td>{s.title}</td>
                  <td>{s.version}</td>
                  <td>{s.entityCount.toLocaleString()}</td>
                  <td>{new Date(s.importedAt).toLocaleString()}</td>
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
    </main>
  );
}
