#!/usr/bin/env node
// Fills dist/cache after `tsc` (part of `npm run build`): the bundled YAML files pre-parsed to
// JSON, the tenant-file validator compiled ahead by ajv, and a mark that the bundled tenant file
// passed that validator, each named by the hash of its source
// (see src/contract/build-cache.ts). Only start-up time depends on it; without it the same
// values are computed at start.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const { writeCachedYaml, buildCacheDir, parseYaml } = require(path.join(root, 'dist/src/contract'));
const { writeCachedValid } = require(path.join(root, 'dist/src/contract/build-cache'));
const { writeTenantValidator, loadTenantValidator } = require(path.join(root, 'dist/src/tenant/tenant-validator'));
const { tenantFileKind } = require(path.join(root, 'dist/src/tenant/tenant-file'));
const { tenantSchemaKey } = require(path.join(root, 'dist/src/tenant/tenant-schema'));

fs.rmSync(buildCacheDir(), { recursive: true, force: true });
writeTenantValidator();
for (const file of ['openapi/webhooks.yaml', 'fixtures/tenant.yaml']) {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  const value = parseYaml(text);
  writeCachedYaml(text, value);
  // The start skips the validator for exactly this text; a text that fails it gets no mark and
  // is judged (and its problems reported) at start as any other.
  if (file === 'fixtures/tenant.yaml' && loadTenantValidator()(value)) writeCachedValid(tenantFileKind, tenantSchemaKey(), text);
}
console.log(`build cache: ${fs.readdirSync(buildCacheDir()).length} entries in ${path.relative(root, buildCacheDir())}`);
