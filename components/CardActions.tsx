/**
 * What a reader can do from a card on a page: pin it open, close it, and correct the spotter
 * ("Not an entity here", "Not this? pick another"). Corrections are stored as user data and
 * applied the next time the page is read.
 */
import { i18n } from '#i18n';
import { useState } from 'preact/hooks';
import type { EntitySummary } from '../utils/shared/protocol';

export interface CardActionHandlers {
  pinned: boolean;
  onPin: () => void;
  onClose: () => void;
  onNotAnEntity: () => void;
  onPick: (entityId: string) => void;
}

export function CardToolbar({ actions }: { actions: CardActionHandlers }) {
  return (
    <div class="nl-card__toolbar">
      <button type="button" class="nl-icon" aria-pressed={actions.pinned} onClick={actions.onPin} title={i18n.t('card.pinTitle')}>
        {actions.pinned ? i18n.t('card.unpin') : i18n.t('card.pin')}
      </button>
      <button type="button" class="nl-icon" onClick={actions.onClose} aria-label={i18n.t('card.close')}>
        ×
      </button>
    </div>
  );
}

export function CardCorrections({ actions, alternatives }: { actions: CardActionHandlers; alternatives: readonly EntitySummary[] }) {
  const [choosing, setChoosing] = useState(false);
  return (
    <div class="nl-card__corrections">
      {alternatives.length > 0 &&
        (choosing ? (
          <ul class="nl-card__alternatives" aria-label={i18n.t('card.otherMeanings')}>
            {alternatives.map((alt) => (
              <li key={alt.id}>
                <button type="button" class="nl-link" onClick={() => actions.onPick(alt.id)}>
                  {alt.name}
                </button>{' '}
                <span class="nl-card__note">{alt.description}</span>
              </li>
            ))}
          </ul>
        ) : (
          <button type="button" class="nl-link" onClick={() => setChoosing(true)}>
            {i18n.t('card.pickAnother')}
          </button>
        ))}
      <button type="button" class="nl-link" onClick={actions.onNotAnEntity}>
        {i18n.t('card.notAnEntity')}
      </button>
    </div>
  );
}
