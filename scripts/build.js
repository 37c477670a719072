#!/usr/bin/env node
// `npm run build`: dist/ from nothing, built beside and swapped in. Compiles src/ and conformance/
// into dist.next/ (no source maps: src/ is not shipped), copies the inspection page's assets and the
// generated declarations tsc does not emit (src/generated/api.d.ts, which the declarations of the
// library import), writes dist.next/prebuilt/ (the bundled YAML files parsed and the tenant-file
// validator compiled: src/contract/prebuilt.ts), generates the browser entry's data
// (dist/src/msw/browser-data.mjs), makes the bin executable and writes dist/build-stamp, the hash of
// every input. Only then is dist/ replaced by dist.next/ (two renames), so a server running from
// dist/ (`npm start`) keeps its files while `npm test` builds: it never finds dist/ half-built.
//
// `--if-stale` (the `prepare` and `prepack` scripts) skips all of it when dist/build-stamp equals
// the hash of the inputs as they are now. `npm ci`, a git install and `npm pack` in a fresh
// clone build; the first `npx ism-webhooks` in a checkout (npm links the package into its npx
// cache and runs `prepare`) and a second `npm ci` do not compile again for nothing.
// `--check` only tells: exit 0 when dist/ is up to date, 1 when not (the consumer test asks).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { hash } = require('node:crypto');
const { execFileSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
const next = path.join(root, 'dist.next');
const old = path.join(root, 'dist.old');
const stampFile = path.join(dist, 'build-stamp');

/** Everything dist/ is made from: sources, compiler settings and version, bundled YAML. */
const inputDirs = ['src', 'conformance'];
const inputFiles = [
  'tsconfig.json',
  'tsconfig.build.json',
  'scripts/build.js',
  'openapi/webhooks.yaml',
  'fixtures/tenant.yaml',
  'node_modules/typescript/package.json',
];

function filesUnder(dir) {
  const found = [];
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const relative = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...filesUnder(relative));
    else if (entry.isFile()) found.push(relative);
  }
  return found;
}

function inputsHash() {
  const files = [...inputDirs.flatMap(filesUnder), ...inputFiles].sort();
  const parts = files.map((file) => `${file}\0${hash('sha256', fs.readFileSync(path.join(root, file)), 'hex')}`);
  return hash('sha256', parts.join('\n'), 'hex');
}

/** Builds into dist.next/, then swaps it in for dist/. */
function build(stamp) {
  fs.rmSync(next, { recursive: true, force: true });
  const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
  // Progress goes to stderr: `npm pack --json` runs this (prepack) and its stdout must stay JSON.
  const toStderr = { stdio: ['ignore', process.stderr, process.stderr] };
  execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json'), '--outDir', next], toStderr);
  for (const file of fs.readdirSync(path.join(root, 'src/generated')).filter((name) => name.endsWith('.d.ts'))) {
    fs.mkdirSync(path.join(next, 'src/generated'), { recursive: true });
    fs.copyFileSync(path.join(root, 'src/generated', file), path.join(next, 'src/generated', file));
  }
  // The inspection page's static files (tsc copies none of them).
  fs.cpSync(path.join(root, 'src/inspection-page/assets'), path.join(next, 'src/inspection-page/assets'), { recursive: true });
  writePrebuilt();
  writeBrowserData();
  fs.chmodSync(path.join(next, 'src/cli/index.js'), 0o755);
  fs.writeFileSync(path.join(next, 'build-stamp'), stamp);
  swap();
}

/** dist.next/ becomes dist/; the old dist/ is removed after, once nothing can find it by its name. */
function swap() {
  fs.rmSync(old, { recursive: true, force: true });
  if (fs.existsSync(dist)) fs.renameSync(dist, old);
  fs.renameSync(next, dist);
  fs.rmSync(old, { recursive: true, force: true });
}

/**
 * dist.next/prebuilt/ (read by src/contract/prebuilt.ts at start): openapi/webhooks.yaml and
 * fixtures/tenant.yaml parsed, each beside its source text, and the tenant-file validator as ajv
 * standalone code, holding the schema it was compiled from.
 */
function writePrebuilt() {
  const { parseYaml } = require(path.join(next, 'src/contract/spec'));
  const { prebuiltYamlFile, prebuiltValidatorFile } = require(path.join(next, 'src/contract/prebuilt'));
  const { tenantValidatorCode } = require(path.join(next, 'src/tenant/tenant-validator'));
  const dir = path.join(next, 'prebuilt');
  fs.mkdirSync(dir, { recursive: true });
  const yaml = ['openapi/webhooks.yaml', 'fixtures/tenant.yaml'].map((file) => {
    const source = fs.readFileSync(path.join(root, file), 'utf8');
    return { source, value: parseYaml(source) };
  });
  fs.writeFileSync(prebuiltYamlFile(dir), JSON.stringify(yaml));
  fs.writeFileSync(prebuiltValidatorFile(dir), tenantValidatorCode());
}

/**
 * The browser entry of `ism-webhook-contract/msw` reads no file: the rendered answers, the Execute
 * path and the character limit of openapi/webhooks.yaml, and fixtures/tenant.yaml loaded and
 * validated, generated here as an ES module (src/msw/browser-data.d.mts declares it).
 */
function writeBrowserData() {
  const { loadContract } = require(path.join(next, 'src/contract'));
  const { loadTenantFile } = require(path.join(next, 'src/tenant/tenant-file'));
  const { defaultTenantFile } = require(path.join(next, 'src/tenant/default-tenant'));
  const { shipContract } = require(path.join(next, 'src/fetch/shipped-contract'));
  const tenant = loadTenantFile(defaultTenantFile());
  if (!tenant.ok) throw new Error('build: fixtures/tenant.yaml does not load');
  const data = shipContract(loadContract(), tenant.config);
  const header = '// Generated by scripts/build.js from openapi/webhooks.yaml and fixtures/tenant.yaml: do not edit.\n';
  fs.writeFileSync(
    path.join(next, 'src/msw/browser-data.mjs'),
    `${header}export const shippedContract = ${JSON.stringify(data, null, 2)};\n`,
  );
}

const wanted = inputsHash();
const fresh = fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === wanted;
if (process.argv.includes('--check')) {
  if (!fresh) console.error('build: dist/ is stale or missing: run `npm run build`');
  process.exitCode = fresh ? 0 : 1;
} else if (process.argv.includes('--if-stale') && fresh) {
  console.error('build: dist/ is up to date (dist/build-stamp matches the sources)');
} else {
  build(wanted);
  console.error('build: dist/ built');
}
