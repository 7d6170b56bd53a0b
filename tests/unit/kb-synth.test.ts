// Synthetic packs (npm run kb -- synth) and the stats command's counting.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EntityRecord, PackFile } from '../../utils/shared/kb-schema';
import { checkIntegrity } from '../../utils/kb-build/check-integrity';
import { syntheticRecords, wordFor } from '../../utils/kb-build/synthetic-pack';
import { readRecords } from '../../utils/kb-build/read-records';
import { addRecord, emptyStats, formatStats } from '../../utils/kb-build/stats';
import { run as synth } from '../../scripts/kb/commands/synth';

describe('synthetic pack', () => {
  const records = [...syntheticRecords(5000, { seed: 7 })];

  it('every record passes the schema and the set passes the integrity check', () => {
    for (const r of records) expect(EntityRecord.safeParse(r).success, r.id).toBe(true);
    expect(checkIntegrity(records)).toEqual([]);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    expect([...syntheticRecords(200, { seed: 7 })]).toEqual(records.slice(0, 200));
    expect([...syntheticRecords(200, { seed: 8 })]).not.toEqual(records.slice(0, 200));
  });

  it('has a realistic alias mix: multi-word names, acronyms, shared aliases that need context', () => {
    const aliases = records.flatMap((r) => r.aliases);
    const share = (f: (a: (typeof aliases)[number]) => boolean) => aliases.filter(f).length / aliases.length;
    expect(share((a) => a.text.includes(' '))).toBeGreaterThan(0.3);
    expect(share((a) => !!a.caseSensitive)).toBeGreaterThan(0.05);
    expect(share((a) => !!a.needsContext)).toBeGreaterThan(0.15);
    const surnames = new Map<string, number>();
    for (const r of records.filter((x) => x.type === 'person')) {
      const s = r.aliases[1]!.text;
      surnames.set(s, (surnames.get(s) ?? 0) + 1);
    }
    expect([...surnames.values()].some((n) => n > 1)).toBe(true);
  });

  it('wordFor gives distinct words', () => {
    const words = new Set(Array.from({ length: 20_000 }, (_, i) => wordFor(i).toLowerCase()));
    expect(words.size).toBe(20_000);
  });
});

describe('kb synth and kb stats', () => {
  it('writes NDJSON and pack files that read back and count', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newslens-synth-'));
    try {
      const log = console.log;
      console.log = () => {};
      try {
        expect(await synth(['--count', '1000', '--out', join(dir, 'p.ndjson')])).toBe(0);
        expect(await synth(['--count', '1000', '--out', join(dir, 'p.json')])).toBe(0);
      } finally {
        console.log = log;
      }
      expect(PackFile.safeParse(JSON.parse(readFileSync(join(dir, 'p.json'), 'utf8'))).success).toBe(true);
      for (const file of ['p.ndjson', 'p.json']) {
        const stats = emptyStats();
        for await (const r of readRecords(join(dir, file))) addRecord(stats, r);
        expect(stats.records).toBe(1000);
        expect(stats.invalid).toBe(0);
        expect(stats.withSources).toBe(1000);
        expect(Object.values(stats.byType).reduce((a, b) => a + b, 0)).toBe(1000);
        expect(stats.factsWithoutFrom).toBeLessThan(stats.facts);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stats formats counts per type and shares', () => {
    const stats = emptyStats();
    for (const r of syntheticRecords(100)) addRecord(stats, r);
    const text = formatStats(stats, 'test');
    expect(text).toMatch(/^test: 100 records/);
    expect(text).toMatch(/person\s+\d+/);
    expect(text).toMatch(/with sources\s+100\s+100\.0%/);
    expect(text).toMatch(/without "from"/);
  });

  it('reads the YAML sources directory', async () => {
    const stats = emptyStats();
    for await (const r of readRecords(join(__dirname, '../../kb/sources'))) addRecord(stats, r);
    expect(stats.records).toBeGreaterThan(500);
    expect(stats.byType.country).toBeGreaterThan(190);
  });
});
