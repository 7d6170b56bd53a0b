/**
 * Memory benchmark of `kb from-wikidata`: generates a synthetic Wikidata dump of --count entities
 * (default 1,000,000) in a temp directory, converts it in a child process and reports the
 * child's peak RSS and time. Fails (exit 1) if peak RSS exceeds --max-rss MB (default 300).
 *
 * Usage: npx tsx bench/wikidata-rss.ts [--count 1000000] [--gz] [--max-rss 300]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeSyntheticDump } from '../utils/kb-build/wikidata/synthetic-dump';

const { values } = parseArgs({
  options: { count: { type: 'string', default: '1000000' }, gz: { type: 'boolean', default: false }, 'max-rss': { type: 'string', default: '300' } },
});
const count = Number(values.count);
const dir = mkdtempSync(join(tmpdir(), 'newslens-wd-bench-'));
try {
  const dump = join(dir, values.gz ? 'dump.json.gz' : 'dump.json');
  let t = Date.now();
  await writeSyntheticDump(dump, count);
  console.log(`generated ${count.toLocaleString('en-US')} entities (${(statSync(dump).size / 1e6).toFixed(0)} MB) in ${((Date.now() - t) / 1000).toFixed(1)}s`);
  t = Date.now();
  const root = resolve(import.meta.dirname, '..');
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(root, 'scripts/kb.ts'), 'from-wikidata', dump, '--types', 'Q5,Q515,Q43229,Q728', '--out', join(dir, 'out'), '--checked', '2026-11-29', '--no-resolve', '--quiet'],
    { cwd: root, encoding: 'utf8' },
  );
  if (child.status !== 0) throw new Error(`converter failed: ${child.stderr}`);
  const report = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8')) as { kept: number; peakRssMb: number };
  const seconds = (Date.now() - t) / 1000;
  console.log(`converted in ${seconds.toFixed(1)}s (${Math.round(count / seconds).toLocaleString('en-US')} entities/s), kept ${report.kept.toLocaleString('en-US')}, peak RSS ${report.peakRssMb} MB`);
  if (report.peakRssMb > Number(values['max-rss'])) {
    console.error(`peak RSS ${report.peakRssMb} MB is over the ${values['max-rss']} MB budget`);
    process.exitCode = 1;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
