/**
 * The "Add to Newslens" form: opened by the context menu in a small window with the selected
 * text as the name. Saving makes an own entity (user data) that is spotted on pages and found by
 * search from then on; the window then closes itself.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import type { EntityType } from '../utils/shared/entity-types';
import type { EntityRecord } from '../utils/shared/kb-schema';
import { isMarkableOwnName, OWN_NAME_MIN_CHARS } from '../utils/shared/own-entity-name';
import { sendMessage } from '../utils/shared/protocol';
import { EntityTypeOptions } from './EntityTypeOptions';

/** ms the confirmation stays visible before the window closes. */
const CLOSE_AFTER_MS = 1_200;

/** Why the name or an alias cannot be used (see own-entity-name.ts), or '' when they can. */
function nameProblem(name: string, aliases: string[]): string {
  if (!isMarkableOwnName(name)) return i18n.t('addEntity.nameTooShort', [String(OWN_NAME_MIN_CHARS)]);
  const bad = aliases.find((a) => !isMarkableOwnName(a));
  return bad === undefined ? '' : i18n.t('addEntity.aliasTooShort', [bad, String(OWN_NAME_MIN_CHARS)]);
}

export function AddEntityForm({ selected, closeWindow = () => window.close() }: { selected: string; closeWindow?: () => void }) {
  const [name, setName] = useState(selected.replace(/\s+/g, ' ').trim().slice(0, 300));
  const [type, setType] = useState<EntityType>('person');
  const [description, setDescription] = useState('');
  const [aliases, setAliases] = useState('');
  const [saved, setSaved] = useState<EntityRecord | null>(null);
  const [error, setError] = useState('');
  // True from the first submit until its reply: a double click (or Enter pressed twice) must not
  // store the entity twice under two random ids. A ref as well as state, since the second submit
  // can come before the re-render that disables the button.
  const [saving, setSaving] = useState(false);
  const inFlight = useRef(false);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  async function submit(event: Event) {
    event.preventDefault();
    if (inFlight.current) return;
    const aliasList = aliases.split(/[\n,]/).map((a) => a.trim()).filter(Boolean);
    // The background refuses these too (same rule); checking here gives the reader the reason in words.
    const problem = nameProblem(name.trim(), aliasList);
    if (problem) {
      setError(problem);
      return;
    }
    inFlight.current = true;
    setSaving(true);
    try {
      const record = await sendMessage('addOwnEntity', {
        name,
        type,
        description: description.trim() || undefined,
        aliases: aliasList,
      });
      setSaved(record);
      setError('');
      setTimeout(closeWindow, CLOSE_AFTER_MS);
    } catch (e) {
      setError(i18n.t('addEntity.failed', [String(e)]));
    } finally {
      inFlight.current = false;
      setSaving(false);
    }
  }

  return (
    <main class="nl-add">
      <h1>{i18n.t('addEntity.title')}</h1>
      {saved ? (
        <p role="status">{i18n.t('addEntity.saved', [saved.name])}</p>
      ) : (
        <form onSubmit={(e) => void submit(e)} class="nl-form">
          <label class="nl-field">
            <span>{i18n.t('addEntity.name')}</span>
            <input ref={first} required maxLength={300} value={name} onInput={(e) => setName(e.currentTarget.value)} />
          </label>
          <label class="nl-field">
            <span>{i18n.t('addEntity.type')}</span>
            <select value={type} onChange={(e) => setType(e.currentTarget.value as EntityType)}>
              <EntityTypeOptions />
            </select>
          </label>
          <label class="nl-field">
            <span>{i18n.t('addEntity.description')}</span>
            <textarea rows={3} maxLength={1000} value={description} onInput={(e) => setDescription(e.currentTarget.value)} />
          </label>
          <label class="nl-field">
            <span>{i18n.t('addEntity.aliases')}</span>
            <textarea rows={2} value={aliases} onInput={(e) => setAliases(e.currentTarget.value)} aria-describedby="nl-aliases-help" />
          </label>
          <p id="nl-aliases-help" class="nl-muted">
            {i18n.t('addEntity.aliasesHelp')}
          </p>
          {error && (
            <p role="alert" class="nl-error">
              {error}
            </p>
          )}
          <div class="nl-actions">
            <button type="submit" class="nl-button" disabled={saving} aria-busy={saving}>
              {saving ? i18n.t('addEntity.saving') : i18n.t('addEntity.save')}
            </button>
            <button type="button" class="nl-button" onClick={closeWindow}>
              {i18n.t('addEntity.cancel')}
            </button>
          </div>
        </form>
      )}
    </main>
  );
}
