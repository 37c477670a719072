#!/usr/bin/env node
// Prints the plain closing line CI reads, `N passed, N failed, N skipped`, from jest's --json
// result file. A missing or unreadable file, or a run that executed no test, exits 1: a run that
// tested nothing must not look green.
'use strict';
const fs = require('node:fs');

const file = process.argv[2] || 'reports/jest-results.json';
let result;
try {
  result = JSON.parse(fs.readFileSync(file, 'utf8'));
} catch (error) {
  console.log(`0 passed, 1 failed`);
  console.error(`test-summary: cannot read jest results from ${file}: ${error.message}`);
  process.exit(1);
}
const passed = result.numPassedTests ?? 0;
const failed = (result.numFailedTests ?? 0) + (result.numRuntimeErrorTestSuites ?? 0);
const skipped = (result.numPendingTests ?? 0) + (result.numTodoTests ?? 0);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 && passed > 0 && result.success !== false ? 0 : 1);
