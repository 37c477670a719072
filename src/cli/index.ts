#!/usr/bin/env -S node --max-semi-space-size=4
// The flag caps V8's young generation at 4 MB semi-spaces: the reference tenant's bounded
// execution log makes V8 grow them to 16 MB under load, for no gain in throughput (npm run bench).
import fs from 'node:fs';
import path from 'node:path';
import type { CliIo } from './io';

type Main = (argv: string[], io: CliIo) => Promise<number>;

const argv = process.argv.slice(2);
// `serve` runs from the one file the build bundled (src/cli/serve-main.ts), every other command
// from main; a build without the bundle (tsc alone) runs `serve` from main as well. Loaded inside
// the promise, so that a module failing to load is reported below as any other internal error.
const bundle = path.join(__dirname, 'serve.bundle.js');
const load = (): { processIo: () => CliIo; main: Main } => {
  if (argv[0] === 'serve' && fs.existsSync(bundle)) {
    const bundled = require(bundle) as typeof import('./serve-main');
    return { processIo: bundled.processIo, main: bundled.serveMain };
  }
  return { processIo: (require('./io') as typeof import('./io')).processIo, main: (require('./main') as typeof import('./main')).main };
};

Promise.resolve()
  .then(() => {
    const { processIo, main } = load();
    return main(argv, processIo());
  })
  .then(
    (code) => {
      process.exitCode = code;
      // Servers are closed by now; do not wait for stray keep-alive sockets.
      setImmediate(() => process.exit(code));
    },
    (error: unknown) => {
      process.stderr.write(`ism-webhooks: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(70);
    },
  );
