/**
 * The toolbar popup: instant search over the KB (exact, prefix, one-typo; filter by type), the
 * entities on the current page, a card for either, quick toggles and the KB version. Talks to the
 * background and to the tab's content script only through the typed protocols.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import { browser } from 'wxt/browser';
import type { EntityType } from '../utils/shared/entity-types';
import type { EntityCardData } from '../utils/shared/protocol';
import { sendMessage } from '../utils/shared/protocol';
import { EntityTypeOptions } from './EntityTypeOptions';
import { OnThisPage } from './popup/OnThisPage';
import { PopupCard } from './popup/PopupCard';
import { QuickToggles } from './popup/QuickToggles';
import { hitId, RESULTS_ID, SearchResults } from './popup/SearchResults';
import { StatusLine } from './popup/StatusLine';
import { useSearch } from './popup/use-search';

export function PopupApp() {
  const search = useSearch();
  const [active, setActive] = useState(0);
  const [card, setCard] = useState<EntityCardData | null>(null);
  // Why the last card did not open: a failed request (an alert) or an entry a sync removed.
  const [error, setError] = useState('');
  const [gone, setGone] = useState(false);
  // Like the search hook's tickets: only the reply to the latest open counts, and typing or
  // going back makes a pending one stale (its card must not cover the new results).
  const openTicket = useRef(0);
  const input = useRef<HTMLInputElement>(null);
  const searching = search.query.trim() !== '';

  useEffect(() => {
    input.current?.focus();
  }, []);
  useEffect(() => setActive(0), [search.hits]);

  /** Drops a pending card and the last card's error: the reader moved on. */
  function forgetCard() {
    openTicket.current++;
    setCard(null);
    setError('');
    setGone(false);
  }

  async function open(id: string | undefined) {
    if (!id) return;
    const ticket = ++openTicket.current;
    try {
      const data = await sendMessage('getEntity', { id });
      if (ticket !== openTicket.current) return;
      setError('');
      // null: the entry left the KB (a sync removed it) since it was listed.
      setGone(data === null);
      setCard(data);
    } catch (e) {
      if (ticket === openTicket.current) setError(i18n.t('popup.openFailed', [String(e)]));
    }
  }

  function closeCard() {
    forgetCard();
    input.current?.focus();
  }

  function onKeyDown(event: KeyboardEvent) {
    const { hits } = search;
    if (event.key === 'ArrowDown') setActive((i) => Math.min(i + 1, hits.length - 1));
    else if (event.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0));
    else if (event.key === 'Enter') void open(hits[active]?.id);
    else if (event.key === 'Escape' && (card || searching)) {
      if (card) closeCard();
      else search.setQuery('');
    } else return;
    event.preventDefault();
  }

  const activeHit = searching ? search.hits[active] : undefined;
  const shownError = error || (search.error && i18n.t('popup.searchFailed', [search.error]));
  return (
    <main class="nl-popup" onKeyDown={(e) => e.key === 'Escape' && card && (e.preventDefault(), closeCard())}>
      <h1 class="nl-visually-hidden">{i18n.t('popup.title')}</h1>
      <div class="nl-popup__search">
        <label class="nl-field">
          <span>{i18n.t('popup.search')}</span>
          <input
            ref={input}
            type="search"
            value={search.query}
            placeholder={i18n.t('popup.searchPlaceholder')}
            onInput={(e) => {
              forgetCard();
              search.setQuery(e.currentTarget.value);
            }}
            onKeyDown={onKeyDown}
            role="combobox"
            autocomplete="off"
            aria-autocomplete="list"
            aria-expanded={searching && search.hits.length > 0}
            aria-controls={RESULTS_ID}
            aria-activedescendant={activeHit ? hitId(activeHit) : undefined}
          />
        </label>
        <label class="nl-field">
          <span>{i18n.t('popup.type')}</span>
          <select value={search.type} onChange={(e) => search.setType(e.currentTarget.value as EntityType | '')}>
            <option value="">{i18n.t('popup.allTypes')}</option>
            <EntityTypeOptions />
          </select>
        </label>
      </div>
      {shownError && (
        <p role="alert" class="nl-error">
          {shownError}
        </p>
      )}
      {gone && (
        <p role="status" class="nl-muted nl-popup__gone">
          {i18n.t('popup.gone')}
        </p>
      )}
      {card ? (
        <PopupCard data={card} onBack={closeCard} />
      ) : searching ? (
        <SearchResults hits={search.hits} active={active} query={search.query} onOpen={(hit) => void open(hit.id)} />
      ) : (
        <OnThisPage onOpen={(id) => void open(id)} />
      )}
      <QuickToggles />
      <footer class="nl-popup__foot">
        <StatusLine />
        <button type="button" class="nl-link" onClick={() => void browser.runtime.openOptionsPage()}>
          {i18n.t('popup.options')}
        </button>
      </footer>
    </main>
  );
}
