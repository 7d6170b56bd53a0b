// @vitest-environment happy-dom
/**
 * The card controller (utils/page/card-controller.tsx) paints a card it has seen before from the
 * earlier answer, asks the background again, and redraws the card only if the KB changed since
 * (a sync while the page stayed open).
 */
import type { VNode } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CardOverlay } from '../../utils/page/card-overlay';
import type { HighlightMarks, Mark } from '../../utils/page/highlight-marks';
import type { OverlayCardProps } from '../../utils/page/overlay-card';
import type { EntityCardData } from '../../utils/shared/protocol';

const sendMessage = vi.fn<(type: string, data: unknown) => Promise<unknown>>();
vi.mock('../../utils/shared/send-message', () => ({ sendMessage: (type: string, data: unknown) => sendMessage(type, data) }));
const { createCardController, RECHECK_AFTER_MS } = await import('../../utils/page/card-controller');

const mark = { mention: { entityId: 'putin', alternatives: [], reason: { matched: 'Putin' } } } as unknown as Mark;
const marks = { countByEntity: () => new Map() } as unknown as HighlightMarks;
const card = (description: string) =>
  ({ entity: { id: 'putin', name: 'Vladimir Putin', description }, related: [], provenance: {} }) as unknown as EntityCardData;
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

/** An overlay that records what it was asked to draw (the `known` data of each card). */
function fakeOverlay() {
  const drawn: string[] = [];
  let visible: Mark | undefined;
  const describe = (what: string, content: VNode) => {
    const known = (content.props as unknown as OverlayCardProps).known;
    drawn.push(`${what} ${known ? known.entity.description : String(known)}`);
  };
  const overlay = {
    pinned: false,
    prepare: () => Promise.resolve(),
    get visibleFor() {
      return visible;
    },
    stage: (_m: Mark, content: VNode) => describe('stage', content),
    unstage: () => undefined,
    show: (m: Mark, content: VNode) => {
      visible = m;
      describe('show', content);
    },
    update: (content: VNode) => describe('update', content),
    hide: () => (visible = undefined),
    announce: () => undefined,
  } as unknown as CardOverlay;
  return { overlay, drawn };
}

describe('card controller', () => {
  let now = 1_000_000;
  beforeEach(() => {
    sendMessage.mockReset();
    vi.spyOn(Date, 'now').mockImplementation(() => now);
  });
  afterEach(() => vi.restoreAllMocks());
  const later = () => (now += RECHECK_AFTER_MS);

  it('shows a known card at once and redraws it when the background answers differently', async () => {
    const { overlay, drawn } = fakeOverlay();
    const controller = createCardController(overlay, marks, () => undefined);
    sendMessage.mockResolvedValue(card('President of Russia (v1)'));
    controller.prefetch(mark);
    await flush();
    controller.open(mark);
    await flush();
    expect(drawn).toEqual(['stage President of Russia (v1)', 'show President of Russia (v1)']);
    // The open right after its prefetch does not ask again.
    expect(sendMessage.mock.calls.filter(([type]) => type === 'getEntity')).toHaveLength(1);

    // Later the KB synced: the next hover paints v1 at once, then v2 when the answer comes.
    overlay.hide();
    later();
    sendMessage.mockResolvedValue(card('President of Russia (v2)'));
    controller.open(mark);
    expect(drawn.at(-1)).toBe('show President of Russia (v1)');
    await flush();
    expect(drawn.at(-1)).toBe('update President of Russia (v2)');
    expect(sendMessage.mock.calls.filter(([type]) => type === 'getEntity')).toHaveLength(2);
  });

  it('does not redraw when the answer is unchanged, and keeps the card when the check fails', async () => {
    const { overlay, drawn } = fakeOverlay();
    const controller = createCardController(overlay, marks, () => undefined);
    sendMessage.mockResolvedValueOnce(card('same'));
    controller.open(mark);
    await flush();
    later();
    sendMessage.mockResolvedValueOnce(card('same'));
    controller.open(mark);
    await flush();
    later();
    sendMessage.mockRejectedValueOnce(new Error('background asleep'));
    controller.open(mark);
    await flush();
    expect(drawn.filter((d) => d.startsWith('update'))).toEqual([]);
    expect(drawn.at(-1)).toBe('show same');
    expect(sendMessage.mock.calls.filter(([type]) => type === 'getEntity')).toHaveLength(3);
  });
});
