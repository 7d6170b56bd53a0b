/** One `<option>` per entity type, labelled for the reader: the type pickers of the popup and the add form. */
import { ENTITY_TYPES } from '../utils/shared/entity-types';
import { TYPE_LABELS } from './format';

export function EntityTypeOptions() {
  return (
    <>
      {ENTITY_TYPES.map((t) => (
        <option key={t} value={t}>
          {TYPE_LABELS[t]}
        </option>
      ))}
    </>
  );
}
