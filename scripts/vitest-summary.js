// Prints "N passed, N failed" from vitest's JSON reporter output (the line CI reads), summed over
// every file given (the unit/integration run and the cluster run). Suites that failed to load
// count as failures even when they ran no test; a file that cannot be read counts as one failure.
import { readFileSync } from 'node:fs';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node scripts/vitest-summary.js REPORT.json [REPORT.json ...]');
  process.exit(1);
}
let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of files) {
  let report;
  try {
    report = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    console.error(`vitest-summary: cannot read ${file}: ${err.message}`);
    failed += 1;
    continue;
  }
  const failedSuites = (report.testResults ?? []).filter((s) => s.status === 'failed' && (s.assertionResults ?? []).length === 0).length;
  passed += report.numPassedTests ?? 0;
  failed += (report.numFailedTests ?? 0) + failedSuites;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
