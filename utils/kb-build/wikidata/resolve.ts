/**
 * Second pass over a converted NDJSON pack (never over the dump): names fact values by the label
 * of the entity they point at, and drops relations, value links and treaty parties whose target
 * is not in the pack, so the pack passes the integrity check on its own.
 *
 * Memory: one id → name map of the *kept* records (about 100 bytes each), independent of the
 * dump's size. For packs of many millions of records, skip it (--no-resolve) and let the
 * importer resolve links.
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream, renameSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { EntityRecord } from '../../shared/kb-schema';

async function* lines(path: string): AsyncGenerator<string> {
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) if (line) yield line;
}

export function resolveRecord(r: EntityRecord, names: ReadonlyMap<string, string>): EntityRecord {
  return {
    ...r,
    facts: r.facts.map((f) => {
      if (!f.valueId) return f;
      const name = names.get(f.valueId);
      if (name === undefined) {
        const { valueId: _drop, ...rest } = f;
        return rest;
      }
      return { ...f, value: name };
    }),
    relations: r.relations.filter((rel) => names.has(rel.target) && rel.target !== r.id),
    ...(r.treaty && { treaty: { ...r.treaty, parties: r.treaty.parties.filter((p) => names.has(p)) } }),
  };
}

export async function resolvePack(path: string): Promise<{ records: number; droppedRelations: number }> {
  const names = new Map<string, string>();
  for await (const line of lines(path)) {
    const r = JSON.parse(line) as Pick<EntityRecord, 'id' | 'name'>;
    names.set(r.id, r.name);
  }
  const tmp = `${path}.resolving`;
  const out = createWriteStream(tmp);
  let droppedRelations = 0;
  for await (const line of lines(path)) {
    const r = JSON.parse(line) as EntityRecord;
    const resolved = resolveRecord(r, names);
    droppedRelations += r.relations.length - resolved.relations.length;
    if (!out.write(JSON.stringify(resolved) + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  renameSync(tmp, path);
  return { records: names.size, droppedRelations };
}
