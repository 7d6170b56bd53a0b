/**
 * Runs the spotter over loaded eval articles and scores it, and formats the result as the plain
 * text report `npm run eval` prints. Node-side only; nothing here ships in the extension.
 */
import type { EntityRecord } from '../shared/kb-schema';
import type { Mention } from '../shared/protocol';
import { buildSpotIndex } from '../background/spot-index';
import { spotMentions } from '../matcher/spot-mentions';
import type { EvalArticle } from './load-article';
import { score, type Mismatch, type Prf, type ScoredMention, type ScoreReport } from './score';

export interface EvalResult extends ScoreReport {
  articles: EvalArticle[];
  /** Gold ids that the KB does not hold (fixture or KB out of date). */
  unknownGold: ScoredMention[];
  /** Predictions linked to no KB entity (e.g. a treaty-shaped name the KB lacks): listed, not scored. */
  unlinked: ScoredMention[];
}

/** How a mention linked to no entity (a treaty-shaped name the KB lacks) is shown. */
const NOT_IN_KB = '(not in KB)';

export function runEval(records: readonly EntityRecord[], articles: readonly EvalArticle[]): EvalResult {
  const index = buildSpotIndex(records);
  const gold: ScoredMention[] = [];
  const predicted: ScoredMention[] = [];
  const unlinked: ScoredMention[] = [];
  for (const a of articles) {
    for (const g of a.gold) {
      gold.push({ doc: a.name, ...g, type: index.info(g.entityId)?.type ?? 'unknown' });
    }
    const mentions: Mention[] = spotMentions(index, { blocks: a.blocks });
    for (const m of mentions) {
      const p: ScoredMention = {
        doc: a.name,
        block: m.block,
        start: m.start,
        end: m.end,
        entityId: m.entityId ?? NOT_IN_KB,
        type: m.type,
        rule: m.reason.rule,
      };
      if (m.article !== undefined) p.article = m.article;
      if (m.chapter !== undefined) p.chapter = m.chapter;
      (m.entityId !== null && index.info(m.entityId) ? predicted : unlinked).push(p);
    }
  }
  return {
    ...score(gold, predicted),
    articles: [...articles],
    unknownGold: gold.filter((g) => g.type === 'unknown'),
    unlinked,
  };
}

export interface Suggestion {
  doc: string;
  block: number;
  start: number;
  end: number;
  candidates: string[];
}

/**
 * For keeping the corpus up to date as the KB grows: every place where a KB alias occurs (the
 * matcher's raw matches, case rules applied, context ignored) that no gold mention overlaps.
 * Most are rightly not gold ("a patriot", "Sofia Marin"); the rest are annotations to add.
 */
export function suggestGold(records: readonly EntityRecord[], articles: readonly EvalArticle[]): Suggestion[] {
  const index = buildSpotIndex(records);
  const out: Suggestion[] = [];
  for (const a of articles) {
    a.blocks.forEach((text, block) => {
      const gold = a.gold.filter((g) => g.block === block);
      for (const raw of index.matcher.match(text)) {
        if (gold.some((g) => g.start < raw.end && raw.start < g.end)) continue;
        const candidates = [...new Set(raw.candidates.map((c) => c.entityId + (c.needsContext ? ' (context)' : '')))];
        out.push({ doc: a.name, block, start: raw.start, end: raw.end, candidates });
      }
    });
  }
  return out;
}

export function formatSuggestions(suggestions: readonly Suggestion[], articles: readonly EvalArticle[]): string {
  const texts = new Map(articles.map((a) => [a.name, a.blocks]));
  const lines = [`KB aliases outside any gold mention (${suggestions.length}): add gold where a reader would want the link`];
  for (const s of suggestions) {
    lines.push(`    [${s.doc}] ${snippetOf(texts.get(s.doc)?.[s.block] ?? '', s.start, s.end)} → ${s.candidates.join(' | ')}`);
  }
  return lines.join('\n');
}

const pct = (n: number) => n.toFixed(3);

