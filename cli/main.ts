import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../src/contract/package-root';
import type { CommandEntry } from './command';
import { runCommand } from './run-command';
import { exitCodes } from './exit-codes';
import type { CliIo } from './io';
import { nearestName } from './options';
/** Every subcommand, in the order `--help` lists them. */
export const commands: readonly CommandEntry[] = [
  { name: 'serve', summary: 'run the reference tenant (in-memory ISM tenant)', load: async () => (await import('./serve')).serveCommand },
  {
    name: 'conform',
    summary: 'replay the conformance scenarios against a target and judge the answers',
    load: async () => (await import('./conform')).conformCommand,
  },
  {
    name: 'probe',
    summary: "record a tenant's answers where the vendor is silent (a tenant profile)",
    load: async () => (await import('./probe')).probeCommand,
  },
  {
    name: 'proxy',
    summary: 'forward to your real tenant, checking caller and tenant',
    load: async () => (await import('./proxy')).proxyCommand,
  },
  {
    name: 'parity',
    summary: 'tabulate what observed tenants answered against the reference',
    load: async () => (await import('./parity')).parityCommand,
  },
  { name: 'mock', summary: 'serve the spec with Prism, for frontend developers', load: async () => (await import('./mock')).mockCommand },
  {
    name: 'contract-diff',
    summary: 'compare the spec with a git ref and fail on a breaking change',
    load: async () => (await import('./contract-diff')).contractDiffCommand,
  },
];

export function version(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

export function helpText(): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  const lines = commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  return [
    'Usage: ism-webhooks <command> [options]',
    '',
    'Contract tooling for the Ivanti Neurons for ITSM Webhooks Execute endpoint.',
    '',
    'Commands:',
    ...lines,
    '',
    'Options:',
    "  --help, -h     show this help (or a command's: ism-webhooks <command> --help)",
    '  --version, -v  print the version',
    '',
    `Exit codes: ${exitCodes.ok} success, ${exitCodes.failed} failure, ${exitCodes.usage} usage or configuration error.`,
  ].join('\n');
}

/** Runs the CLI in-process and resolves to its exit code. Never calls process.exit. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${helpText()}\n`);
    return name === undefined ? exitCodes.usage : exitCodes.ok;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${version()}\n`);
    return exitCodes.ok;
  }
  const entry = commands.find((candidate) => candidate.name === name);
  if (!entry) {
    const known = commands.map((candidate) => candidate.name).join(', ');
    const nearest = name.startsWith('-')
      ? undefined
      : nearestName(
          name,
          commands.map((candidate) => candidate.name),
        );
    const what = name.startsWith('-') ? `unknown option '${name}'` : `unknown command '${name}'`;
    const guess = nearest !== undefined ? ` Did you mean '${nearest}'?` : '';
    io.stderr.write(`ism-webhooks: ${what}.${guess} Commands: ${known}. Run 'ism-webhooks --help' for usage.\n`);
    return exitCodes.usage;
  }
  return runCommand(await entry.load(), rest, io);
}
