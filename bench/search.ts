/**
 * `npm run bench:search`: the popup's search index on synthetic KBs (10k and 100k entities by
 * default). Prints, per size: build time, stored size, the cold start (the stored head cloned the
 * way IndexedDB does, wrapped, first query answered; then the whole index, as the background
 * loads it after the head), how often the head's answers to 1–3-letter queries equal the whole
 * index's, and per-keystroke latency percentiles for names typed letter by letter, with one-typo
 * variants (so half-typed words with a typo) and type filters mixed in.
 *
 * Usage: npx tsx --expose-gc bench/search.ts [--sizes 10k,100k] [--words 400]
 */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { ENTITY_TYPES } from '../utils/shared/entity-types';
import { compileSearchIndex, SearchIndex, type SearchableEntity } from '../utils/background/search/search-index';
import { headEntities } from '../utils/background/search/search-head';
import { createPrng } from '../utils/kb-build/prng';
import { syntheticRecords } from '../utils/kb-build/synthetic-pack';

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i === -1 ? fallback : (process.argv[i + 1] ?? fallback);
}
const parseSize = (s: string) => Math.round(Number(s.toLowerCase().replace(/k$/, 'e3').replace(/m$/, 'e6')));
const sizes = flag('--sizes', '10k,100k').split(',').map(parseSize);
const sampleCount = Number(flag('--words', '400'));
const human = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n));
const ms = (x: number) => `${x.toFixed(x < 1 ? 3 : 1)} ms`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** One typo: drop, double, swap or replace a letter. */
function typo(word: string, rng: ReturnType<typeof createPrng>): string {
  const i = 1 + rng.int(Math.max(1, word.length - 2));
  switch (rng.int(4)) {
    case 0:
      return word.slice(0, i) + word.slice(i + 1);
    case 1:
      return word.slice(0, i) + word[i] + word.slice(i);
    case 2:
      return word.slice(0, i - 1) + (word[i] ?? '') + word[i - 1] + word.slice(i + 1);
    default:
      return word.slice(0, i) + 'q' + word.slice(i + 1);
  }
}

/** Bytes of the typed arrays in the stored form (all of it but the format number). */
function storedBytes(value: unknown): number {
  if (ArrayBuffer.isView(value)) return value.byteLength;
  if (typeof value !== 'object' || value === null) return 0;
  return Object.values(value).reduce((n: number, v: unknown) => n + storedBytes(v), 0);
}

/** Collects the build's garbage first, as a worker that loads a stored index never makes it. */
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

// Single runs, not best-of-n: the tail includes GC and scheduling, as a real worker's would.
console.log(`${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)} at start (other work on the machine shows in the tail)\n`);

for (const size of sizes) {
  let entities: SearchableEntity[] | undefined = [...syntheticRecords(size)];
  let t = performance.now();
  const data = compileSearchIndex(entities);
  const buildMs = performance.now() - t;
  t = performance.now();
  const headList = headEntities(entities, []);
  const headData = headList && compileSearchIndex(headList);
  const headBuildMs = performance.now() - t;
  const names = entities.map((e) => e.name.toLowerCase());
  entities = undefined;
  gc();
  const bytes = storedBytes(data);

  // Cold start: IndexedDB hands the worker a structured clone of the stored value; the head is
  // read first and answers the first query, then the whole index is read.
  t = performance.now();
  const headIndex = headData && new SearchIndex(structuredClone(headData));
  const headCloneMs = performance.now() - t;
  const rng = createPrng(7);
  const firstQuery = names[rng.int(names.length)]!.slice(0, 3);
  t = performance.now();
  (headIndex ?? new SearchIndex(structuredClone(data))).search(firstQuery);
  const firstQueryMs = performance.now() - t;
  const firstMs = headCloneMs + firstQueryMs;
  t = performance.now();
  const index = new SearchIndex(structuredClone(data));
  const wholeMs = performance.now() - t;

  // How often the head answers a first keystroke (1–3 letters) exactly as the whole index would.
  let same = 0;
  const probes = 300;
  for (let p = 0; p < probes; p++) {
    const q = names[rng.int(names.length)]!.slice(0, 1 + (p % 3));
    const ids = (i: SearchIndex) => i.search(q).map((r) => i.id(r.entity)).join();
    if (!headIndex || ids(headIndex) === ids(index)) same++;
  }

  // Per keystroke: each sampled name typed letter by letter; every third one with a typo.
  const times: number[] = [];
  const tierCounts = { exact: 0, prefix: 0, typo: 0, 'prefix-typo': 0, none: 0 };
  for (let s = 0; s < sampleCount; s++) {
    const name = names[rng.int(names.length)]!;
    const target = s % 3 === 2 ? typo(name, rng) : name;
    const type = s % 5 === 4 ? ENTITY_TYPES[rng.int(ENTITY_TYPES.length)] : undefined;
    for (let n = 1; n <= target.length; n++) {
      const q = target.slice(0, n);
      const start = performance.now();
      const hits = index.search(q, { limit: 20, type });
      times.push(performance.now() - start);
      if (n === target.length) tierCounts[hits[0]?.tier ?? 'none']++;
    }
  }
  times.sort((a, b) => a - b);
  console.log(
    [
      `## ${human(size)} entities`,
      `build ${ms(buildMs)} + head ${ms(headBuildMs)}, stored form ${(bytes / 1e6).toFixed(1)} MB + head ${((headData ? storedBytes(headData) : 0) / 1e6).toFixed(1)} MB (${human(data.suffixPos.length)} suffixes, ${human(data.vocabPos.length)} vocabulary strings)`,
      `cold start to first results: ${ms(firstMs)} (${headData ? `head: structured clone + wrap ${ms(headCloneMs)}, first query ${ms(firstQueryMs)}` : 'whole index, no head at this size'}); whole index loaded after it: ${ms(wholeMs)}`,
      `head answers 1–3-letter queries like the whole index: ${same}/${probes}`,
      `per keystroke (${times.length} queries): p50 ${ms(percentile(times, 50))}, p95 ${ms(percentile(times, 95))}, p99 ${ms(percentile(times, 99))}, max ${ms(times[times.length - 1]!)}`,
      `top hit tier for the full word: ${JSON.stringify(tierCounts)}`,
      '',
    ].join('\n'),
  );
}