export function formatReport(result: EvalResult, header: string): string {
  const lines: string[] = [header, ''];
  const row = (label: string, p: Prf) =>
    `  ${label.padEnd(14)}${String(p.gold).padStart(6)}${String(p.predicted).padStart(6)}${String(p.tp).padStart(6)}` +
    `${pct(p.precision).padStart(11)}${pct(p.recall).padStart(9)}${pct(p.f1).padStart(8)}`;
  lines.push(`  ${''.padEnd(14)}${'gold'.padStart(6)}${'pred'.padStart(6)}${'tp'.padStart(6)}${'precision'.padStart(11)}${'recall'.padStart(9)}${'F1'.padStart(8)}`);
  lines.push(row('overall', result.overall));
  for (const [type, p] of result.byType) lines.push(row(type, p));

  const texts = new Map(result.articles.map((a) => [a.name, a.blocks]));
  const snippet = (m: ScoredMention) => snippetOf(texts.get(m.doc)?.[m.block] ?? '', m.start, m.end);
  const label = (m: ScoredMention) =>
    `${m.entityId}${m.article ? `#${m.article}` : ''}${m.chapter ? `#ch:${m.chapter}` : ''} (${m.type}${m.rule ? `, ${m.rule}` : ''})`;
  const quoted = (m: ScoredMention) => `"${(texts.get(m.doc)?.[m.block] ?? '').slice(m.start, m.end).replace(/\s+/g, ' ')}"`;

  const section = (title: string, items: Mismatch[], describe: (e: Mismatch) => string) => {
    lines.push('', `${title} (${items.length})`);
    for (const [diagnosis, group] of groupBy(items, (e) => e.diagnosis)) {
      lines.push(`  ${DIAGNOSIS_TITLES[diagnosis]} (${group.length})`);
      for (const e of group) lines.push(`    [${e.mention.doc}] ${snippet(e.mention)}`, `        ${describe(e)}`);
    }
  };
  section('Misses', result.misses, (e) => {
    const said = e.counterpart ? `; spotter said ${quoted(e.counterpart)} → ${label(e.counterpart)}` : '';
    return `gold ${quoted(e.mention)} → ${label(e.mention)}${said}`;
  });
  section('False marks', result.falseMarks, (e) => {
    const gold = e.counterpart ? `; gold is ${quoted(e.counterpart)} → ${label(e.counterpart)}` : '; no gold mention here';
    return `marked ${quoted(e.mention)} → ${label(e.mention)}${gold}`;
  });
  if (result.unlinked.length) {
    lines.push('', `Marked but linked to no KB entity, not scored (${result.unlinked.length})`);
    for (const m of result.unlinked) lines.push(`    [${m.doc}] ${snippet(m)} → ${label(m)}`);
  }
  if (result.unknownGold.length) {
    lines.push('', `WARNING: gold ids not in the KB (${result.unknownGold.length}); fix the fixture or the KB`);
    for (const m of result.unknownGold) lines.push(`    [${m.doc}] ${snippet(m)} → ${m.entityId}`);
  }
  return lines.join('\n');
}

const DIAGNOSIS_TITLES: Record<Mismatch['diagnosis'], string> = {
  'none': 'nothing at this place on the other side',
  'wrong-entity': 'same span, different entity',
  'wrong-article': 'same span and entity, different treaty article or chapter',
  'boundary': 'same entity, different span',
  'overlap-other': 'overlapping span, different entity',
};

/** The block text around [start, end), with the mention in ⟦ ⟧ and whitespace collapsed. */
export function snippetOf(text: string, start: number, end: number, context = 40): string {
  const from = Math.max(0, start - context);
  const to = Math.min(text.length, end + context);
  const flat = (s: string) => s.replace(/\s+/g, ' ');
  return `${from > 0 ? '…' : ''}${flat(text.slice(from, start))}⟦${flat(text.slice(start, end))}⟧${flat(text.slice(end, to))}${to < text.length ? '…' : ''}`;
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
