// @vitest-environment happy-dom
/**
 * The reader's notes are private, and the card on a web page lives in a shadow root that the
 * page's scripts can open (`document.querySelector('newslens-ui').shadowRoot`), watch and click
 * into, and whose key events reach the page. So on pages the card shows the notes as an extension
 * page in an iframe (CardNotesFrame in components/CardNotes.tsx, entrypoints/card-notes/): no note
 * text is ever in the shadow DOM. The popup, an extension page itself, keeps them inline. The
 * frame sizes itself by posting its height; only its own window is listened to.
 * (First found by review: the notes were rendered into the open shadow root.)
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { fakeBrowser } from 'wxt/testing';
import type * as SendMessageModule from '../../utils/shared/send-message';
import type { EntityCardData, Mention, UserNote } from '../../utils/shared/protocol';
import { entity } from './helpers/entities';
import { quietFrameLoading } from './helpers/quiet-frames';

quietFrameLoading();

const sendMessage = vi.fn<(type: string, data: unknown) => Promise<unknown>>();
vi.mock('../../utils/shared/send-message', async (original) => ({
  ...(await original<typeof SendMessageModule>()),
  sendMessage: (type: string, data: unknown) => sendMessage(type, data),
}));
const { EntityCard } = await import('../../components/EntityCard');
const { CardNotesFrame, NOTES_FRAME_INITIAL_HEIGHT, NOTES_FRAME_MAX_HEIGHT, NOTES_ESCAPE_MESSAGE, NOTES_HEIGHT_MESSAGE, isEntityId, notesFrameHeight } =
  await import('../../components/CardNotes');
const { OverlayCard } = await import('../../utils/page/overlay-card');
const { createOverlayHost, OVERLAY_HOST_NAME } = await import('../../utils/page/overlay-host');

const PRIVATE = 'PRIVATE: my source says…';
const note: UserNote = { id: 1, entityId: 'maria-zakharova', text: PRIVATE, updatedAt: '2026-01-01T00:00:00.000Z' };
const data: EntityCardData = {
  entity: entity({ id: 'maria-zakharova', type: 'person', name: 'Maria Zakharova' }),
  related: [],
  provenance: { source: 'Newslens default pack', kbVersion: 'v', importedAt: '' },
};
const mention: Mention = {
  block: 0,
  start: 0,
  end: 9,
  entityId: 'maria-zakharova',
  type: 'person',
  reason: { rule: 'alias', matched: 'Zakharova' },
  alternatives: [],
};
const actions = { pinned: false, onPin() {}, onClose() {}, onNotAnEntity() {}, onPick() {} };

afterEach(() => {
  document.querySelector(OVERLAY_HOST_NAME)?.remove();
  document.body.replaceChildren();
  sendMessage.mockReset();
});

/** Lets the notes' load (a resolved promise) and the render after it happen. */
const settle = () => act(() => new Promise<void>((done) => setTimeout(done, 0)));

describe('notes in the card on a page', () => {
  it('are not in the shadow DOM the page can read: only a frame of the extension page for the entity', async () => {
    sendMessage.mockResolvedValue([note]);
    const ui = createOverlayHost(document, (p) => `chrome-extension://id${p}`);
    await act(() =>
      render(
        h(OverlayCard, { mention, data: Promise.resolve(data), known: data, alternatives: Promise.resolve([]), onPage: new Set<string>(), actions }),
        ui.panel,
      ),
    );
    await settle();

    // What a page script sees:
    const shadow = document.querySelector(OVERLAY_HOST_NAME)!.shadowRoot!;
    expect(shadow.querySelector('article.nl-card')).not.toBeNull(); // the card is there…
    expect(shadow.textContent).not.toContain('PRIVATE'); // …without the notes
    expect(shadow.querySelector('.nl-card__notes, textarea')).toBeNull();
    expect(sendMessage).not.toHaveBeenCalledWith('getNotes', expect.anything()); // the frame loads them, not the card

    const frames = shadow.querySelectorAll('iframe');
    expect(frames).toHaveLength(1);
    const [page, query] = frames[0]!.getAttribute('src')!.split('?');
    expect(page).toBe(fakeBrowser.runtime.getURL('/card-notes.html'));
    expect(new URLSearchParams(query).get('id')).toBe('maria-zakharova');
    expect(frames[0]!.getAttribute('title')).toBe('Your notes on Maria Zakharova');
    expect(frames[0]!.style.height).toBe(`${NOTES_FRAME_INITIAL_HEIGHT}px`);
  });

  it('are still shown in the card in the popup (an extension page)', async () => {
    sendMessage.mockResolvedValue([note]);
    const root = document.body.appendChild(document.createElement('div'));
    await act(() => render(h(EntityCard, { data, notes: true }), root));
    await settle();
    expect(sendMessage).toHaveBeenCalledWith('getNotes', { entityId: 'maria-zakharova' });
    expect(root.querySelector('.nl-card__note-text')?.textContent).toBe(PRIVATE);
    expect(root.querySelector('iframe')).toBeNull();

    render(null, root);
    await act(() => render(h(EntityCard, { data, notes: 'inline' }), root));
    await settle();
    expect(root.querySelector('.nl-card__note-text')?.textContent).toBe(PRIVATE);
  });
});

