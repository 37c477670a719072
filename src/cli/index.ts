#!/usr/bin/env node
// The bin. Loaded inside the promise, so that a module failing to load is reported below as any
// other internal error.
Promise.resolve()
  .then(() => {
    const { processIo } = require('./io') as typeof import('./io');
    const { main } = require('./main') as typeof import('./main');
    return main(process.argv.slice(2), processIo());
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
