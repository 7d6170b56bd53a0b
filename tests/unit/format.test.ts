import { describe, expect, it } from 'vitest';
import { TYPE_LABELS } from '../../components/format';
import { ENTITY_TYPES } from '../../utils/shared/entity-types';

describe('TYPE_LABELS', () => {
  it('has a non-empty label for every entity type, enumerable like a plain record', () => {
    expect(Object.keys(TYPE_LABELS)).toEqual([...ENTITY_TYPES]);
    for (const type of ENTITY_TYPES) expect(TYPE_LABELS[type]).toMatch(/\S/);
    expect(TYPE_LABELS.person).not.toBe(TYPE_LABELS.country);
  });
});
