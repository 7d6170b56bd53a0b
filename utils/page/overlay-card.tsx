/**
 * The card as shown on a page: waits for its data, then renders the shared EntityCard with the
 * page's context (article date, entities on the page, alternatives) and the page actions.
 */
import { useEffect, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import { EntityCard } from '../../components/EntityCard';
import type { CardActionHandlers } from '../../components/CardActions';
import type { EntityCardData, EntitySummary, Mention } from '../shared/protocol';

export interface OverlayCardProps {
  mention: Mention;
  data: Promise<EntityCardData | null>;
  /** The data when it is already here (an entity hovered before): the card paints at once. */
  known?: EntityCardData | null;
  alternatives: Promise<EntitySummary[]>;
  articleDate?: string;
  onPage: ReadonlySet<string>;
  actions: CardActionHandlers;
}

type State = { kind: 'loading' } | { kind: 'missing' } | { kind: 'failed' } | { kind: 'ready'; data: EntityCardData };

export function OverlayCard(props: OverlayCardProps) {
  const initial = (): State =>
    props.known === undefined ? { kind: 'loading' } : props.known ? { kind: 'ready', data: props.known } : { kind: 'missing' };
  const [state, setState] = useState<State>(initial);
  const [alternatives, setAlternatives] = useState<EntitySummary[]>([]);

  useEffect(() => {
    let live = true;
    // Keep the state object when nothing changed: a new one would render the whole card again
    // right after it was first painted (a cached card is ready from the start).
    const settle = (next: State) => live && setState((prev) => (sameState(prev, next) ? prev : next));
    settle(initial());
    if (props.known === undefined) {
      props.data.then(
        (data) => settle(data ? { kind: 'ready', data } : { kind: 'missing' }),
        () => settle({ kind: 'failed' }),
      );
    }
    props.alternatives.then(
      (list) => live && setAlternatives((prev) => (prev.length === 0 && list.length === 0 ? prev : list)),
      () => undefined, // alternatives are optional; the card works without them
    );
    return () => {
      live = false;
    };
    // `initial` reads props.known, which only changes together with props.data.
  }, [props.data, props.alternatives]);

  switch (state.kind) {
    case 'loading':
      return <p class="nl-loading">{i18n.t('card.page.loading')}</p>;
    case 'missing':
      return <p class="nl-loading">{i18n.t('card.page.missing')}</p>;
    case 'failed':
      return <p class="nl-loading">{i18n.t('card.page.failed')}</p>;
    case 'ready':
      return (
        <EntityCard
          data={state.data}
          mention={props.mention}
          articleDate={props.articleDate}
          onPage={props.onPage}
          alternatives={alternatives}
          actions={props.actions}
          // The card lives in a shadow root the page can read: the notes are an extension page
          // in a frame there, out of the page's reach (components/CardNotes.tsx).
          notes="frame"
        />
      );
  }
}

function sameState(a: State, b: State): boolean {
  return a.kind === b.kind && (a.kind !== 'ready' || a.data === (b as { data: EntityCardData }).data);
}

/** A treaty-shaped name the KB does not hold: say so plainly rather than show nothing. */
export function UnknownTreatyCard({ name, onClose }: { name: string; onClose: () => void }) {
  return (
    <article class="nl-card" aria-label={i18n.t('card.page.unknownTreatyLabel', [name])}>
      <header class="nl-card__head">
        <h2 class="nl-card__name">{name}</h2>
        <span class="nl-card__type">{i18n.t('card.page.treatyReference')}</span>
        <div class="nl-card__toolbar">
          <button type="button" class="nl-icon" onClick={onClose} aria-label={i18n.t('card.close')}>
            ×
          </button>
        </div>
      </header>
      <p class="nl-card__desc">{i18n.t('card.page.unknownTreaty')}</p>
    </article>
  );
}
