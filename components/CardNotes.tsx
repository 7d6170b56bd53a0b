/**
 * The reader's notes on an entity, inside its card (on the page and in the popup): list, add,
 * edit, delete. Notes are user data kept in the background (never touched by a sync); the card
 * loads them itself so that they are current however the card's data was cached.
 */
import { useEffect, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import type { UserNote } from '../utils/shared/protocol';
// The thin sender: this component is also bundled into the content script, which counts every kB.
import { sendMessage } from '../utils/shared/send-message';

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
