/**
 * The options page: what to highlight and how, and the state of the knowledge base.
 * (Feed sources, sync and import/export arrive with the sync and user-data work.)
 */
import { useEffect, useState } from 'preact/hooks';
import { ENTITY_TYPES } from '../utils/shared/entity-types';
import type { KbStatus } from '../utils/shared/protocol';
import { sendMessage } from '../utils/shared/protocol';
import { settingsItem, type Settings } from '../utils/shared/settings';
import { TYPE_LABELS } from './format';
import { SourcesSection } from './options/SourcesSection';

export function OptionsApp() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [status, setStatus] = useState<KbStatus | null>(null);
  const [message, setMessage] = useState('');

  useEffect(() => {
    void settingsItem.getValue().then(setSettings);
    sendMessage('getStatus').then(setStatus, (e: unknown) => setMessage(`Could not read the knowledge base: ${String(e)}`));
    return settingsItem.watch((next: Settings) => setSettings(next));
  }, []);

  const update = (patch: Partial<Settings>) =>
    sendMessage('updateSettings', patch).then(setSettings, (e: unknown) => setMessage(`Not saved: ${String(e)}`));

  async function reset() {
    if (!confirm('Re-import the bundled knowledge base? Your notes and corrections are kept.')) return;
    setMessage('Re-importing…');
    try {
      setStatus(await sendMessage('resetKb'));
      setMessage('The knowledge base was re-imported.');
    } catch (e) {
      setMessage(`Reset failed: ${String(e)}`);
    }
  }

  return (
    <main class="nl-options">
      <h1>Newslens</h1>
      {message && <p role="status">{message}</p>}
      {settings && (
        <section aria-labelledby="nl-h-highlight">
          <h2 id="nl-h-highlight">What to highlight</h2>
          <label>
            <input type="checkbox" checked={settings.enabled} onChange={(e) => void update({ enabled: e.currentTarget.checked })} />{' '}
            Highlight on all sites
          </label>
          <fieldset class="nl-toggles">
            <legend>Kinds of names</legend>
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
            Mark style{' '}
            <select
              value={settings.markStyle}
              onChange={(e) => void update({ markStyle: e.currentTarget.value as Settings['markStyle'] })}
            >
              <option value="underline">Dotted underline</option>
              <option value="background">Tinted background</option>
            </select>
          </label>
          <label>
            Mark{' '}
            <select
              value={settings.density}
              onChange={(e) => void update({ density: e.currentTarget.value as Settings['density'] })}
            >
              <option value="every">every mention</option>
              <option value="first">only the first mention of each name</option>
            </select>
          </label>
          <label>
            Hover delay (ms){' '}
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
              Switched off on: {settings.disabledSites.join(', ')}{' '}
              <button type="button" class="nl-link" onClick={() => void update({ disabledSites: [] })}>
                Switch on everywhere
              </button>
            </p>
          )}
        </section>
      )}
      <SourcesSection />
      <section aria-labelledby="nl-h-kb">
        <h2 id="nl-h-kb">Knowledge base</h2>
        {status ? (
          <table>
            <thead>
              <tr>
                <th scope="col">Source</th>
                <th scope="col">Version</th>
                <th scope="col">Entries</th>
                <th scope="col">Imported</th>
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
          <p>Loading…</p>
        )}
        <div>
          <button type="button" class="nl-button" onClick={() => void reset()}>
            Re-import bundled knowledge base
          </button>
        </div>
      </section>
    </main>
  );
}
