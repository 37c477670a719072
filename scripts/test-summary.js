#!/usr/bin/env node
// Prints the plain closing line CI reads, `N passed, N failed, N skipped`, summed over every
// result file in reports/: jest's --json results (*-results.json) and the conformance runs'
// JSON reports (conformance-*.json). No result file, an unreadable one, or a run that executed
// nothing exits 1: a run that tested nothing must not look green.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const dir = process.argv[2] || 'reports';
const files = fs.existsSync(dir)
  ? fs
      .readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .sort()
  : [];
let passed = 0;
let failed = 0;
let skipped = 0;
const problems = [];
for (const name of files) {
  try {
    const result = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
    if (typeof result.numPassedTests === 'number') {
      passed += result.numPassedTests;
      failed += result.numFailedTests + (result.numRuntimeErrorTestSuites ?? 0);
      skipped += (result.numPendingTests ?? 0) + (result.numTodoTests ?? 0);
      if (result.success === false && result.numFailedTests === 0) failed += 1;
    } else if (result.summary && typeof result.summary.passed === 'number') {
      // Observed (inferred, not judged) scenarios count as passed runs that were not failures.
      passed += result.summary.passed + (result.summary.observed ?? 0);
      failed += result.summary.failed;
      skipped += result.summary.skipped;
    } else {
      problems.push(`${name}: not a jest or conformance result`);
    }
  } catch (error) {
    problems.push(`${name}: ${error.message}`);
  }
}
if (files.length === 0) problems.push(`no result files in ${dir}/`);
for (const problem of problems) console.error(`test-summary: ${problem}`);
failed += problems.length;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
