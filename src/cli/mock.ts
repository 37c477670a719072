import { spawn } from 'node:child_process';
import path from 'node:path';
import { defaultSpecPath } from '../contract/package-root';
import type { Command } from './command';
import { exitCodes } from './exit-codes';
import type { CliIo } from './io';
import { checkPort, checkSpec, formatProblem, prismFailure, type PrismStart } from './mock-problems';
import { parseFlags, parsePort } from './options';

/** The mock's own default port, next to the reference tenant's 4010, so both can run at once. */
export const defaultMockPort = 4011;

const usage = `Usage: ism-webhooks mock [--port N] [--host H] [--spec PATH]

Serves the spec with Prism (pinned in package.json): every answer is one of the spec's
examples. Send 'Prefer: code=400, example=bodyTooLong' to pick one.

  --port N     port to listen on (default: $PORT, else ${defaultMockPort}; serve's is 4010; 0 picks a free port)
  --host H     address to bind (default 127.0.0.1)
  --spec PATH  OpenAPI file to serve (default: the bundled openapi/webhooks.yaml)

Prints 'listening on http://HOST:PORT' on stdout when ready; Prism's own log goes to stderr.
Stops on SIGINT or SIGTERM. Exit code 2 when it cannot start: a spec that does not load or a port
in use is one line naming the fix; another failure of Prism shows a few lines of its error.`;

/** Where the pinned Prism CLI lives inside node_modules. */
export function prismBin(): string {
  return path.join(path.dirname(require.resolve('@stoplight/prism-cli/package.json')), 'dist', 'index.js');
}

/** The mock's flags and environment, resolved once into what Prism is asked to do. */
export function resolveMockStart(args: string[], env: CliIo['env']): PrismStart | 'help' {
  const flags = parseFlags(args, {
    port: { type: 'string' },
    host: { type: 'string' },
    spec: { type: 'string' },
    help: { type: 'boolean' },
  });
  if (flags.help) return 'help';
  return {
    port: parsePort(flags.port ?? env.PORT ?? String(defaultMockPort), flags.port !== undefined ? '--port' : 'PORT'),
    host: flags.host ?? '127.0.0.1',
    spec: flags.spec ?? defaultSpecPath(),
  };
}

export const mockCommand: Command = {
  name: 'mock',
  usage,
  async run(args, io) {
    const start = resolveMockStart(args, io.env);
    if (start === 'help') {
      io.stdout.write(`${usage}\n`);
      return exitCodes.ok;
    }
    const problem = checkSpec(start.spec) ?? (await checkPort(start.port, start.host));
    if (problem) {
      io.stderr.write(`${formatProblem(problem)}\n`);
      return exitCodes.usage;
    }
    return runPrism(start, io);
  },
};

/** Runs Prism until asked to stop. Its output is held back until it listens, so a failure is one line, not its usage text. */
async function runPrism(start: PrismStart, io: CliIo): Promise<number> {
  const child = spawn(process.execPath, [prismBin(), 'mock', '--port', String(start.port), '--host', start.host, start.spec], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let held: string | undefined = '';
  const relay = (chunk: Buffer): void => {
    const text = chunk.toString('utf8');
    if (held === undefined) {
      io.stderr.write(text);
      return;
    }
    held += text;
    const ready = /Prism is listening on (http:\/\/\S+)\s/.exec(held);
    if (ready) {
      io.stderr.write(held);
      held = undefined;
      io.stdout.write(`listening on ${ready[1]}\n`);
    }
  };
  child.stdout.on('data', relay);
  child.stderr.on('data', relay);

  const exited = new Promise<number | Error>((resolve) => {
    child.on('close', (code) => resolve(code ?? 0));
    child.on('error', resolve);
  });
  const first = await Promise.race([exited, io.stopSignal.then(() => 'stop' as const)]);
  if (first === 'stop') {
    child.kill('SIGTERM');
    await exited;
    return exitCodes.ok;
  }
  if (first instanceof Error) {
    io.stderr.write(`ism-webhooks mock: could not start Prism (${first.message}): run npm ci to reinstall it\n`);
    return exitCodes.usage;
  }
  if (held === undefined) {
    io.stderr.write(`ism-webhooks mock: Prism exited with code ${first} while serving\n`);
    return exitCodes.failed;
  }
  io.stderr.write(`${prismFailure(held, first, start)}\n`);
  return exitCodes.usage;
}
