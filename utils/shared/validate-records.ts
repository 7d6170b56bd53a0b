/**
 * Validation at the edge for batches of entity records (a pack, a feed chunk, an import file).
 * Bad records are counted and described, never silently dropped and never written.
 */
import { EntityRecord, describeIssues } from './kb-schema';

export interface RejectedRecord {
  index: number;
  id?: string;
  reason: string;
}

export interface ValidatedBatch {
  valid: EntityRecord[];
  rejected: RejectedRecord[];
}

export function validateRecords(input: readonly unknown[]): ValidatedBatch {
  const valid: EntityRecord[] = [];
  const rejected: RejectedRecord[] = [];
  input.forEach((raw, index) => {
    const parsed = EntityRecord.safeParse(raw);
    if (parsed.success) {
      valid.push(parsed.data);
      return;
    }
    const id = typeof raw === 'object' && raw && 'id' in raw && typeof raw.id === 'string' ? raw.id : undefined;
    rejected.push({ index, id, reason: describeIssues(parsed.error) });
  });
  return { valid, rejected };
}
