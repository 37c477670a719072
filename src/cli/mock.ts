import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { defaultSpecPath, packageRoot } from '../contract/package-root';
import type { Command } from './command';
import { exitCodes } from './exit-codes';
import type { CliIo } from './io';
import { checkPort, checkSpec, formatProblem, type MockProblem, prismFailure, prismMissing, type PrismStart } from './mock-problems';
import { parseFlags, parsePort } from './options';

/** The mock's own default port, next to the reference tenant's 4010, so both can run at once. */
export const defaultMockPort = 4011;

const usage = `Usage: ism-webhooks mock [--port N] [--host H] [--spec PATH]

Serves the spec with Prism, an optional peer dependency (npm install --save-dev
@stoplight/prism-cli): every answer is one of the spec's examples. Send
'Prefer: code=400, example=bodyTooLong' to pick one. Prism's CORS handling is off, so a
browser preflight gets a 405 as on a tenant.

  --port N     port to listen on (default: $PORT, else ${defaultMockPort}; serve's is 4010; 0 picks a free port)
  --host H     address to bind (default 127.0.0.1)
  --spec PATH  OpenAPI file to serve (default: the bundled openapi/webhooks.yaml)

Prints 'listening on http://HOST:PORT' on stdout when ready; Prism's own log goes to stderr.
Stops on SIGINT or SIGTERM. Exit code 2 when it cannot start: Prism not installed, a spec that
does not load or a port in use is one line naming the fix; another failure of Prism shows a few
lines of its error.`;

/** Finds the Prism CLI's entry file, or undefined when Prism is not installed. */
export type PrismLocator = () => string | undefined;

/**
 * Where Prism's CLI lives in node_modules. Prism is an optional peer dependency (docs/decisions.md
 * #27): most consumers want the tenant, the MSW handlers or the suite, not its 190 packages.
 */
export const installedPrism: PrismLocator = () => {
  try {
    return path.join(path.dirname(require.resolve('@stoplight/prism-cli/package.json')), 'dist', 'index.js');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return undefined;
    throw error;
  }
};

/** The Prism versions this package works with: its peer dependency range. */
export function prismRange(root: string = packageRoot()): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    peerDependencies?: Record<string, string>;
  };
  return manifest.peerDependencies?.['@stoplight/prism-cli'] ?? 'latest';
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

/** The command with its one collaborator, how Prism is found (tests pass their own). */
export function createMockCommand(locatePrism: PrismLocator = installedPrism): Command {
  return {
    name: 'mock',
    usage,
    async run(args, io) {
      const start = resolveMockStart(args, io.env);
      if (start === 'help') {
        io.stdout.write(`${usage}\n`);
        return exitCodes.ok;
      }
      const bin = locatePrism();
      if (bin === undefined) return refuse(io, prismMissing(prismRange()));
      const problem = checkSpec(start.spec) ?? (await checkPort(start.port, start.host));
      if (problem) return refuse(io, problem);
      return runPrism(bin, start, io);
    },
  };
}

/** What stops the mock before Prism starts: one line, exit code 2. */
function refuse(io: CliIo, problem: MockProblem): number {
  io.stderr.write(`${formatProblem(problem)}\n`);
  return exitCodes.usage;
}

export const mockCommand: Command = createMockCommand();

/**
 * What Prism is started with. `--cors=false`: Prism's own CORS handling answers every preflight
 * 204, where the contract (and a tenant) answers 405 (docs/decisions.md #9).
 */
export function prismArgs(bin: string, start: PrismStart): string[] {
  return [bin, 'mock', '--cors=false', '--port', String(start.port), '--host', start.host, start.spec];
}

/** Runs Prism until asked to stop. Its output is held back until it listens, so a failure is one line, not its usage text. */
async function runPrism(bin: string, start: PrismStart, io: CliIo): Promise<number> {
  const child = spawn(process.execPath, prismArgs(bin, start), {
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
