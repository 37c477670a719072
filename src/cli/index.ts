#!/usr/bin/env -S node --max-semi-space-size=4
// The flag caps V8's young generation at 4 MB semi-spaces: the reference tenant's bounded
// execution log makes V8 grow them to 16 MB under load, for no gain in throughput (npm run bench).
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
