/**
 * The options page: what to highlight and how, the feed sources, the reader's own data and the
 * state of the knowledge base (each larger section in components/options/).
 */
import { i18n } from '#i18n';
import { useEffect, useState } from 'preact/hooks';
import { ENTITY_TYPES } from '../utils/shared/entity-types';
import { sendMessage } from '../utils/shared/protocol';
import { settingsItem, type Settings } from '../utils/shared/settings';
import { TYPE_LABELS } from './format';
import { HoverDelayField } from './options/HoverDelayField';
import { KbSection } from './options/KbSection';
import { SourcesSection } from './options/SourcesSection';
import { UserDataSection } from './options/UserDataSection';

export function OptionsApp() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [message, setMessage] = useState('');
  // Moves when a source is removed or switched, so the KB table re-reads (see KbSection).
  const [sourcesChanged, setSourcesChanged] = useState(0);

  useEffect(() => {
    void settingsItem.getValue().then(setSettings);
    return settingsItem.watch((next: Settings) => setSettings(next));
  }, []);

  /** Asks the background to store a change; true when it did. */
  const update = (patch: Partial<Settings>): Promise<boolean> =>
    sendMessage('updateSettings', patch).then(
      (next) => {
        setSettings(next);
        setMessage('');
        return true;
      },
      (e: unknown) => {
        setMessage(i18n.t('options.notSaved', [String(e)]));
        // Re-render with what is stored, so a checkbox or select the reader changed flips back.
        setSettings((s) => s && { ...s });
        return false;
      },
    );

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
          <HoverDelayField value={settings.hoverDelayMs} onSave={(ms) => update({ hoverDelayMs: ms })} />
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
      <SourcesSection onChanged={() => setSourcesChanged((n) => n + 1)} />
      <UserDataSection />
      <KbSection changed={sourcesChanged} />
    </main>
  );
}
