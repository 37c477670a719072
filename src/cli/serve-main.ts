// The bin's entry for `ism-webhooks serve`: `npm run build` bundles it with everything of ours it
// imports into dist/src/cli/serve.bundle.js (scripts/build.js), which the bin loads instead of
// main, so that the reference tenant starts from one file instead of about 70 (start-up is
// measured: npm run bench). It must import neither main nor any other command.
import type { CliIo } from './io';
import { runCommand } from './run-command';
import { serveCommand } from './serve';

export { processIo } from './io';

/** `main` for a command line whose first word is `serve`. */
export const serveMain = (argv: string[], io: CliIo): Promise<number> => runCommand(serveCommand, argv.slice(1), io);
