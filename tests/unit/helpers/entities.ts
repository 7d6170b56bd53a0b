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

/**
 * Two treaties that share the alias "mutual defense treaty" (which needs context): the 2024
 * Russia–DPRK treaty and the 1953 US–ROK one, for the disambiguation tests.
 */
export function mutualDefenseTreaties(): EntityRecord[] {
  return [
    entity({
      id: 'russia-dprk-treaty',
      type: 'treaty',
      name: 'Russia–DPRK Treaty on Comprehensive Strategic Partnership',
      aliases: [{ text: 'mutual defense treaty', needsContext: true }],
      treaty: { status: 'in-force', parties: ['russia', 'north-korea'] },
    }),
    entity({
      id: 'us-rok-treaty',
      type: 'treaty',
      name: 'Mutual Defense Treaty between the United States and the Republic of Korea',
      aliases: [{ text: 'mutual defense treaty', needsContext: true }],
      treaty: { status: 'in-force', parties: ['united-states', 'south-korea'] },
    }),
  ];
}
