#!/usr/bin/env node
// `npm run fuzz -- --runs N [--seed S]`: the property-based fuzz test (test/fuzz/) for longer
// than the 1,000 cases `npm test` runs. The seed defaults to a fresh one, printed first, so a
// failure can be replayed with `--seed S`.
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { parseArgs } = require('node:util');

let flags;
try {
  flags = parseArgs({ options: { runs: { type: 'string', default: '10000' }, seed: { type: 'string' } } }).values;
} catch (error) {
  console.error(`fuzz: ${error.message}\nUsage: npm run fuzz -- [--runs N] [--seed S]`);
  process.exit(2);
}
const runs = Number(flags.runs);
const seed = flags.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(flags.seed);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`fuzz: --runs must be a whole number >= 1, got '${flags.runs}'`);
  process.exit(2);
}
if (!Number.isInteger(seed)) {
  console.error(`fuzz: --seed must be a whole number, got '${flags.seed}'`);
  process.exit(2);
}
console.log(`fuzz: ${runs} runs, seed ${seed}`);
const root = path.resolve(__dirname, '..');
const jest = path.join(root, 'node_modules/jest/bin/jest.js');
const result = spawnSync(process.execPath, [jest, 'test/fuzz', '--testTimeout', String(Math.max(60_000, runs * 100))], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, FUZZ_RUNS: String(runs), FUZZ_SEED: String(seed) },
});
process.exit(result.status ?? 1);
