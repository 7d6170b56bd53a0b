/**
 * "On this page": the entities marked in the active tab, grouped by type, with how often each is
 * mentioned. Asks the tab's content script (frame 0) through ContentProtocol; clicking an entity
 * asks it to scroll to the first mention and flash it.
 */
import { useEffect, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import { browser } from 'wxt/browser';
import { ENTITY_TYPES } from '../../utils/shared/entity-types';
import type { EntitySummary, PageEntity } from '../../utils/shared/protocol';
import { contentMessaging, sendMessage } from '../../utils/shared/protocol';
import { TYPE_LABELS } from '../format';

/** getSummaries takes at most this many ids per request. */
const SUMMARY_BATCH = 50;

type State = { kind: 'loading' } | { kind: 'unavailable' } | { kind: 'ready'; tabId: number; entities: (PageEntity & { name: string })[] };

async function loadPageEntities(): Promise<State> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  if (tab?.id === undefined) return { kind: 'unavailable' };
  const target = { tabId: tab.id, frameId: 0 };
  const entities = await contentMessaging.sendMessage('getPageEntities', undefined, target).catch(() => undefined);
  if (!entities) return { kind: 'unavailable' };
  const names = new Map<string, string>();
  for (let i = 0; i < entities.length; i += SUMMARY_BATCH) {
    const batch: EntitySummary[] = await sendMessage('getSummaries', { ids: entities.slice(i, i + SUMMARY_BATCH).map((e) => e.id) });
    for (const s of batch) names.set(s.id, s.name);
  }
  return { kind: 'ready', tabId: tab.id, entities: entities.map((e) => ({ ...e, name: names.get(e.id) ?? e.firstMention })) };
}

export function OnThisPage({ onOpen }: { onOpen: (id: string) => void }) {
  const [state, setState] = useState<State>({ kind: 'loading' });
  useEffect(() => {
    loadPageEntities().then(setState, () => setState({ kind: 'unavailable' }));
  }, []);

  if (state.kind === 'loading') return null;
  if (state.kind === 'unavailable') return <p class="nl-muted">{i18n.t('popup.page.unavailable')}</p>;
  if (state.entities.length === 0) return <p class="nl-muted">{i18n.t('popup.page.none')}</p>;
  const reveal = (id: string) =>
    void contentMessaging.sendMessage('revealEntity', { id }, { tabId: state.tabId, frameId: 0 }).catch(() => undefined);

  return (
    <section class="nl-page" aria-labelledby="nl-h-page">
      <h2 id="nl-h-page" class="nl-page__title">
        {i18n.t('popup.page.title')}
      </h2>
      {ENTITY_TYPES.map((type) => {
        const group = state.entities.filter((e) => e.type === type).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
        if (group.length === 0) return null;
        return (
          <section key={type} class="nl-page__group" aria-label={TYPE_LABELS[type]}>
            <h3>{TYPE_LABELS[type]}</h3>
            <ul>
              {group.map((e) => (
                <li key={e.id} data-entity-id={e.id}>
                  <button type="button" class="nl-page__entity" onClick={() => reveal(e.id)} title={i18n.t('popup.page.showOnPage')}>
                    {/* <bdi>: a name is KB or page text; an RTL override in it must not reverse the count. */}
                    <bdi>{e.name}</bdi> <span class="nl-page__count">{i18n.t('popup.page.mentions', e.count)}</span>
                  </button>
                  <button type="button" class="nl-link nl-page__card" onClick={() => onOpen(e.id)} aria-label={i18n.t('popup.page.openCard', [e.name])}>
                    {i18n.t('popup.page.card')}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </section>
  );
}
