/** Tiny, hand-made records for unit tests (the real pack is tested in kb-content.test.ts). */
import { EntityRecord, type EntityRecordInput } from '../../../utils/shared/kb-schema';

export function entity(
  input: Partial<EntityRecordInput> & Pick<EntityRecordInput, 'id' | 'type' | 'name'>,
): EntityRecord {
  return EntityRecord.parse({
    description: `${input.name}, a test record.`,
    sources: [{ title: 'unit test' }],
    checked: '2026-11-29',
    ...input,
  });
}
