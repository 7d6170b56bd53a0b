/**
 * One benchmark measurement in a fresh process, so that heap numbers belong to one matcher only:
 * build, heap after build, match throughput, load time of the stored form (all timed by CPU
 * time of the process). Prints one JSON line.
 *
 * Run by bench/match.ts as: node --expose-gc --import tsx bench/worker.ts <contender> <aliases.json> <textBytes>
 */
import { readFileSync } from 'node:fs';
import type { AliasEntry } from '../utils/matcher/matcher';
import { CONTENDERS } from './contenders';
import { synthText } from './synth';

export interface WorkerResult {
  contender: string;
  aliases: number;
  textBytes: number;
  /** CPU time of the build (user + system); `buildWallMs` is the wall clock. */
  buildMs: number;
  buildWallMs: number;
  /** Growth of V8 heap + external memory (typed arrays) caused by the build, after a full GC. */
  heapMb: number;
  /** By CPU time, fastest pass; `medianMbPerSec` is the median of `passes` passes. */
  mbPerSec: number;
  medianMbPerSec: number;
  /** By wall clock, fastest pass. */
  wallMbPerSec: number;
  passes: number;
  matches: number;
  loadMs?: number;
  storedMb?: number;
  noStoreReason?: string;
}

const [name, aliasFile, textBytesArg] = process.argv.slice(2);
const contender = CONTENDERS.find((c) => c.name === name);
if (!contender || !aliasFile || !textBytesArg) {
  console.error(`usage: worker.ts <${CONTENDERS.map((c) => c.name).join('|')}> <aliases.json> <textBytes>`);
  process.exit(2);
}
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const raw = JSON.parse(readFileSync(aliasFile, 'utf8')) as AliasEntry[];
const text = synthText(raw, Number(textBytesArg));
// Raw substring matchers get lower-cased input, prepared outside the timed regions.
const aliases = contender.lowerCase ? raw.map((a) => ({ ...a, alias: a.alias.toLowerCase() })) : raw;
const input = contender.lowerCase ? text.toLowerCase() : text;

const memory = () => {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
};

/**
 * Times `fn` by the CPU time of this process (user + system), not the wall clock: the benchmark
 * machine is shared, and waiting for a core is not the matcher's cost. Wall time is kept too.
 */
function measure<T>(fn: () => T): { value: T; cpuMs: number; wallMs: number } {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const value = fn();
  const used = process.cpuUsage(cpu);
  return { value, cpuMs: (used.user + used.system) / 1000, wallMs: performance.now() - wall };
}

const before = memory();
const build = measure(() => contender.build(aliases));
const built = build.value;
// Growth after a full GC; a build that keeps nothing can read slightly negative: that is 0.
const heapMb = Math.max(0, (memory() - before) / 1e6);

// Warm up on a slice, then time whole passes over the text: at least 3, then until 3 s of CPU
// (at most 15). Reported: the fastest pass (least disturbed) and the median. On the shared 2-core
// machine single passes of the same code vary by 1.5× or more, so a few passes were not enough
// for the fastest one to be a fair figure.
built.count(input.slice(0, 200_000));
const passes: number[] = [];
const wallPasses: number[] = [];
let matches = 0;
do {
  const pass = measure(() => built.count(input));
  matches = pass.value;
  passes.push(pass.cpuMs);
  wallPasses.push(pass.wallMs);
} while (passes.length < 3 || (passes.length < 15 && passes.reduce((a, b) => a + b, 0) < 3000));
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const mbps = (ms: number) => input.length / 1e6 / (Math.max(ms, 0.001) / 1000);

const result: WorkerResult = {
  contender: contender.name,
  aliases: raw.length,
  textBytes: input.length,
  buildMs: build.cpuMs,
  buildWallMs: build.wallMs,
  heapMb,
  mbPerSec: mbps(sorted(passes)[0]!),
  medianMbPerSec: mbps(sorted(passes)[Math.floor(passes.length / 2)]!),
  wallMbPerSec: mbps(sorted(wallPasses)[0]!),
  passes: passes.length,
  matches,
};
if (contender.store) {
  const stored = contender.store(built);
  // A slow load (large sets) is timed once; a fast one is the best of five.
  let load = measure(() => stored.load());
  let loadMs = load.cpuMs;
  for (let i = 0; i < 4 && loadMs < 1000; i++) {
    load = measure(() => stored.load());
    loadMs = Math.min(loadMs, load.cpuMs);
  }
  // The loaded matcher must be the same matcher.
  const probe = input.slice(0, 200_000);
  if (load.value.count(probe) !== built.count(probe)) throw new Error(`${contender.name}: loaded matcher disagrees with the built one`);
  result.loadMs = loadMs;
  result.storedMb = stored.bytes / 1e6;
} else {
  result.noStoreReason = contender.noStoreReason;
}
process.stdout.write(`${JSON.stringify(result)}\n`);
