/** Quick switches: Newslens on everywhere, and on the active tab's site. */
import { useEffect, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import { browser } from 'wxt/browser';
import { sendMessage } from '../../utils/shared/protocol';
import { isActiveOn, settingsItem, type Settings } from '../../utils/shared/settings';

export function QuickToggles() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [host, setHost] = useState<string | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    void settingsItem.getValue().then(setSettings);
    void browser.tabs.query({ active: true, currentWindow: true }).then(([tab]) => {
      try {
        const url = new URL(tab?.url ?? '');
        if (url.protocol === 'http:' || url.protocol === 'https:') setHost(url.hostname);
      } catch {
        // No URL (no tabs permission on this page or a browser page): no per-site toggle.
      }
    });
    return settingsItem.watch((next: Settings) => setSettings(next));
  }, []);

  if (!settings) return null;
  const update = (patch: Partial<Settings>) =>
    void sendMessage('updateSettings', patch).then(
      (next) => {
        setSettings(next);
        setError('');
      },
      (e: unknown) => {
        // Not stored: re-render with the stored settings so the checkbox flips back, and say why.
        setSettings((s) => s && { ...s });
        setError(i18n.t('popup.toggles.failed', [String(e)]));
      },
    );
  return (
    <fieldset class="nl-toggles">
      <legend>{i18n.t('popup.toggles.legend')}</legend>
      <label>
        <input type="checkbox" checked={settings.enabled} onChange={(e) => update({ enabled: e.currentTarget.checked })} />
        {i18n.t('popup.toggles.everywhere')}
      </label>
      {host && (
        <label>
          <input
            type="checkbox"
            checked={isActiveOn(settings, host)}
            disabled={!settings.enabled}
            onChange={(e) =>
              update({
                disabledSites: e.currentTarget.checked
                  ? settings.disabledSites.filter((h) => h !== host)
                  : [...settings.disabledSites, host],
              })
            }
          />
          {i18n.t('popup.toggles.site', [host])}
        </label>
      )}
      {error && (
        <p role="alert" class="nl-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}
