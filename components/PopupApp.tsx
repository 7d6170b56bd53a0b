/**
 * The toolbar popup: instant search over the KB, the card of a chosen result, quick on/off
 * toggles and the KB version. Talks to the background only through the typed protocol.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { EntityCardData, KbStatus, SearchHit } from '../utils/shared/protocol';
import { sendMessage } from '../utils/shared/protocol';
import { isActiveOn, settingsItem, type Settings } from '../utils/shared/settings';
import { EntityCard } from './EntityCard';
import { TYPE_LABELS } from './format';

export function PopupApp() {
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [active, setActive] = useState(0);
  const [card, setCard] = useState<EntityCardData | null>(null);
  const [status, setStatus] = useState<KbStatus | null>(null);
  const [error, setError] = useState('');
  const input = useRef<HTMLInputElement>(null);
  // Answers can arrive out of order; only the reply to the latest keystroke is shown.
  const latest = useRef(0);

  useEffect(() => {
    input.current?.focus();
    sendMessage('getStatus').then(setStatus, (e: unknown) => setError(String(e)));
  }, []);

  async function onInput(value: string) {
    setQuery(value);
    setCard(null);
    const ticket = ++latest.current;
    try {
      const result = value.trim() ? await sendMessage('search', { query: value, limit: 20 }) : [];
      if (ticket !== latest.current) return;
      setHits(result);
      setActive(0);
      setError('');
    } catch (e) {
      if (ticket === latest.current) setError(`Search failed: ${String(e)}`);
    }
  }

  async function open(hit: SearchHit | undefined) {
    if (!hit) return;
    setCard(await sendMessage('getEntity', { id: hit.id }));
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'ArrowDown') setActive((i) => Math.min(i + 1, hits.length - 1));
    else if (event.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0));
    else if (event.key === 'Enter') void open(hits[active]);
    else if (event.key === 'Escape' && (card || query)) {
      if (card) setCard(null);
      else void onInput('');
    } else return;
    event.preventDefault();
  }

  return (
    <main class="nl-popup">
      <label class="nl-field">
        <span>Search</span>
        <input
          ref={input}
          type="search"
          value={query}
          placeholder="A person, country, treaty…"
          onInput={(e) => void onInput(e.currentTarget.value)}
          onKeyDown={onKeyDown}
          role="combobox"
          aria-expanded={hits.length > 0}
          aria-controls="nl-results"
          aria-activedescendant={hits[active] ? `nl-hit-${hits[active].id}` : undefined}
        />
      </label>
      {error && <p role="alert" class="nl-error">{error}</p>}
      {card ? (
        <section class="nl-popup__card">
          <button type="button" class="nl-link" onClick={() => setCard(null)}>
            ← Results
          </button>
          <EntityCard data={card} />
        </section>
      ) : (
        <ul id="nl-results" role="listbox" aria-label="Results" class="nl-results">
          {hits.map((hit, i) => (
            <li
              key={hit.id}
              id={`nl-hit-${hit.id}`}
              role="option"
              aria-selected={i === active}
              class={i === active ? 'is-active' : ''}
              onClick={() => void open(hit)}
            >
              <span class="nl-results__name">{hit.name}</span>
              <span class="nl-results__type">{TYPE_LABELS[hit.type]}</span>
              {hit.matched !== hit.name && <span class="nl-results__alias">“{hit.matched}”</span>}
            </li>
          ))}
          {query.trim() && hits.length === 0 && !error && <li class="nl-results__empty">No entry matches “{query}”.</li>}
        </ul>
      )}
      <QuickToggles />
      <footer class="nl-popup__foot">
        <span>
          {status
            ? `${status.entityCount.toLocaleString()} entries · ${status.sources.map((s) => s.version).join(', ')}`
            : 'Loading knowledge base…'}
        </span>
        <button type="button" class="nl-link" onClick={() => void browser.runtime.openOptionsPage()}>
          Options
        </button>
      </footer>
    </main>
  );
}

function QuickToggles() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [host, setHost] = useState<string | null>(null);

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
  const update = (patch: Partial<Settings>) => void sendMessage('updateSettings', patch).then(setSettings);
  return (
    <fieldset class="nl-toggles">
      <legend>Highlighting</legend>
      <label>
        <input type="checkbox" checked={settings.enabled} onChange={(e) => update({ enabled: e.currentTarget.checked })} />
        On everywhere
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
          On {host}
        </label>
      )}
    </fieldset>
  );
}
