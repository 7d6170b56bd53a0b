/**
 * Work written as a generator that yields between steps (compileIndexSteps,
 * compileSearchIndexSteps) runs two ways: in slices that let the background worker answer
 * messages in between (utils/background/stored-index.ts runInSlices), or all at once here, for
 * callers with nothing to interleave (tests, eval, benchmarks, the Node-side build).
 */
export function runToEnd<R>(steps: Generator<void, R, void>): R {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}
