/**
 * `npm test`: every check, in the order a failure is cheapest to find. Typecheck, lint, unit
 * tests, the Chrome build and its content script's size budget, end-to-end tests in headless
 * Chromium with that build, then the Firefox build, `web-ext lint` and a smoke test of that build
 * in Firefox ESR. Each step runs even if an earlier one failed, so one run
 * reports everything; the last line is the total in the "N passed, N failed" form CI reads.
 *
 *   npm test                 all of it
 *   npm test -- --skip e2e   leave steps out (names: typecheck, lint, unit, build, bundle, e2e, firefox, e2e-firefox)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

interface Step {
  name: string;
  command: string[];
  /** Vitest JSON report to count tests from. */
  report?: string;
  /** Steps that make no sense when this one failed. */
  needs?: string;
}

const reports = join('.output', 'test-reports');
mkdirSync(reports, { recursive: true });
const vitest = (project: string) => {
  const file = join(reports, `${project}.json`);
  rmSync(file, { force: true }); // never count a report left over from an earlier run
  return {
    command: ['npx', 'vitest', 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${file}`],
    report: file,
  };
};

const steps: Step[] = [
  { name: 'typecheck', command: ['npx', 'tsc', '--noEmit', '-p', '.'] },
  { name: 'lint', command: ['npx', 'eslint', '.', '--max-warnings=0'] },
  { name: 'unit', ...vitest('unit') },
  { name: 'build', command: ['npm', 'run', 'build'] },
  // The content script's gzipped size budget (issue 5), read from the build just made.
  { name: 'bundle', needs: 'build', command: ['npx', 'tsx', 'scripts/check-bundle-size.ts'] },
  { name: 'e2e', needs: 'build', ...vitest('e2e') },
  { name: 'firefox', command: ['npm', 'run', 'lint:firefox'] },
  { name: 'e2e-firefox', needs: 'firefox', ...vitest('e2e-firefox') },
];

const skipIndex = process.argv.indexOf('--skip');
const skipped = new Set(skipIndex >= 0 ? (process.argv[skipIndex + 1] ?? '').split(',') : []);

let passed = 0;
let failed = 0;
const results: string[] = [];
const failedSteps = new Set<string>();

for (const step of steps) {
  if (skipped.has(step.name)) {
    results.push(`${step.name}: skipped`);
    continue;
  }
  if (step.needs && failedSteps.has(step.needs)) {
    results.push(`${step.name}: not run (${step.needs} failed)`);
    failedSteps.add(step.name);
    failed++;
    continue;
  }
  console.log(`\n▶ ${step.name}: ${step.command.join(' ')}`);
  const started = Date.now();
  const run = spawnSync(step.command[0]!, step.command.slice(1), { stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = run.status === 0;
  if (!ok) failedSteps.add(step.name);
  if (step.report) {
    const counts = readCounts(step.report);
    if (counts) {
      passed += counts.passed;
      failed += counts.failed;
      results.push(`${step.name}: ${counts.passed} passed, ${counts.failed} failed (${seconds} s)`);
      if (!ok && counts.failed === 0) failed++; // the runner itself failed (e.g. no tests found)
      continue;
    }
  }
  // A check without test counts (typecheck, lint, build) counts as one test.
  if (ok) passed++;
  else failed++;
  results.push(`${step.name}: ${ok ? 'ok' : 'FAILED'} (${seconds} s)`);
}

console.log('\nSummary');
for (const line of results) console.log(`  ${line}`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || failedSteps.size > 0 ? 1 : 0);

function readCounts(file: string): { passed: number; failed: number } | undefined {
  try {
    const json = JSON.parse(readFileSync(file, 'utf8')) as { numPassedTests: number; numFailedTests: number };
    return { passed: json.numPassedTests, failed: json.numFailedTests };
  } catch {
    return undefined;
  }
}