describe('the notes frame height', () => {
  /**
   * happy-dom gives a frame no window (it loads no page in it): each frame gets a stand-in, which
   * is what the messages' `source` is compared with.
   */
  function withWindow(frame: HTMLIFrameElement): HTMLIFrameElement {
    Object.defineProperty(frame, 'contentWindow', { value: new MessageChannel().port1, configurable: true });
    return frame;
  }
  function mountFrame() {
    const root = document.body.appendChild(document.createElement('div'));
    void act(() => render(h(CardNotesFrame, { entityId: 'maria-zakharova', name: 'Maria Zakharova' }), root));
    return withWindow(root.querySelector('iframe')!);
  }
  const post = (data: unknown, source: MessageEventSource | null) =>
    act(() => {
      window.dispatchEvent(new MessageEvent('message', { data, source }));
    });

  it('follows what the frame itself posts, clamped to the maximum', async () => {
    const frame = mountFrame();
    const own = frame.contentWindow;
    expect(own).toBeTruthy();
    await post({ type: NOTES_HEIGHT_MESSAGE, height: 120.4 }, own);
    expect(frame.style.height).toBe('121px');
    await post({ type: NOTES_HEIGHT_MESSAGE, height: 50_000 }, own);
    expect(frame.style.height).toBe(`${NOTES_FRAME_MAX_HEIGHT}px`);
    await post({ type: NOTES_HEIGHT_MESSAGE, height: -5 }, own);
    expect(frame.style.height).toBe('0px');
  });

  it('closes the card on Escape pressed in the frame, and only then', async () => {
    const root = document.body.appendChild(document.createElement('div'));
    const onEscape = vi.fn();
    await act(() => render(h(CardNotesFrame, { entityId: 'maria-zakharova', name: 'Maria Zakharova', onEscape }), root));
    const frame = withWindow(root.querySelector('iframe')!);
    await post({ type: NOTES_ESCAPE_MESSAGE }, new MessageChannel().port1); // another window: the page
    await post({ type: NOTES_HEIGHT_MESSAGE, height: 80 }, frame.contentWindow);
    expect(onEscape).not.toHaveBeenCalled();
    await post({ type: NOTES_ESCAPE_MESSAGE }, frame.contentWindow);
    expect(onEscape).toHaveBeenCalledTimes(1);
  });

  it('ignores messages from any other window, and any other shape', async () => {
    const frame = mountFrame();
    const other = withWindow(document.body.appendChild(document.createElement('iframe')));
    await post({ type: NOTES_HEIGHT_MESSAGE, height: 200 }, window); // the page itself
    await post({ type: NOTES_HEIGHT_MESSAGE, height: 200 }, other.contentWindow); // a frame of the page's
    await post({ type: NOTES_HEIGHT_MESSAGE, height: 200 }, null);
    for (const data of [{ type: 'other', height: 200 }, { type: NOTES_HEIGHT_MESSAGE, height: '200' }, { type: NOTES_HEIGHT_MESSAGE, height: NaN }, 'x', null]) {
      await post(data, frame.contentWindow);
    }
    expect(frame.style.height).toBe(`${NOTES_FRAME_INITIAL_HEIGHT}px`);
  });

  it('stops listening when the card goes', () => {
    const frame = mountFrame();
    const spy = vi.spyOn(window, 'removeEventListener');
    render(null, frame.parentElement!);
    expect(spy).toHaveBeenCalledWith('message', expect.any(Function));
    spy.mockRestore();
  });

  it('reads a message as a height only from the given frame', () => {
    const frame = withWindow(document.body.appendChild(document.createElement('iframe')));
    const event = (source: MessageEventSource | null) => new MessageEvent('message', { data: { type: NOTES_HEIGHT_MESSAGE, height: 80 }, source });
    expect(notesFrameHeight(event(frame.contentWindow), frame)).toBe(80);
    expect(notesFrameHeight(event(window), frame)).toBeUndefined();
    expect(notesFrameHeight(event(frame.contentWindow), null)).toBeUndefined();
  });
});

describe('the notes frame URL', () => {
  it('accepts only KB entity ids (the id is page-controlled input)', () => {
    expect(isEntityId('maria-zakharova')).toBe(true);
    expect(isEntityId('user-ottoline-brackwater-1a2b')).toBe(true);
    for (const id of ['', '-x', 'Maria', 'a b', '../popup.html', 'x'.repeat(121), 'a?b', 'é']) expect(isEntityId(id), id).toBe(false);
  });
});
