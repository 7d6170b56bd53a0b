/**
 * Main-thread accounting for `npm run bench:page`, from a Chromium trace (CDP Tracing domain)
 * of one page load. The page's renderer main thread is split into its top-level tasks (RunTask);
 * a task "runs the content script" when it contains a JS entry (script evaluation, function call,
 * compile) whose script is the extension's content.js (or the card UI it imports, card-ui.js).
 * Two figures come out of that:
 *
 * - `contentTaskMs`: the summed duration of those tasks: everything the main thread did in a
 *   task the content script took part in, including the microtasks, forced style and layout
 *   it caused and the (small) messaging glue. An upper bound, and the figure compared with the
 *   target.
 * - `contentJsMs`: only the JS entries attributed to content.js (EvaluateScript, FunctionCall,
 *   v8.compile) and the microtask checkpoints inside those tasks: a lower bound.
 *
 * Time the content script spends waiting for the background's answer is not on this thread at
 * all (the matching runs in the service worker), so it is excluded by construction.
 *
 * Work that runs as a promise continuation, when an extension API answers (the marks made from
 * `findMentions`' reply, the start once the settings are read), has no JS entry of its own in the
 * trace: it shows only as a microtask checkpoint inside an IPC task. Two things catch it:
 * - the IPC itself: a task that receives a message or reply on an `extensions.mojom.*` interface
 *   (a port's message, the answer to `storage.local.get`) and then runs microtasks. A page has no
 *   extension API of its own, so that is the content script being answered;
 * - V8's sampling profiler, recorded with the trace: a task whose samples include a frame of
 *   content.js. Samples alone miss tasks on a busy machine, where the sampler thread itself gets no
 *   CPU for several ms at a time (gaps of 8 ms were seen while the reply's marks were being made).
 */
import type { CDPSession } from 'playwright-core';

export interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time of the event, when Chromium records it: immune to the OS descheduling us. */
  tdur?: number;
  pid: number;
  tid: number;
  /** Profile and ProfileChunk events: which sampling profile they belong to. */
  id?: string;
  args?: { name?: string; data?: Record<string, unknown>; beginData?: Record<string, unknown> };
}

const CATEGORIES = [
  '__metadata',
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'blink.user_timing',
  'disabled-by-default-v8.cpu_profiler',
];

/** Records a trace while `during` runs (start it before navigating to include the page load). */
export async function traceWhile(cdp: CDPSession, during: () => Promise<void>): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  const onData = (e: { value: unknown[] }) => {
    events.push(...(e.value as TraceEvent[]));
  };
  cdp.on('Tracing.dataCollected', onData);
  const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: CATEGORIES }, transferMode: 'ReportEvents' });
  try {
    await during();
  } finally {
    await cdp.send('Tracing.end');
    await complete;
    cdp.off('Tracing.dataCollected', onData);
  }
  return events;
}

export interface MainThreadSummary {
  /** Tasks on the page's main thread in the trace. */
  tasks: number;
  /** Longest task of any kind (the page's own parsing and layout included). */
  longestTaskMs: number;
  /** What the longest task was doing (its heaviest child events). */
  longestTaskWhat: string;
  /** Tasks in which the content script ran. */
  contentTasks: number;
  /** Each of those tasks: its time and its heaviest work ("12.0 ms (CPU 6.1): FunctionCall …"). */
  contentTaskWhat: string[];
  contentTaskMs: number;
  /** The same tasks' thread CPU time (wall time above counts time the OS gave to others). */
  contentTaskCpuMs: number;
  contentJsMs: number;
  /** Of contentJsMs: evaluating content.js when it is injected (compile and top-level code). */
  contentEvalMs: number;
  longestContentTaskMs: number;
  /** Thread CPU time of the longest task / of the longest content-script task. */
  longestTaskCpuMs: number;
  longestContentTaskCpuMs: number;
  /** Tasks over 50 ms, any kind / with the content script in them. */
  over50: number;
  contentOver50: number;
}

/**
 * The content script, and the card UI it imports when a card first opens (card-ui.js), so that
 * the card UI counts if it ever loads during a scan.
 */
