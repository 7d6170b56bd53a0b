/**
 * The hover-delay setting. A number field must not save whatever it holds: cleared, it reads as
 * 0 (cards on every brush of the pointer), and a value the background refuses stayed on screen
 * as if it were saved. So it is checked as the reader types, saved only when valid, and once the
 * field is left it shows what is saved.
 */
import { useEffect, useState } from 'preact/hooks';
import { i18n } from '#i18n';

/** The range the settings schema accepts (utils/shared/settings-schema.ts; a unit test keeps them equal). */
export const HOVER_DELAY_MIN = 0;
export const HOVER_DELAY_MAX = 2000;

/** The delay in ms, or undefined when `text` is empty, not a whole number or out of range. */
export function parseHoverDelay(text: string): number | undefined {
  if (!/^\s*\d+\s*$/.test(text)) return undefined;
  const ms = Number(text);
  return ms >= HOVER_DELAY_MIN && ms <= HOVER_DELAY_MAX ? ms : undefined;
}

const ERROR_ID = 'nl-hover-delay-error';

export function HoverDelayField({ value, onSave }: { value: number; onSave: (ms: number) => Promise<boolean> }) {
  const [text, setText] = useState(String(value));
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState('');
  const [min, max] = [String(HOVER_DELAY_MIN), String(HOVER_DELAY_MAX)];

  // A change from elsewhere (another options tab) shows up unless the reader is typing here.
  useEffect(() => {
    if (!editing) setText(String(value));
  }, [value, editing]);

  function onInput(next: string) {
    setText(next);
    setError(parseHoverDelay(next) === undefined ? i18n.t('options.highlight.hoverDelayRange', [min, max]) : '');
  }

  // `change` comes when the value is committed (Enter, the arrows, leaving the field).
  function commit(entered: string) {
    const ms = parseHoverDelay(entered);
    if (ms === undefined || ms === value) return;
    void onSave(ms).then((saved) => {
      if (!saved) setText(String(value));
    });
  }

  function leave(entered: string) {
    setEditing(false);
    if (parseHoverDelay(entered) !== undefined) return;
    setText(String(value));
    // The field is back to the saved value; say why, since what was typed is gone.
    setError(i18n.t('options.highlight.hoverDelayKept', [min, max, String(value)]));
  }

  const invalid = editing && error !== '';
  return (
    <div class="nl-hover-delay">
      <label>
        {i18n.t('options.highlight.hoverDelay')}{' '}
        <input
          type="number"
          min={HOVER_DELAY_MIN}
          max={HOVER_DELAY_MAX}
          step={50}
          value={text}
          aria-invalid={invalid}
          aria-describedby={error ? ERROR_ID : undefined}
          onFocus={() => setEditing(true)}
          onInput={(e) => onInput(e.currentTarget.value)}
          onChange={(e) => commit(e.currentTarget.value)}
          onBlur={(e) => leave(e.currentTarget.value)}
        />
      </label>{' '}
      {error && (
        <span id={ERROR_ID} class="nl-error nl-field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
