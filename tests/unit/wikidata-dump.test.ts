// The from-wikidata pipeline end to end: dump framing, gzip and bzip2 input, validation, the
// resolve pass, and flat memory (peak RSS of a child process converting 5k vs 50k entities).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { EntityRecord } from '../../utils/shared/kb-schema';
import { checkIntegrity } from '../../utils/kb-build/check-integrity';
import { DEFAULT_TYPE_MAP } from '../../utils/kb-build/wikidata/convert';
import { convertDump, type ConvertDumpOptions } from '../../utils/kb-build/wikidata/convert-dump';
import { readDumpLines } from '../../utils/kb-build/wikidata/dump-reader';
import { resolvePack } from '../../utils/kb-build/wikidata/resolve';
import { writeSyntheticDump } from '../../utils/kb-build/wikidata/synthetic-dump';

const root = resolve(__dirname, '../..');
const fixture = resolve(root, 'tests/fixtures/wikidata/small-dump.json');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'newslens-wd-test-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const options = (outDir: string): ConvertDumpOptions => ({
  types: new Set(['Q5', 'Q6256', 'Q3624078', 'Q484652', 'Q131569', 'Q198', 'Q1190554', 'Q43229', 'Q15142894', 'Q728']),
  typeMap: DEFAULT_TYPE_MAP,
  langs: ['en'],
  checked: '2026-11-29',
  outDir,
});

const readOut = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => EntityRecord.parse(JSON.parse(l)));

const hasBzip2 = spawnSync('bzip2', ['--help']).error === undefined;

describe('readDumpLines', () => {
  it('skips the array brackets and strips the trailing commas', async () => {
    const path = join(dir, 'framing.json');
    writeFileSync(path, '[\n{"id":"Q1"},\n{"id":"Q2"}\n]\n');
    const lines: string[] = [];
    for await (const l of readDumpLines(path)) lines.push(l.json);
    expect(lines).toEqual(['{"id":"Q1"}', '{"id":"Q2"}']);
  });

  it('reports a missing bzip2 input as an error rather than an empty dump', async () => {
    const read = async () => {
      for await (const _ of readDumpLines(join(dir, 'missing.json.bz2'))) void _;
    };
    await expect(read()).rejects.toThrow(/bzip2/);
  });
});

describe('convertDump', () => {
  it('converts the fixture dump into valid NDJSON records with a report', async () => {
    const out = join(dir, 'plain');
    const report = await convertDump(fixture, options(out));
    expect(report).toMatchObject({ lines: 13, kept: 9, invalid: 0, badJson: 0 });
    expect(report.skipped).toEqual({ 'no-label': 1, 'not-in-classes': 1, 'not-item': 1 });
    expect(report.prefiltered).toBe(1); // the empty item has no class QID in its text
    const records = readOut(report.output);
    expect(records.map((r) => r.id).sort()).toEqual(['q100002', 'q110999040', 'q1145447', 'q159', 'q1065', 'q171328', 'q7747', 'q8663', 'q8683'].sort());
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'))).toMatchObject({ kept: 9 });
  });

  it('reads gzip and bzip2 dumps to the same records', async () => {
    const plain = readOut((await convertDump(fixture, options(join(dir, 'p2')))).output);
    const gz = join(dir, 'dump.json.gz');
    writeFileSync(gz, gzipSync(readFileSync(fixture)));
    expect(readOut((await convertDump(gz, options(join(dir, 'gz')))).output)).toEqual(plain);
    if (hasBzip2) {
      const bz = join(dir, 'dump.json');
      copyFileSync(fixture, bz);
      execFileSync('bzip2', ['-kf', bz]);
      expect(readOut((await convertDump(`${bz}.bz2`, options(join(dir, 'bz')))).output)).toEqual(plain);
    }
  });

  it('counts unparsable lines instead of failing', async () => {
    const path = join(dir, 'broken.json');
    writeFileSync(path, `[\n{"type":"item","id":"Q1","claims":{"P31":[{"mainsnak":{"snaktype":"value","property":"P31","datavalue":{"value":{"id":"Q5"},"type":"wikibase-entityid"}}}]}},\n{"Q5" broken\n]\n`);
    const report = await convertDump(path, options(join(dir, 'broken')));
    expect(report.badJson).toBe(1);
    expect(report.skipped['no-label']).toBe(1);
  });

  it('after the resolve pass the pack passes the integrity check', async () => {
    const report = await convertDump(fixture, options(join(dir, 'resolved')));
    const before = readOut(report.output);
    expect(checkIntegrity(before).length).toBeGreaterThan(0); // links to Q30, Q212… outside the pack
    const { droppedRelations } = await resolvePack(report.output);
    expect(droppedRelations).toBeGreaterThan(0);
    const after = readOut(report.output);
    expect(checkIntegrity(after)).toEqual([]);
    expect(after.find((r) => r.id === 'q159')!.relations).toEqual([{ type: 'member-of', target: 'q1065', from: '1945-10-24' }]);
  });
});

describe('memory stays flat', () => {
  /** Converts a synthetic dump of `count` entities in a child process; returns its peak RSS in MB. */
  async function peakRss(count: number): Promise<{ rss: number; kept: number }> {
    const dump = join(dir, `synthetic-${count}.json.gz`);
    await writeSyntheticDump(dump, count);
    const out = join(dir, `synthetic-${count}`);
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(root, 'scripts/kb.ts'), 'from-wikidata', dump, '--types', 'Q5,Q515,Q43229,Q728', '--out', out, '--checked', '2026-11-29', '--no-resolve', '--quiet'],
      { cwd: root, encoding: 'utf8' },
    );
    expect(child.status, child.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { peakRssMb: number; kept: number };
    return { rss: report.peakRssMb, kept: report.kept };
  }

  it('peak RSS does not grow with the size of the dump (5k vs 50k entities)', async () => {
    const small = await peakRss(5_000);
    const large = await peakRss(50_000);
    expect(large.kept).toBeGreaterThan(25_000);
    // Ten times the input may cost a little allocator slack, never memory per entity
    // (50k records held in memory would take well over 100 MB).
    expect(large.rss - small.rss).toBeLessThan(40);
    expect(large.rss).toBeLessThan(250);
  }, 120_000);
});
