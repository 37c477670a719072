#!/usr/bin/env node
// `npm run build`: dist/ from nothing. Removes dist/, compiles src/ and conformance/ (no source
// maps: src/ is not shipped), copies the inspection page's assets, copies the generated declarations tsc does not emit
// (src/generated/api.d.ts, which the declarations of the library import), fills dist/cache
// (scripts/build-cache.js), makes the bin executable, and writes dist/build-stamp: the hash of
// every input.
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
const stampFile = path.join(dist, 'build-stamp');

/** Everything dist/ is made from: sources, compiler settings and version, bundled YAML. */
const inputDirs = ['src', 'conformance'];
const inputFiles = [
  'tsconfig.json',
  'tsconfig.build.json',
  'scripts/build.js',
  'scripts/build-cache.js',
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

function build() {
  fs.rmSync(dist, { recursive: true, force: true });
  const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
  // Progress goes to stderr: `npm pack --json` runs this (prepack) and its stdout must stay JSON.
  const toStderr = { stdio: ['ignore', process.stderr, process.stderr] };
  execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], toStderr);
  for (const file of fs.readdirSync(path.join(root, 'src/generated')).filter((name) => name.endsWith('.d.ts'))) {
    fs.mkdirSync(path.join(dist, 'src/generated'), { recursive: true });
    fs.copyFileSync(path.join(root, 'src/generated', file), path.join(dist, 'src/generated', file));
  }
  // The inspection page's static files (tsc copies none of them).
  fs.cpSync(path.join(root, 'src/inspection-page/assets'), path.join(dist, 'src/inspection-page/assets'), { recursive: true });
  execFileSync(process.execPath, [path.join(root, 'scripts/build-cache.js')], toStderr);
  fs.chmodSync(path.join(dist, 'src/cli/index.js'), 0o755);
}

const wanted = inputsHash();
const fresh = fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === wanted;
if (process.argv.includes('--check')) {
  if (!fresh) console.error('build: dist/ is stale or missing: run `npm run build`');
  process.exitCode = fresh ? 0 : 1;
} else if (process.argv.includes('--if-stale') && fresh) {
  console.error('build: dist/ is up to date (dist/build-stamp matches the sources)');
} else {
  build();
  fs.writeFileSync(stampFile, wanted);
  console.error('build: dist/ built');
}
