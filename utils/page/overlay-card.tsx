/**
 * The card as shown on a page: waits for its data, then renders the shared EntityCard with the
 * page's context (article date, entities on the page, alternatives) and the page actions.
 */
import { useEffect, useState } from 'preact/hooks';
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
    setState(initial());
    props.data.then(
      (data) => live && setState(data ? { kind: 'ready', data } : { kind: 'missing' }),
      () => live && setState({ kind: 'failed' }),
    );
    props.alternatives.then(
      (list) => live && setAlternatives(list),
      () => undefined, // alternatives are optional; the card works without them
    );
    return () => {
      live = false;
    };
    // `initial` reads props.known, which only changes together with props.data.
  }, [props.data, props.alternatives]);

  switch (state.kind) {
    case 'loading':
      return <p class="nl-loading">Loading…</p>;
    case 'missing':
      return <p class="nl-loading">This entry is no longer in the knowledge base.</p>;
    case 'failed':
      return <p class="nl-loading">Newslens could not load this card.</p>;
    case 'ready':
      return (
        <EntityCard
          data={state.data}
          mention={props.mention}
          articleDate={props.articleDate}
          onPage={props.onPage}
          alternatives={alternatives}
          actions={props.actions}
          notes
        />
      );
  }
}

/** A treaty-shaped name the KB does not hold: say so plainly rather than show nothing. */
export function UnknownTreatyCard({ name, onClose }: { name: string; onClose: () => void }) {
  return (
    <article class="nl-card" aria-label={`${name}: not in the knowledge base`}>
      <header class="nl-card__head">
        <h2 class="nl-card__name">{name}</h2>
        <span class="nl-card__type">Treaty reference</span>
        <div class="nl-card__toolbar">
          <button type="button" class="nl-icon" onClick={onClose} aria-label="Close card">
            ×
          </button>
        </div>
      </header>
      <p class="nl-card__desc">This looks like the name of a treaty or agreement, but it is not in the knowledge base yet.</p>
    </article>
  );
}
