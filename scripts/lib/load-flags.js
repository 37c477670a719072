// The flags of the load scripts (bench, bench:page, soak): whole numbers such as --seconds, and
// each script's own, checked the same way: a bad value or an unknown flag exits 2 with what was
// wrong and the usage line; a missing dist/ says to build.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');

const root = path.resolve(__dirname, '../..');

/**
 * Parses process.argv for the script `name`: `numbers` maps each whole-number flag to its default
 * (`{ seconds: '10' }`), `options` are parseArgs options of its own. Returns the flags as given,
 * each whole-number flag as a number, and `usage(message)`, which exits 2.
 */
function loadFlags(name, usageLine, numbers, options = {}) {
  const usage = (message) => {
    console.error(`${name}: ${message}\nUsage: ${usageLine}`);
    process.exit(2);
  };
  let flags;
  try {
    const wholeNumbers = Object.fromEntries(Object.entries(numbers).map(([flag, value]) => [flag, { type: 'string', default: value }]));
    flags = parseArgs({ options: { ...wholeNumbers, ...options } }).values;
  } catch (error) {
    usage(error.message);
  }
  const values = {};
  for (const flag of Object.keys(numbers)) {
    const value = Number(flags[flag]);
    if (!Number.isInteger(value) || value < 1) usage(`--${flag} must be a whole number >= 1, got '${flags[flag]}'`);
    values[flag] = value;
  }
  if (!fs.existsSync(path.join(root, 'dist/cli/index.js'))) usage('dist/ is missing: run `npm run build` (npm ci does it) first');
  return { flags, ...values, usage };
}

module.exports = { loadFlags };
