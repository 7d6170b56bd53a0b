// @vitest-environment happy-dom
/**
 * The page card's own states (utils/page/overlay-card.tsx): placeholders come from the locale
 * (locales/en.yml, card.page.*), a card whose data is already here paints at once, and the
 * treaty-shaped name the KB lacks is shown as text.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { OverlayCard, UnknownTreatyCard, type OverlayCardProps } from '../../utils/page/overlay-card';
import type { EntityCardData, Mention } from '../../utils/shared/protocol';
import { entity } from './helpers/entities';
import { quietFrameLoading } from './helpers/quiet-frames';

// A ready card holds the notes frame, which happy-dom does not load.
quietFrameLoading();

const data: EntityCardData = {
  entity: entity({ id: 'kcna', type: 'organization', name: 'Korean Central News Agency' }),
  related: [],
  provenance: { source: 'Newslens default pack', kbVersion: 'v', importedAt: '' },
};
const mention: Mention = {
  block: 0,
  start: 0,
  end: 4,
  entityId: 'kcna',
  type: 'organization',
  reason: { rule: 'alias', matched: 'KCNA' },
  alternatives: [],
};
const actions = { pinned: false, onPin() {}, onClose() {}, onNotAnEntity() {}, onPick() {} };

function props(overrides: Partial<OverlayCardProps>): OverlayCardProps {
  return { mention, data: Promise.resolve(data), alternatives: Promise.resolve([]), onPage: new Set(), actions, ...overrides };
}

/** Renders inside act(), so that effects (which start the data's promise) run. */
function mount(vnode: preact.VNode) {
  const root = document.createElement('div');
  document.body.append(root);
  void act(() => render(vnode, root)); // synchronous: renders and runs effects before returning
  return root;
}

afterEach(() => {
  document.body.replaceChildren();
});

describe('OverlayCard', () => {
  it('says it is loading, then shows the card', async () => {
    let resolve!: (d: EntityCardData) => void;
    const root = mount(<OverlayCard {...props({ data: new Promise((r) => (resolve = r)) })} />);
    expect(root.textContent).toBe('Loading…');
    await act(async () => {
      resolve(data);
      await Promise.resolve(); // queued after the card's own reaction to `data`
    });
    expect(root.querySelector('article.nl-card')?.getAttribute('data-entity-id')).toBe('kcna');
  });

  it('paints a card whose data is already here at once', () => {
    const root = mount(<OverlayCard {...props({ known: data })} />);
    expect(root.querySelector('article.nl-card')?.getAttribute('data-entity-id')).toBe('kcna');
  });

  it('says so when the entry is gone or the lookup failed', async () => {
    const gone = mount(<OverlayCard {...props({ data: Promise.resolve(null) })} />);
    const failing = Promise.reject(new Error('offline'));
    failing.catch(() => undefined); // handled by the card's effect; this only keeps node quiet until then
    const failed = mount(<OverlayCard {...props({ data: failing })} />);
    // Both promises have settled once act() has let their reactions run and flushed the renders.
    await act(() => Promise.allSettled([failing]).then(() => undefined));
    expect(gone.textContent).toBe('This entry is no longer in the knowledge base.');
    expect(failed.textContent).toBe('Newslens could not load this card.');
  });
});

describe('UnknownTreatyCard', () => {
  it('names the words as text, with localized labels', () => {
    const name = 'Treaty of <img src=x onerror=alert(1)>';
    const onClose = vi.fn();
    const root = mount(<UnknownTreatyCard name={name} onClose={onClose} />);
    expect(root.querySelector('img')).toBeNull();
    expect(root.querySelector('.nl-card__name')?.textContent).toBe(name);
    expect(root.querySelector('article')?.getAttribute('aria-label')).toBe(`${name}: not in the knowledge base`);
    expect(root.querySelector('.nl-card__type')?.textContent).toBe('Treaty reference');
    expect(root.querySelector('.nl-card__desc')?.textContent).toContain('not in the knowledge base yet');
    const close = root.querySelector('button')!;
    expect(close.getAttribute('aria-label')).toBe('Close card');
    close.click();
    expect(onClose).toHaveBeenCalledOnce();
  });
});
