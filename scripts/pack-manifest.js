#!/usr/bin/env node
// The package.json that goes into a tarball (`npm pack`, `npm publish`) has no `prepare` script.
// `prepare` builds dist/ in a checkout and in a git install (npm runs it while packing the clone);
// a tarball ships dist/ built, so nothing needs to run. npm 11 never runs a tarball dependency's
// `prepare`, yet still lists it as an install script "not yet covered by allowScripts": without
// it, installing the tarball is silent.
//
//   node scripts/pack-manifest.js strip     (prepack)  keeps the exact bytes in .package.json.prepack
//   node scripts/pack-manifest.js restore   (postpack) puts them back
//
// `strip` restores first when an interrupted pack left a saved copy behind.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const manifest = path.join(root, 'package.json');
const saved = path.join(root, '.package.json.prepack');

/** Readers (tests reading the version, say) never see a half-written package.json. */
function replaceManifest(content) {
  const next = `${manifest}.next`;
  fs.writeFileSync(next, content);
  fs.renameSync(next, manifest);
}

function restore() {
  if (!fs.existsSync(saved)) return;
  replaceManifest(fs.readFileSync(saved));
  fs.rmSync(saved);
}

function strip() {
  restore();
  const text = fs.readFileSync(manifest, 'utf8');
  const pkg = JSON.parse(text);
  fs.writeFileSync(saved, text);
  delete pkg.scripts.prepare;
  replaceManifest(`${JSON.stringify(pkg, null, 2)}\n`);
}

const actions = { strip, restore };
const action = actions[process.argv[2]];
if (!action) {
  console.error(`usage: node scripts/pack-manifest.js ${Object.keys(actions).join('|')}`);
  process.exit(2);
}
action();
