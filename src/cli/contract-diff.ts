import path from 'node:path';
import { packageRoot } from '../contract/package-root';
import {
  breakMarkers,
  commitMessages,
  diffSpecs,
  formatChanges,
  loadVersions,
  shortCommit,
  summaryLine,
  type Change,
  type Versions,
} from '../contract-diff';
import { UsageError, type Command } from './command';
import { exitCodes } from './exit-codes';
import type { CliIo } from './io';
import { parseFlags } from './options';

const usage = `Usage: ism-webhooks contract-diff --base REF [--head REF] [--spec PATH] [--json] [--allow-breaking]

Compares the spec with its version at a git ref and fails on a breaking change: a response or
example removed, a documented body changed, a request made stricter, a parameter or media type
removed. docs/contract-diff.md lists every rule.

  --base REF        the version to compare with: a commit, branch or tag (CI: HEAD~1)
  --head REF        compare the spec as committed at REF (default: the file as it is now)
  --spec PATH       the spec file (default: openapi/webhooks.yaml of this package)
  --json            print the result as one JSON object
  --allow-breaking  let breaking changes pass (local use; in CI use the commit trailer)

A commit in BASE..HEAD whose message carries the trailer 'Contract-Break: <reason>' lets breaking
changes pass. Prints one line per change and closes with 'N breaking, N non-breaking'.
Exit codes: 0 no breaking change (or allowed), 1 breaking change, 2 usage error or a git or spec
problem.`;

export interface ContractDiffOptions {
  /** The package root: the default spec is its openapi/webhooks.yaml. Default: `packageRoot()`. */
  readonly root?: string;
  /** Where a relative --spec is resolved. Default: `process.cwd()`. */
  readonly cwd?: string;
}

export function createContractDiffCommand(options: ContractDiffOptions = {}): Command {
  return {
    name: 'contract-diff',
    usage,
    async run(args, io) {
      const flags = parseFlags(args, {
        base: { type: 'string' },
        head: { type: 'string' },
        spec: { type: 'string' },
        json: { type: 'boolean' },
        'allow-breaking': { type: 'boolean' },
        help: { type: 'boolean' },
      });
      if (flags.help) {
        io.stdout.write(`${usage}\n`);
        return exitCodes.ok;
      }
      if (flags.base === undefined || flags.base === '') {
        throw new UsageError('--base REF is required', 'Compare with the previous commit: --base HEAD~1.');
      }
      for (const [flag, ref] of [
        ['--base', flags.base],
        ['--head', flags.head],
      ] as const) {
        if (ref !== undefined && (ref === '' || ref.startsWith('-'))) throw new UsageError(`${flag} must name a git ref, got '${ref}'`);
      }
      const specPath = path.resolve(
        options.cwd ?? process.cwd(),
        flags.spec ?? path.join(options.root ?? packageRoot(), 'openapi', 'webhooks.yaml'),
      );

      const loaded = await loadVersions(specPath, flags.base, flags.head);
      if (!loaded.ok) {
        io.stderr.write(`ism-webhooks contract-diff: ${loaded.problem.message}\n${loaded.problem.hint}\n`);
        return exitCodes.usage;
      }
      const versions = loaded.value;
      const range = { base: { ref: flags.base, commit: versions.baseCommit }, head: versions.headLabel, spec: versions.name };
      if (versions.base === null) {
        const note = `${versions.name} does not exist at ${flags.base} (${shortCommit(versions.baseCommit)}): it was added since, so there is nothing to compare and nothing can break.`;
        if (flags.json)
          io.stdout.write(
            `${JSON.stringify({ ...range, baseMissing: true, note, changes: [], breaking: 0, nonBreaking: 0, allowedBy: [], passed: true }, null, 2)}\n`,
          );
        else io.stdout.write(`${note}\n${summaryLine([])}\n`);
        return exitCodes.ok;
      }

      const changes = diffSpecs(versions.base, versions.head);
      const breaking = changes.filter((change) => change.severity === 'breaking').length;
      let allowedBy: { reason: string; commit?: string }[] = [];
      if (breaking > 0 && flags['allow-breaking']) {
        allowedBy = [{ reason: '--allow-breaking' }];
      } else if (breaking > 0) {
        const log = await commitMessages(versions.dir, versions.baseCommit, flags.head ?? 'HEAD');
        if (!log.ok) {
          io.stderr.write(
            `ism-webhooks contract-diff: could not read the commit messages of ${flags.base}..${flags.head ?? 'HEAD'} (git: ${log.detail})\nCheck that both refs are in this clone.\n`,
          );
          return exitCodes.usage;
        }
        allowedBy = breakMarkers(log.commits);
      }
      const passed = breaking === 0 || allowedBy.length > 0;

      if (flags.json) {
        io.stdout.write(
          `${JSON.stringify({ ...range, baseMissing: false, changes, breaking, nonBreaking: changes.length - breaking, allowedBy, passed }, null, 2)}\n`,
        );
      } else {
        report(io, changes, versions, flags.base, breaking > 0 ? allowedBy : []);
      }
      if (!passed) {
        io.stderr.write(
          `ism-webhooks contract-diff: ${breaking} breaking change${breaking === 1 ? '' : 's'} against ${flags.base}.\n` +
            "If the break is deliberate, add the trailer 'Contract-Break: <reason>' to the commit message " +
            '(see docs/contract-diff.md), or pass --allow-breaking locally.\n',
        );
        return exitCodes.failed;
      }
      return exitCodes.ok;
    },
  };
}

/** The command as the CLI registers it: the package's own spec, paths relative to the process. */
export const contractDiffCommand = createContractDiffCommand();

function report(io: CliIo, changes: Change[], versions: Versions, baseRef: string, allowedBy: { reason: string; commit?: string }[]): void {
  io.stdout.write(`${versions.name}: ${baseRef} (${shortCommit(versions.baseCommit)}) -> ${versions.headLabel}\n`);
  for (const line of formatChanges(changes)) io.stdout.write(`${line}\n`);
  for (const { reason, commit } of allowedBy) {
    io.stdout.write(commit ? `allowed by Contract-Break: ${reason} (commit ${shortCommit(commit)})\n` : `allowed by ${reason}\n`);
  }
  io.stdout.write(`${summaryLine(changes)}\n`);
}
