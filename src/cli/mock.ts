import { spawn } from 'node:child_process';
import path from 'node:path';
import { defaultSpecPath } from '../contract/package-root';
import type { Command } from './command';
import { exitCodes } from './exit-codes';
import { parseFlags, parsePort } from './options';

const usage = `Usage: ism-webhooks mock [--port N] [--host H] [--spec PATH]

Serves the spec with Prism (pinned in package.json): every answer is one of the spec's
examples. Send 'Prefer: code=400, example=bodyTooLong' to pick one.

  --port N     port to listen on (default: $PORT, else 4010; 0 picks a free port)
  --host H     address to bind (default 127.0.0.1)
  --spec PATH  OpenAPI file to serve (default: the bundled openapi/webhooks.yaml)

Prints 'listening on http://HOST:PORT' on stdout when ready; Prism's own log goes to stderr.
Stops on SIGINT or SIGTERM.`;

/** Where the pinned Prism CLI lives inside node_modules. */
export function prismBin(): string {
  return path.join(path.dirname(require.resolve('@stoplight/prism-cli/package.json')), 'dist', 'index.js');
}

export const mockCommand: Command = {
  name: 'mock',
  usage,
  async run(args, io) {
    const flags = parseFlags(args, { port: { type: 'string' }, host: { type: 'string' }, spec: { type: 'string' }, help: { type: 'boolean' } });
    if (flags.help) {
      io.stdout.write(`${usage}\n`);
      return exitCodes.ok;
    }
    const port = parsePort(flags.port ?? io.env.PORT ?? '4010', flags.port ? '--port' : 'PORT');
    const host = flags.host ?? '127.0.0.1';
    const spec = flags.spec ?? defaultSpecPath();

    const child = spawn(process.execPath, [prismBin(), 'mock', '--port', String(port), '--host', host, spec], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let announced = false;
    const relay = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      io.stderr.write(text);
      const ready = /Prism is listening on (http:\/\/\S+)/.exec(text);
      if (ready && !announced) {
        announced = true;
        io.stdout.write(`listening on ${ready[1]}\n`);
      }
    };
    child.stdout.on('data', relay);
    child.stderr.on('data', relay);

    const exited = new Promise<number>((resolve) => {
      child.on('exit', (code) => resolve(code ?? 0));
      child.on('error', (error) => {
        io.stderr.write(`ism-webhooks mock: could not start Prism: ${error.message}\n`);
        resolve(exitCodes.failed);
      });
    });
    const stopped = io.stopSignal.then(() => 'stop' as const);
    const first = await Promise.race([exited, stopped]);
    if (first === 'stop') {
      child.kill('SIGTERM');
      await exited;
      return exitCodes.ok;
    }
    io.stderr.write(`ism-webhooks mock: Prism exited with code ${first} (is port ${port} already in use?)\n`);
    return exitCodes.failed;
  },
};
