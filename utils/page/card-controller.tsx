/**
 * Opens the card for a mark, whether the reader hovered it or stepped to it with the keyboard,
 * and carries out what the reader does in the card: pin, close, and corrections (which also
 * update the marks on the page at once).
 *
 * Card data comes from the background, a message round trip and an IndexedDB read away. So that
 * the card paints as soon as the hover intent fires, `prefetch` asks for it the moment the
 * pointer comes to rest on a mark: the intent delay is the time the lookup has.
 */
import { i18n } from '#i18n';
import type { EntityCardData, EntitySummary } from '../shared/protocol';
import { sendMessage } from '../shared/send-message';
import type { CardOverlay } from './card-overlay';
import type { HighlightMarks, Mark } from './highlight-marks';
import { OverlayCard, UnknownTreatyCard } from './overlay-card';

export interface CardController {
  /**
   * The pointer rests on `mark`: loads what its card needs (data, alternatives, styles) and, once
   * they are here, renders the card unseen, so that opening it after the delay only reveals it.
   */
  prefetch(mark: Mark): void;
  /** The pointer left `mark` before its card opened. */
  abandon(mark: Mark): void;
  open(mark: Mark, options?: { focus?: boolean }): void;
  close(): void;
}

/** ms after which a card's data is asked for again when its card opens (a sync may have changed it). */
export const RECHECK_AFTER_MS = 30_000;

/** `articleDate` is asked for when a card is first rendered: most page loads never need it. */
export function createCardController(overlay: CardOverlay, marks: HighlightMarks, articleDate: () => string | undefined): CardController {
  let date: { value: string | undefined } | undefined;
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
  // When each answer came (Date.now()).
  const knownAt = new Map<string, number>();
  const remember = (id: string, data: EntityCardData | null) => {
    known.set(id, data);
    knownAt.set(id, Date.now());
  };
  const cardData = (id: string) =>
    cached(cards, id, () =>
      sendMessage('getEntity', { id }).then((data) => {
        remember(id, data);
        return data;
      }),
    );

  // A page stays open for hours and the KB may sync meanwhile: a card painted from an answer
  // older than RECHECK_AFTER_MS is asked for again, and redrawn if the answer changed (rarely;
  // no flicker otherwise). Not sooner: the first open follows its prefetch by a fraction of a second.
  const checking = new Set<string>();
  function revalidate(id: string) {
    if (!known.has(id) || checking.has(id) || Date.now() - knownAt.get(id)! < RECHECK_AFTER_MS) return;
    checking.add(id);
    const before = known.get(id);
    sendMessage('getEntity', { id })
      .then(
        (data) => {
          const changed = JSON.stringify(data) !== JSON.stringify(before);
          remember(id, data);
          if (!changed) return;
          cards.set(id, Promise.resolve(data));
          const shown = overlay.visibleFor;
          if (shown?.mention.entityId === id) overlay.update(render(shown));
          else if (intended?.mention.entityId === id) overlay.stage(intended, render(intended));
        },
        () => undefined, // the earlier answer stays; the next hover asks again
      )
      .finally(() => checking.delete(id));
  }

  const alternativesOf = (alternatives: string[]) =>
    alternatives.length
      ? cached(summaries, alternatives.join(','), () => sendMessage('getSummaries', { ids: alternatives }))
      : Promise.resolve([]);

  function render(mark: Mark) {
    const { mention } = mark;
    const entityId = mention.entityId;
    if (entityId === null) return <UnknownTreatyCard name={mention.reason.matched} onClose={() => overlay.hide()} />;
    return (
      <OverlayCard
        mention={mention}
        data={cardData(entityId)}
        known={known.get(entityId)}
        alternatives={alternativesOf(mention.alternatives)}
        articleDate={(date ??= { value: articleDate() }).value}
        onPage={new Set(marks.countByEntity().keys())}
        actions={{
          pinned: overlay.pinned,
          onPin() {
            overlay.pinned = !overlay.pinned;
            overlay.update(render(mark));
            overlay.announce(i18n.t(overlay.pinned ? 'card.page.pinned' : 'card.page.unpinned'));
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
            overlay.announce(i18n.t('card.page.notMarked', [mention.reason.matched]));
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

  // The mark the pointer rests on, while its card waits for the intent delay.
  let intended: Mark | undefined;
  const controller: CardController = {
    prefetch(mark) {
      intended = mark;
      const { entityId, alternatives } = mark.mention;
      if (entityId !== null) revalidate(entityId);
      const loads: Promise<unknown>[] = [overlay.prepare()];
      if (entityId !== null) loads.push(cardData(entityId), alternativesOf(alternatives));
      // Failures are dropped from the cache (see `cached`) and shown by the card if it opens.
      Promise.all(loads).then(
        () => {
          if (intended === mark) overlay.stage(mark, render(mark));
        },
        () => undefined,
      );
    },
    abandon(mark) {
      if (intended !== mark) return;
      intended = undefined;
      overlay.unstage(mark);
    },
    open(mark, options) {
      intended = undefined;
      if (mark.mention.entityId !== null) revalidate(mark.mention.entityId);
      overlay.show(mark, render(mark), options);
    },
    close() {
      overlay.hide();
    },
  };
  return controller;
}
