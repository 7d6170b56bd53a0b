/**
 * The `kb from-wikidata` pipeline: dump lines → class filter → convertEntity → schema check →
 * NDJSON, in flat memory (one entity in flight, output written with back-pressure). An optional
 * resolve pass over the output (resolve.ts) then drops links to entities that did not make it into
 * the pack and names fact values by their labels.
 */
import { once } from 'node:events';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EntityRecord, describeIssues } from '../../shared/kb-schema';
import { convertEntity, type ConvertOptions } from './convert';
import { readDumpLines } from './dump-reader';
import type { WdEntity } from './wikidata-json';

export interface ConversionReport {
  input: string;
  lines: number;
  /** Lines skipped by the quick text test, without parsing (no chosen class QID in the text). */
  prefiltered: number;
  kept: number;
  byType: Record<string, number>;
  skipped: Record<string, number>;
  invalid: number;
  invalidSamples: string[];
  badJson: number;
  output: string;
  peakRssMb?: number;
}

export interface ConvertDumpOptions extends ConvertOptions {
  outDir: string;
  /** Called every `progressEvery` lines (for the command's progress line). */
  onProgress?: (report: ConversionReport) => void;
  progressEvery?: number;
}

export async function convertDump(input: string, options: ConvertDumpOptions): Promise<ConversionReport> {
  mkdirSync(options.outDir, { recursive: true });
  const output = join(options.outDir, 'entities.ndjson');
  const out = createWriteStream(output);
  const report: ConversionReport = {
    input,
    lines: 0,
    prefiltered: 0,
    kept: 0,
    byType: {},
    skipped: {},
    invalid: 0,
    invalidSamples: [],
    badJson: 0,
    output,
  };
  // A class QID appears in an entity's text as "Q5" (quoted) wherever it is a value; an entity
  // whose text contains none of them cannot match, and is not worth parsing.
  const needles = [...options.types].map((q) => `"${q}"`);
  const every = options.progressEvery ?? 100_000;

  for await (const { line, json } of readDumpLines(input)) {
    report.lines++;
    if (options.onProgress && report.lines % every === 0) options.onProgress(report);
    if (!needles.some((n) => json.includes(n))) {
      report.prefiltered++;
      continue;
    }
    let entity: WdEntity;
    try {
      entity = JSON.parse(json) as WdEntity;
    } catch {
      report.badJson++;
      continue;
    }
    const result = convertEntity(entity, options);
    if (!result.ok) {
      report.skipped[result.reason] = (report.skipped[result.reason] ?? 0) + 1;
      continue;
    }
    const parsed = EntityRecord.safeParse(result.record);
    if (!parsed.success) {
      report.invalid++;
      if (report.invalidSamples.length < 10) report.invalidSamples.push(`line ${line} ${entity.id}: ${describeIssues(parsed.error)}`);
      continue;
    }
    report.kept++;
    report.byType[parsed.data.type] = (report.byType[parsed.data.type] ?? 0) + 1;
    if (!out.write(JSON.stringify(parsed.data) + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  report.peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  writeFileSync(join(options.outDir, 'report.json'), JSON.stringify(report, null, 2) + '\n');
  return report;
}
