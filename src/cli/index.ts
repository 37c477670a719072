#!/usr/bin/env node
import { processIo } from './io';
import { main } from './main';

main(process.argv.slice(2), processIo()).then(
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
