/**
 * Opens the card for a mark, whether the reader hovered it or stepped to it with the keyboard,
 * and carries out what the reader does in the card: pin, close, and corrections (which also
 * update the marks on the page at once).
 */
import type { EntityCardData, EntitySummary } from '../shared/protocol';
import { sendMessage } from '../shared/protocol';
import type { CardOverlay } from './card-overlay';
import type { HighlightMarks, Mark } from './highlight-marks';
import { OverlayCard, UnknownTreatyCard } from './overlay-card';

export interface CardController {
  open(mark: Mark, options?: { focus?: boolean }): void;
  close(): void;
}

export function createCardController(overlay: CardOverlay, marks: HighlightMarks, articleDate: string | undefined): CardController {
  // One lookup per entity per page: hovering the same name twice costs nothing.
  const cards = new Map<string, Promise<EntityCardData | null>>();
  const cached = <T,>(map: Map<string, Promise<T>>, key: string, load: () => Promise<T>) => {
    let pending = map.get(key);
    if (!pending) {
      pending = load();
      pending.catch(() => map.delete(key));
      map.set(key, pending);
    }
    return pending;
  };
  const summaries = new Map<string, Promise<EntitySummary[]>>();
  // Answers already received, so that a second hover paints the card in the same frame.
  const known = new Map<string, EntityCardData | null>();
  const cardData = (id: string) =>
    cached(cards, id, () =>
      sendMessage('getEntity', { id }).then((data) => {
        known.set(id, data);
        return data;
      }),
    );

  function render(mark: Mark) {
    const { mention } = mark;
    const entityId = mention.entityId;
    if (entityId === null) return <UnknownTreatyCard name={mention.reason.matched} onClose={() => overlay.hide()} />;
    return (
      <OverlayCard
        mention={mention}
        data={cardData(entityId)}
        known={known.get(entityId)}
        alternatives={
          mention.alternatives.length
            ? cached(summaries, mention.alternatives.join(','), () => sendMessage('getSummaries', { ids: mention.alternatives }))
            : Promise.resolve([])
        }
        articleDate={articleDate}
        onPage={new Set(marks.countByEntity().keys())}
        actions={{
          pinned: overlay.pinned,
          onPin() {
            overlay.pinned = !overlay.pinned;
            overlay.update(render(mark));
            overlay.announce(overlay.pinned ? 'Card pinned' : 'Card unpinned');
          },
          onClose: () => overlay.hide(),
          onNotAnEntity() {
            void sendMessage('addCorrection', {
              entityId,
              matched: mention.reason.matched,
              action: 'not-an-entity',
              site: location.hostname,
            });
            marks.removeWhere((m) => m.mention.entityId === mention.entityId && m.mention.reason.matched === mention.reason.matched);
            overlay.hide();
            overlay.announce(`“${mention.reason.matched}” will not be marked on this site`);
          },
          onPick(chosen) {
            void sendMessage('addCorrection', {
              entityId,
              matched: mention.reason.matched,
              action: 'use-instead',
              replacementId: chosen,
              site: location.hostname,
            });
            // Relink every mark with the same words on this page, then show the chosen card.
            const relinked = marks.relink(
              (m) => m.mention.entityId === mention.entityId && m.mention.reason.matched === mention.reason.matched,
              (m) => ({
                ...m,
                entityId: chosen,
                reason: { rule: 'user-correction', matched: m.reason.matched },
                alternatives: [entityId, ...m.alternatives.filter((a) => a !== chosen)],
              }),
            );
            const next = relinked.find((m) => m.range === mark.range) ?? relinked[0];
            if (next) controller.open(next);
          },
        }}
      />
    );
  }

  const controller: CardController = {
    open(mark, options) {
      overlay.show(mark, render(mark), options);
    },
    close() {
      overlay.hide();
    },
  };
  return controller;
}
