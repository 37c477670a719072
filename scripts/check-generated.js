#!/usr/bin/env node
// Fails (exit 1) when src/generated/api.d.ts is not what `npm run generate` would write from the
// current openapi/webhooks.yaml. Regenerates into a temporary file and compares byte for byte.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { banner } = require('./generated-banner.js');

const root = path.resolve(__dirname, '..');
const committed = path.join(root, 'src/generated/api.d.ts');
const tmp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ism-gen-')), 'api.d.ts');
const cli = path.join(root, 'node_modules/openapi-typescript/bin/cli.js');

execFileSync(process.execPath, [cli, path.join(root, 'openapi/webhooks.yaml'), '-o', tmp], {
  stdio: ['ignore', 'ignore', 'inherit'],
});
const fresh = banner + fs.readFileSync(tmp, 'utf8');
fs.rmSync(path.dirname(tmp), { recursive: true, force: true });

if (!fs.existsSync(committed)) {
  console.error('src/generated/api.d.ts is missing: run `npm run generate` and commit it.');
  process.exit(1);
}
if (fs.readFileSync(committed, 'utf8') !== fresh) {
  console.error(
    'src/generated/api.d.ts is stale: openapi/webhooks.yaml changed since it was generated.\n' +
      'Run `npm run generate` and commit the result.',
  );
  process.exit(1);
}
console.log('generated types are up to date');
