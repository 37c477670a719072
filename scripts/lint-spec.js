#!/usr/bin/env node
// `npm run lint:spec`: Redocly CLI's lint of the spec, without the box Redocly CLI 2.x prints on
// every run under Node.js 20 ("Node.js 20 support is ending"). Redocly offers no setting for it
// (REDOCLY_SUPPRESS_UPDATE_NOTICE covers the update notice only); it is harmless here: the project
// pins Redocly CLI, which still supports Node.js 20. Every other line, and the exit code, pass through.
'use strict';
const path = require('node:path');
const { spawn } = require('node:child_process');

/** The text without Redocly's Node.js 20 end-of-life box (the lines from ╔ to ╚ and one blank line around it). */
function withoutEndOfLifeBox(text) {
  return text.replace(/\n?[ \t]*╔[\s\S]*?Node\.js 20[\s\S]*?╚[^\n]*\n(\s*\n)?/u, '');
}

if (require.main === module) {
  const root = path.resolve(__dirname, '..');
  const cli = path.join(root, 'node_modules/@redocly/cli/bin/cli.js');
  const specs = [path.join('openapi', 'webhooks.yaml'), path.join('openapi', 'webhooks.openapi-3.0.yaml')];
  const args = ['lint', ...specs, '--format=stylish', ...process.argv.slice(2)];
  const child = spawn(process.execPath, [cli, ...args], { cwd: root, stdio: ['ignore', 'inherit', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => {
    stderr += chunk;
  });
  child.on('close', (code, signal) => {
    process.stderr.write(withoutEndOfLifeBox(stderr));
    process.exitCode = code ?? (signal ? 1 : 0);
  });
}

module.exports = { withoutEndOfLifeBox };
