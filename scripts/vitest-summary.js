// Prints "N passed, N failed" from vitest's JSON reporter output (the line CI reads).
// Suites that failed to load count as failures even when they ran no test.
import { readFileSync } from 'node:fs';

const file = process.argv[2];
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch (err) {
  console.error(`vitest-summary: cannot read ${file}: ${err.message}`);
  process.exit(1);
}
const failedSuites = (report.testResults ?? []).filter((s) => s.status === 'failed' && (s.assertionResults ?? []).length === 0).length;
const passed = report.numPassedTests ?? 0;
const failed = (report.numFailedTests ?? 0) + failedSuites;
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
