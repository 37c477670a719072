#!/usr/bin/env node
// Prepends the "generated, do not edit" banner to a file written by openapi-typescript.
'use strict';
const fs = require('node:fs');
const { banner } = require('./generated-banner.js');

const file = process.argv[2];
if (!file) {
  console.error('usage: mark-generated.js FILE');
  process.exit(2);
}
const text = fs.readFileSync(file, 'utf8');
fs.writeFileSync(file, text.startsWith(banner) ? text : banner + text);
