/**
 * Reads the knowledge-base source files (kb/sources/*.yaml), merges the cleaned official treaty
 * texts (kb/treaty-texts/<treaty-id>.json) into the treaty record with the same id, and validates
 * every record against the shared schema. Node-only (build time).
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, basename } from 'node:path';
import { parse } from 'yaml';
import { EntityRecord, SourceRef, TreatyArticle, describeIssues } from '../shared/kb-schema';
import { z } from 'zod';

export interface LoadedSources {
  records: EntityRecord[];
  /** Which source file each record came from (by id), for error messages. */
  fileOf: Map<string, string>;
  /** One readable line per problem: "people.yaml: vladimir-putin: aliases.0.text: …". */
  errors: string[];
}

/** A cleaned treaty-text file as written by scripts/kb/clean-treaty-texts.ts. */
export const TreatyTextFile = z.object({
  treaty: z.string().min(1),
  source: SourceRef,
  articles: z.array(TreatyArticle).min(1),
});
export type TreatyTextFile = z.infer<typeof TreatyTextFile>;

export interface LoadOptions {
  sourcesDir: string;
  treatyTextsDir: string;
}

function readTreatyTexts(dir: string, errors: string[]): Map<string, TreatyTextFile> {
  const texts = new Map<string, TreatyTextFile>();
  if (!existsSync(dir)) return texts;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const parsed = TreatyTextFile.safeParse(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    if (!parsed.success) {
      errors.push(`${file}: ${describeIssues(parsed.error)}`);
      continue;
    }
    if (parsed.data.treaty !== basename(file, '.json')) {
      errors.push(`${file}: "treaty" is ${parsed.data.treaty}, expected the file name`);
    }
    texts.set(parsed.data.treaty, parsed.data);
  }
  return texts;
}

/** Adds the official articles of `text` to a raw (not yet validated) treaty record. */
export function mergeTreatyText(raw: Record<string, unknown>, text: TreatyTextFile): string | undefined {
  const treaty = raw.treaty as Record<string, unknown> | undefined;
  if (!treaty || typeof treaty !== 'object') return 'has an official text but no "treaty" block';
  const existing = Array.isArray(treaty.articles) ? (treaty.articles as TreatyArticle[]) : [];
  const clash = existing.find((a) => a.kind === 'official');
  if (clash) return `lists official article ${clash.number} by hand; official texts come from kb/treaty-texts`;
  treaty.articles = [...text.articles, ...existing];
  const sources = Array.isArray(raw.sources) ? (raw.sources as SourceRef[]) : [];
  if (!sources.some((s) => s.title === text.source.title)) raw.sources = [...sources, text.source];
  return undefined;
}

export function loadSources(options: LoadOptions): LoadedSources {
  const errors: string[] = [];
  const records: EntityRecord[] = [];
  const fileOf = new Map<string, string>();
  const texts = readTreatyTexts(options.treatyTextsDir, errors);
  const usedTexts = new Set<string>();

  const files = readdirSync(options.sourcesDir).filter((f) => /\.ya?ml$/.test(f)).sort();
  for (const file of files) {
    let doc: unknown;
    try {
      doc = parse(readFileSync(join(options.sourcesDir, file), 'utf8'));
    } catch (e) {
      errors.push(`${file}: YAML error: ${(e as Error).message}`);
      continue;
    }
    if (doc == null) continue;
    if (!Array.isArray(doc)) {
      errors.push(`${file}: expected a YAML list of records`);
      continue;
    }
    doc.forEach((item, index) => {
      const raw = (item ?? {}) as Record<string, unknown>;
      const label = typeof raw.id === 'string' ? raw.id : `record #${index + 1}`;
      const text = typeof raw.id === 'string' ? texts.get(raw.id) : undefined;
      if (text) {
        usedTexts.add(text.treaty);
        const problem = mergeTreatyText(raw, text);
        if (problem) errors.push(`${file}: ${label}: ${problem}`);
      }
      const parsed = EntityRecord.safeParse(raw);
      if (!parsed.success) {
        errors.push(`${file}: ${label}: ${describeIssues(parsed.error)}`);
        return;
      }
      records.push(parsed.data);
      if (!fileOf.has(parsed.data.id)) fileOf.set(parsed.data.id, file);
    });
  }
  for (const id of texts.keys()) {
    if (!usedTexts.has(id)) errors.push(`treaty-texts/${id}.json: no record with id "${id}" in kb/sources`);
  }
  return { records, fileOf, errors };
}
