#!/usr/bin/env node
// Fills dist/cache after `tsc` (part of `npm run build`): the bundled YAML files pre-parsed to
// JSON and the tenant-file validator compiled ahead by ajv, each named by the hash of its source
// (see src/contract/build-cache.ts). Only start-up time depends on it; without it the same
// values are computed at start.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const { writeCachedYaml, buildCacheDir, parseYaml } = require(path.join(root, 'dist/src/contract'));
const { writeTenantValidator } = require(path.join(root, 'dist/src/tenant/tenant-validator'));

fs.rmSync(buildCacheDir(), { recursive: true, force: true });
for (const file of ['openapi/webhooks.yaml', 'fixtures/tenant.yaml']) {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  writeCachedYaml(text, parseYaml(text));
}
writeTenantValidator();
console.log(`build cache: ${fs.readdirSync(buildCacheDir()).length} entries in ${path.relative(root, buildCacheDir())}`);
