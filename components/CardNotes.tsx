/**
 * The reader's notes on an entity, inside its card: list, add, edit, delete. Notes are user data
 * kept in the background (never touched by a sync); the card loads them itself so that they are
 * current however the card's data was cached.
 *
 * In the popup (an extension page) `CardNotes` is rendered in the card directly. On a web page the
 * card lives in a shadow root the page can open, watch and click into, and key events typed there
 * reach the page's listeners: so there the card shows `CardNotesFrame`, an iframe whose document
 * is an extension page (entrypoints/card-notes/) that renders `CardNotes`. The page cannot read a
 * cross-origin frame, and keystrokes typed in it never reach the page. The frame tells the card
 * its content height (a height is all the page could learn from it).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import type { UserNote } from '../utils/shared/protocol';
// The thin sender: this component is also bundled into the card UI, loaded by the content script.
import { runtime, sendMessage } from '../utils/shared/send-message';

/** The notes frame's page (entrypoints/card-notes/), web-accessible to pages (wxt.config.ts). */
export const NOTES_FRAME_PATH = '/card-notes.html';
/** `type` of the message the notes frame posts to its parent with its content height. */
export const NOTES_HEIGHT_MESSAGE = 'newslens:notes-height';
/**
 * `type` of the message the notes frame posts when Escape is pressed in it (and nothing in it
 * used the key): the page's keydown listeners, which close the card, never see keys typed there.
 */
export const NOTES_ESCAPE_MESSAGE = 'newslens:notes-escape';
/**
 * px the frame starts at before it has told its height: that of the notes with none yet (heading
 * and "Add a note"), the common case, so that the card does not jump when the frame reports.
 */
export const NOTES_FRAME_INITIAL_HEIGHT = 53;
/** px the frame grows to at most; longer notes scroll inside it (the card itself scrolls at 520). */
export const NOTES_FRAME_MAX_HEIGHT = 320;

/**
 * An entity id as the KB writes it (EntityId in utils/shared/kb-schema.ts, without bundling zod):
 * the notes frame checks the id in its URL with it, since any page can embed that URL.
 */
export function isEntityId(id: string): boolean {
  return id.length <= 120 && /^[a-z0-9][a-z0-9-]*$/.test(id);
}

/** Whether `event` was posted by the window of `frame` itself (the page, or another frame, could post the same shape). */
const fromFrame = (event: MessageEvent, frame: HTMLIFrameElement | null | undefined): boolean =>
  !!frame && event.source !== null && event.source === frame.contentWindow;

/**
 * The height `event` asks the notes frame `frame` to take, clamped to
 * [0, NOTES_FRAME_MAX_HEIGHT]; undefined for any other message. Only the frame's own window is
 * listened to: the page (or another frame) could post the same shape.
 */
export function notesFrameHeight(event: MessageEvent, frame: HTMLIFrameElement | null | undefined): number | undefined {
  if (!fromFrame(event, frame)) return undefined;
  const data = event.data as { type?: unknown; height?: unknown } | null;
  if (typeof data !== 'object' || data === null || data.type !== NOTES_HEIGHT_MESSAGE) return undefined;
  const { height } = data;
  if (typeof height !== 'number' || !Number.isFinite(height)) return undefined;
  return Math.min(NOTES_FRAME_MAX_HEIGHT, Math.max(0, Math.ceil(height)));
}

/** Whether `event` is Escape pressed in the notes frame `frame` (only its own window counts). */
export function isNotesFrameEscape(event: MessageEvent, frame: HTMLIFrameElement | null | undefined): boolean {
  if (!fromFrame(event, frame)) return false;
  const data = event.data as { type?: unknown } | null;
  return typeof data === 'object' && data !== null && data.type === NOTES_ESCAPE_MESSAGE;
}

/**
 * The notes as an extension page in a frame: what the card shows on web pages (see the top).
 * `onEscape`: Escape pressed inside the frame (closes the card, as Escape does anywhere else in it).
 */
