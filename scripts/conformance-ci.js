#!/usr/bin/env node
// `npm run conformance:ci`: the built CLI, end to end, as CI and users run it: the conformance
// suite against the embedded reference tenant (strict), then against the Prism mock of the spec
// (`ism-webhooks mock --port 0`, profile prism). Each run writes JUnit XML and JSON into
// reports/, which scripts/test-summary.js counts. Exit 1 if either run fails, 2 if the mock does
// not start.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { spawnServer, stopServer } = require('./lib/spawn-server');

const root = path.resolve(__dirname, '..');
const cli = path.join(root, 'dist/cli/index.js');
const reports = path.join(root, 'reports');
fs.mkdirSync(reports, { recursive: true });

function conform(name, args) {
  console.log(`\n== conformance: ${name}`);
  const result = spawnSync(
    process.execPath,
    [
      cli,
      'conform',
      ...args,
      '--reporter',
      'console,junit,json',
      '--output',
      path.join(reports, `conformance-${name}.xml`),
      '--output',
      path.join(reports, `conformance-${name}.json`),
    ],
    { cwd: root, stdio: 'inherit' },
  );
  return result.status ?? 1;
}

(async () => {
  const reference = conform('reference', []);
  let mock;
  try {
    mock = await spawnServer(process.execPath, [cli, 'mock', '--port', '0'], { name: 'the Prism mock', cwd: root });
  } catch (error) {
    console.error(`conformance:ci: ${error.message}`);
    process.exit(2);
  }
  const prism = conform('prism', ['--target', mock.base, '--profile', 'prism']);
  await stopServer(mock.child);
  process.exit(reference === 0 && prism === 0 ? 0 : 1);
})();
