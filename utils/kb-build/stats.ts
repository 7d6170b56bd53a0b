/**
 * Knowledge-base statistics, gathered one record at a time so that a million-record NDJSON pack
 * is counted in flat memory: records per type, the share with sources, with dated facts, and how
 * many facts lack a start date.
 */
import type { EntityRecord } from '../shared/kb-schema';
import { ENTITY_TYPES } from '../shared/entity-types';

export interface KbStats {
  records: number;
  byType: Record<string, number>;
  withSources: number;
  /** Records with at least one fact carrying `from` or `to`. */
  withDatedFacts: number;
  withFacts: number;
  facts: number;
  factsWithoutFrom: number;
  aliases: number;
  relations: number;
  withWikidata: number;
  treatyArticles: number;
  /** Records that failed the schema (counted, never added to the totals above). */
  invalid: number;
}

export function emptyStats(): KbStats {
  return {
    records: 0,
    byType: Object.fromEntries(ENTITY_TYPES.map((t) => [t, 0])),
    withSources: 0,
    withDatedFacts: 0,
    withFacts: 0,
    facts: 0,
    factsWithoutFrom: 0,
    aliases: 0,
    relations: 0,
    withWikidata: 0,
    treatyArticles: 0,
    invalid: 0,
  };
}

export function addRecord(stats: KbStats, r: EntityRecord): void {
  stats.records++;
  stats.byType[r.type] = (stats.byType[r.type] ?? 0) + 1;
  if (r.sources.length > 0) stats.withSources++;
  if (r.facts.length > 0) stats.withFacts++;
  if (r.facts.some((f) => f.from || f.to)) stats.withDatedFacts++;
  stats.facts += r.facts.length;
  stats.factsWithoutFrom += r.facts.filter((f) => !f.from).length;
  stats.aliases += r.aliases.length;
  stats.relations += r.relations.length;
  if (r.links.wikidata) stats.withWikidata++;
  stats.treatyArticles += r.treaty?.articles.length ?? 0;
}

const pct = (n: number, of: number) => (of === 0 ? '–' : `${((100 * n) / of).toFixed(1)}%`);

/** The report as printed by `npm run kb -- stats`. */
export function formatStats(stats: KbStats, label: string): string {
  const lines = [`${label}: ${stats.records} records${stats.invalid ? ` (${stats.invalid} invalid, skipped)` : ''}`, '', 'per type:'];
  for (const [type, n] of Object.entries(stats.byType).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
    lines.push(`  ${type.padEnd(14)}${String(n).padStart(9)}`);
  }
  lines.push(
    '',
    `with sources        ${String(stats.withSources).padStart(9)}  ${pct(stats.withSources, stats.records)}`,
    `with Wikidata id    ${String(stats.withWikidata).padStart(9)}  ${pct(stats.withWikidata, stats.records)}`,
    `with facts          ${String(stats.withFacts).padStart(9)}  ${pct(stats.withFacts, stats.records)}`,
    `with dated facts    ${String(stats.withDatedFacts).padStart(9)}  ${pct(stats.withDatedFacts, stats.records)}  (a fact with from/to)`,
    `facts               ${String(stats.facts).padStart(9)}`,
    `  without "from"    ${String(stats.factsWithoutFrom).padStart(9)}  ${pct(stats.factsWithoutFrom, stats.facts)}  (every fact has asOf)`,
    `aliases             ${String(stats.aliases).padStart(9)}`,
    `relations           ${String(stats.relations).padStart(9)}`,
    `treaty articles     ${String(stats.treatyArticles).padStart(9)}`,
  );
  return lines.join('\n');
}
