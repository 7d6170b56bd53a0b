/** A card opened from the popup: the shared EntityCard with the reader's notes, and a way back. */
import { useEffect, useRef } from 'preact/hooks';
import { i18n } from '#i18n';
import type { EntityCardData } from '../../utils/shared/protocol';
import { EntityCard } from '../EntityCard';

export function PopupCard({ data, onBack }: { data: EntityCardData; onBack: () => void }) {
  const back = useRef<HTMLButtonElement>(null);
  useEffect(() => back.current?.focus(), [data.entity.id]);
  return (
    <section class="nl-popup__card" aria-label={data.entity.name}>
      <button ref={back} type="button" class="nl-link" onClick={onBack}>
        {i18n.t('popup.back')}
      </button>
      <EntityCard data={data} notes />
    </section>
  );
}
