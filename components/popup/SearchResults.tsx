/** The search hits as a listbox driven from the search field (aria-activedescendant). */
import { i18n } from '#i18n';
import type { SearchHit } from '../../utils/shared/protocol';
import { TYPE_LABELS } from '../format';

export const RESULTS_ID = 'nl-results';
export const hitId = (hit: SearchHit) => `nl-hit-${hit.id}`;

export interface SearchResultsProps {
  hits: SearchHit[];
  active: number;
  query: string;
  onOpen: (hit: SearchHit) => void;
}

export function SearchResults({ hits, active, query, onOpen }: SearchResultsProps) {
  return (
    <>
      <ul id={RESULTS_ID} role="listbox" aria-label={i18n.t('popup.results')} class="nl-results">
        {hits.map((hit, i) => (
          <li
            key={hit.id}
            id={hitId(hit)}
            role="option"
            aria-selected={i === active}
            class={i === active ? 'is-active' : ''}
            data-kind={hit.kind}
            onClick={() => onOpen(hit)}
          >
            {/* dir="auto"/<bdi>: KB and user text; an RTL override in a name must not reverse the labels beside it. */}
            <span class="nl-results__name" dir="auto">
              {hit.name}
            </span>
            <span class="nl-results__type">{TYPE_LABELS[hit.type]}</span>
            {hit.matched !== hit.name && <span class="nl-results__alias">
                “<bdi>{hit.matched}</bdi>”
              </span>}
            {hit.kind === 'typo' && <span class="nl-results__alias">{i18n.t('popup.closeMatch')}</span>}
          </li>
        ))}
      </ul>
      {query.trim() && hits.length === 0 && <p class="nl-results__empty">{i18n.t('popup.noMatch', [query])}</p>}
    </>
  );
}