export function CardNotesFrame({ entityId, name, onEscape }: { entityId: string; name: string; onEscape?: () => void }) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState(NOTES_FRAME_INITIAL_HEIGHT);
  const escape = useRef(onEscape);
  escape.current = onEscape;
  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      if (isNotesFrameEscape(event, frame.current)) {
        escape.current?.();
        return;
      }
      const next = notesFrameHeight(event, frame.current);
      if (next !== undefined) setHeight(next);
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, []);
  const src = `${runtime().getURL(NOTES_FRAME_PATH)}?id=${encodeURIComponent(entityId)}`;
  // In the tab order like any frame: Tab from the card's buttons moves into the notes and back.
  return (
    <iframe
      ref={frame}
      class="nl-card__notes-frame"
      src={src}
      title={i18n.t('card.notes.frameTitle', [name])}
      style={{ height: `${height}px` }}
    />
  );
}

type Editing = { id?: number; text: string } | null;

export function CardNotes({ entityId }: { entityId: string }) {
  const [notes, setNotes] = useState<UserNote[]>([]);
  const [editing, setEditing] = useState<Editing>(null);
  const [error, setError] = useState('');
  const fail = (e: unknown) => setError(i18n.t('card.notes.failed', [String(e)]));

  useEffect(() => {
    sendMessage('getNotes', { entityId }).then(setNotes, fail);
  }, [entityId]);

  async function save(event: Event) {
    event.preventDefault();
    if (!editing?.text.trim()) return;
    try {
      const note = await sendMessage('saveNote', { entityId, text: editing.text, id: editing.id });
      setNotes((list) => (editing.id ? list.map((n) => (n.id === note.id ? note : n)) : [...list, note]));
      setEditing(null);
      setError('');
    } catch (e) {
      fail(e);
    }
  }

  async function remove(id: number) {
    try {
      await sendMessage('deleteNote', { id });
      setNotes((list) => list.filter((n) => n.id !== id));
    } catch (e) {
      fail(e);
    }
  }

  const headingId = `nl-notes-${entityId}`;
  return (
    <section class="nl-card__notes" aria-labelledby={headingId}>
      <h3 id={headingId}>{i18n.t('card.notes.title')}</h3>
      {notes.length > 0 && (
        <ul>
          {notes.map((n) =>
            editing?.id === n.id ? null : (
              <li key={n.id} class="nl-card__note-item">
                <p class="nl-card__note-text">{n.text}</p>
                <button type="button" class="nl-link" onClick={() => setEditing({ id: n.id, text: n.text })}>
                  {i18n.t('card.notes.edit')}
                </button>{' '}
                <button type="button" class="nl-link" onClick={() => void remove(n.id)}>
                  {i18n.t('card.notes.delete')}
                </button>
              </li>
            ),
          )}
        </ul>
      )}
      {editing ? (
        <form class="nl-card__note-form" onSubmit={(e) => void save(e)}>
          <label>
            <span class="nl-visually-hidden">{i18n.t('card.notes.label')}</span>
            <textarea
              rows={3}
              maxLength={5000}
              value={editing.text}
              onInput={(e) => setEditing({ ...editing, text: e.currentTarget.value })}
              ref={(el) => el?.focus({ preventScroll: true })}
            />
          </label>
          <button type="submit" class="nl-link">
            {i18n.t('card.notes.save')}
          </button>{' '}
          <button type="button" class="nl-link" onClick={() => setEditing(null)}>
            {i18n.t('card.notes.cancel')}
          </button>
        </form>
      ) : (
        <button type="button" class="nl-link" onClick={() => setEditing({ text: '' })}>
          {i18n.t('card.notes.add')}
        </button>
      )}
      {error && (
        <p role="alert" class="nl-card__note">
          {error}
        </p>
      )}
    </section>
  );
}