const isContentScript = (url: unknown) =>
  typeof url === 'string' && /^chrome-extension:\/\/[^/]+\/(content-scripts\/content\.js|card-ui\.js)/.test(url);
const JS_ENTRIES = new Set(['EvaluateScript', 'FunctionCall', 'v8.compile']);

/** A message or reply from the browser to the extension system in this frame. */
function isExtensionIpc(e: TraceEvent): boolean {
  if (e.name !== 'Receive mojo message' && e.name !== 'Receive mojo reply') return false;
  const info = (e.args as { chrome_mojo_event_info?: { mojo_interface_tag?: unknown } } | undefined)?.chrome_mojo_event_info;
  return typeof info?.mojo_interface_tag === 'string' && info.mojo_interface_tag.startsWith('extensions.mojom.');
}

function dataOf(e: TraceEvent): Record<string, unknown> {
  return e.args?.data ?? e.args?.beginData ?? {};
}

/** The renderer main thread that loaded `pageUrl` (the page's own process, not the extension's). */
function pageMainThread(events: TraceEvent[], pageUrl: string): { pid: number; tid: number } | undefined {
  const mains = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}/${e.tid}`));
  for (const e of events) {
    if (e.name !== 'ParseHTML' && e.name !== 'CommitLoad') continue;
    const url = dataOf(e).url;
    if (typeof url === 'string' && url.startsWith(pageUrl) && mains.has(`${e.pid}/${e.tid}`)) return { pid: e.pid, tid: e.tid };
  }
  return undefined;
}

interface ProfileNode {
  id: number;
  parent?: number;
  callFrame: { url?: string };
}

/**
 * Times (trace clock, µs) of the profiler's samples on one thread that were taken while content.js
 * was on the stack, sorted.
 */
function contentScriptSamples(events: TraceEvent[], thread: { pid: number; tid: number }): number[] {
  const profile = events.find((e) => e.name === 'Profile' && e.pid === thread.pid && e.tid === thread.tid);
  if (!profile) return [];
  const chunks = events.filter((e) => e.name === 'ProfileChunk' && e.pid === thread.pid && e.id === profile.id);
  const nodes = new Map<number, ProfileNode>();
  const samples: { at: number; node: number }[] = [];
  let at = Number(profile.args?.data?.startTime ?? profile.ts);
  for (const chunk of chunks) {
    const data = chunk.args?.data as { cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] }; timeDeltas?: number[] } | undefined;
    for (const node of data?.cpuProfile?.nodes ?? []) nodes.set(node.id, node);
    const ids = data?.cpuProfile?.samples ?? [];
    const deltas = data?.timeDeltas ?? [];
    ids.forEach((node, i) => {
      at += deltas[i] ?? 0;
      samples.push({ at, node });
    });
  }
  const ours = new Map<number, boolean>();
  const inContentScript = (id: number | undefined): boolean => {
    if (id === undefined) return false;
    let known = ours.get(id);
    if (known === undefined) {
      const node = nodes.get(id);
      known = isContentScript(node?.callFrame.url) || inContentScript(node?.parent);
      ours.set(id, known);
    }
    return known;
  };
  return samples.filter((s) => inContentScript(s.node)).map((s) => s.at).sort((a, b) => a - b);
}

/** True when a sample in `times` (sorted) falls inside [from, to]. */
function sampledWithin(times: number[], from: number, to: number): boolean {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < times.length && times[lo]! <= to;
}

export function summarizeMainThread(events: TraceEvent[], pageUrl: string): MainThreadSummary {
  const thread = pageMainThread(events, pageUrl);
  if (!thread) throw new Error(`no renderer main thread loaded ${pageUrl} in the trace`);
  const sampled = contentScriptSamples(events, thread);
  const onThread = events.filter((e) => e.pid === thread.pid && e.tid === thread.tid && e.ph === 'X' && e.dur !== undefined);
  // Top-level tasks only (a nested run loop shows as a RunTask inside a RunTask).
  const allTasks = onThread.filter((e) => e.name === 'RunTask').sort((a, b) => a.ts - b.ts);
  const tasks: TraceEvent[] = [];
  for (const t of allTasks) {
    const outer = tasks[tasks.length - 1];
    if (outer && t.ts < outer.ts + outer.dur!) continue;
    tasks.push(t);
  }
  const inside = (task: TraceEvent, e: TraceEvent) => e.ts >= task.ts && e.ts + e.dur! <= task.ts + task.dur! + 1;
  const children = onThread.filter((e) => e.name !== 'RunTask').sort((a, b) => a.ts - b.ts);

  let contentTasks = 0;
  let contentTaskMs = 0;
  let contentTaskCpuMs = 0;
  let contentJsMs = 0;
  let contentEvalMs = 0;
  let longestContentTaskMs = 0;
  let longestContentTaskCpuMs = 0;
  let contentOver50 = 0;
  let longest: TraceEvent | undefined;
  // Children are sorted by start: walk them alongside the tasks.
  const contentTaskWhat: string[] = [];
  let c = 0;
  for (const task of tasks) {
    if (!longest || task.dur! > longest.dur!) longest = task;
    while (c < children.length && children[c]!.ts < task.ts) c++;
    let ours = false;
    let jsUs = 0;
    let microtasksUs = 0;
    let lastJsEnd = -1;
    let extensionIpc = false;
    let ranMicrotasks = false;
    for (let i = c; i < children.length && children[i]!.ts <= task.ts + task.dur!; i++) {
      const e = children[i]!;
      if (!inside(task, e)) continue;
      if (JS_ENTRIES.has(e.name) && isContentScript(dataOf(e).url)) {
        ours = true;
        // Count nested entries once (a compile inside an evaluation, a call inside a call).
        if (e.ts >= lastJsEnd) {
          jsUs += e.dur!;
          lastJsEnd = e.ts + e.dur!;
          if (e.name === 'EvaluateScript') contentEvalMs += e.dur! / 1000;
        }
      } else if (e.name === 'RunMicrotasks' && e.ts >= lastJsEnd) {
        microtasksUs += e.dur!;
        ranMicrotasks = true;
      } else if (isExtensionIpc(e)) {
        extensionIpc = true;
      }
    }
    if (extensionIpc && ranMicrotasks) ours = true;
    // A promise continuation (e.g. an extension API's reply) has no JS entry: the samples show it.
    if (!ours) ours = sampledWithin(sampled, task.ts, task.ts + task.dur!);
    if (!ours) continue;
    contentTasks++;
    contentTaskWhat.push(`${(task.dur! / 1000).toFixed(1)} ms (CPU ${((task.tdur ?? task.dur!) / 1000).toFixed(1)}): ${describeTask(task, children)}`);
    contentTaskMs += task.dur! / 1000;
    contentTaskCpuMs += (task.tdur ?? task.dur!) / 1000;
    contentJsMs += (jsUs + microtasksUs) / 1000;
    longestContentTaskMs = Math.max(longestContentTaskMs, task.dur! / 1000);
    longestContentTaskCpuMs = Math.max(longestContentTaskCpuMs, (task.tdur ?? task.dur!) / 1000);
    if (task.dur! > 50_000) contentOver50++;
  }
  return {
    tasks: tasks.length,
    longestTaskMs: (longest?.dur ?? 0) / 1000,
    longestTaskWhat: longest ? describeTask(longest, children) : '',
    contentTasks,
    contentTaskWhat,
    contentTaskMs,
    contentTaskCpuMs,
    contentJsMs,
    contentEvalMs,
    longestContentTaskMs,
    longestTaskCpuMs: (longest?.tdur ?? longest?.dur ?? 0) / 1000,
    longestContentTaskCpuMs,
    over50: tasks.filter((t) => t.dur! > 50_000).length,
    contentOver50,
  };
}

/** "ParseHTML 31.2 ms, Layout 12.0 ms": the heaviest direct work in a task. */
function describeTask(task: TraceEvent, children: TraceEvent[]): string {
  const totals = new Map<string, number>();
  for (const e of children) {
    if (e.ts < task.ts || e.ts > task.ts + task.dur!) continue;
    const label = JS_ENTRIES.has(e.name) && isContentScript(dataOf(e).url) ? `${e.name} (content.js)` : e.name;
    totals.set(label, (totals.get(label) ?? 0) + e.dur! / 1000);
  }
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([name, ms]) => `${name} ${ms.toFixed(1)} ms`)
    .join(', ');
}
