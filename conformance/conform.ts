import type { ConformOptions, ReporterChoice } from './conform-options';
import { consoleReporter } from './reporters/console-reporter';
import { junitReporter } from './reporters/junit-reporter';
import { markdownReporter } from './reporters/markdown-reporter';
import { allOf, jsonReporter, type Destination, type Reporter, type Sink } from './reporters/reporter';
import { runCompare } from './runner/run-modes';
import { runConformance } from './runner/run-modes';
import type { RunReport, Verdict } from './runner/scenario-result';
import { loadProfileFile, loadSetup, runSettings, secretsOf, toolInfo } from './run-setup';
import { createRedactor, type Redact } from '../src/redact';
import { startEmbeddedReference, urlTarget, type Target } from './targets/target';

/**
 * What a run ends with, as a value: the verdict of what was judged, a profile recorded (probe), a
 * run that could not happen (its message already printed), or a usage error for the CLI to print.
 * The CLI maps each to an exit code (cli/exit-codes.ts).
 */
export type CommandOutcome =
  | { readonly kind: 'judged'; readonly verdict: Verdict; readonly report: RunReport }
  | { readonly kind: 'recorded'; readonly report: RunReport }
  | { readonly kind: 'not-run'; readonly report?: RunReport }
  | { readonly kind: 'usage'; readonly message: string; readonly hint?: string };

export interface ConformDeps {
  /** Starts the reference tenant for the embedded default (tests may pass their own). */
  readonly startReference: (tenantFile: string) => Promise<Target>;
}

export const defaultConformDeps: ConformDeps = { startReference: startEmbeddedReference };

/**
 * `ism-webhooks conform`: replays the scenarios against the embedded reference tenant, a --target,
 * or two targets (--compare), reports, and ends with the exit code of the verdict.
 */
export async function conform(options: ConformOptions, streams: Streams, deps: ConformDeps = defaultConformDeps): Promise<CommandOutcome> {
  const setup = loadSetup(options);
  if (!setup.ok) return { kind: 'usage', message: setup.message, ...(setup.hint !== undefined ? { hint: setup.hint } : {}) };
  const tenantProfile = loadProfileFile(options, setup.value.all);
  if (!tenantProfile.ok) return { kind: 'usage', message: tenantProfile.message };
  const redact = createRedactor(secretsOf(options));

  let target: Target;
  try {
    target = options.target === undefined ? await deps.startReference(options.tenantFile) : urlTarget(options.target);
  } catch (error) {
    streams.stderr.write(redact(`ism-webhooks conform: could not start the reference tenant: ${(error as Error).message}\n`));
    return { kind: 'not-run' };
  }
  try {
    const settings = runSettings(options, setup.value.contract, target.baseUrl, tenantProfile.value);
    const listener = createReporters(options.reporters, streams, redact);
    const common = { scenarios: setup.value.scenarios, target, settings, listener, tool: toolInfo() };
    const report =
      options.compare !== undefined ? await runCompare({ ...common, other: urlTarget(options.compare) }) : await runConformance(common);
    return { kind: 'judged', verdict: report.verdict, report };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') {
      streams.stderr.write(redact(`ism-webhooks conform: cannot write a report: ${(error as Error).message}\n`));
      return { kind: 'not-run' };
    }
    throw error;
  } finally {
    await target.close();
  }
}

export interface Streams {
  readonly stdout: Sink;
  readonly stderr: Sink;
}

export function createReporters(choices: readonly ReporterChoice[], streams: Streams, redact: Redact): Reporter {
  return allOf(
    choices.map((choice) => {
      const destination: Destination =
        choice.to.kind === 'file'
          ? { kind: 'file', path: choice.to.path }
          : { kind: 'stream', sink: choice.to.kind === 'stderr' ? streams.stderr : streams.stdout };
      switch (choice.kind) {
        case 'console':
          return consoleReporter(destination.kind === 'stream' ? destination.sink : streams.stdout, redact);
        case 'junit':
          return junitReporter(destination, redact);
        case 'markdown':
          return markdownReporter(destination, redact);
        default: // 'json'
          return jsonReporter(destination, redact);
      }
    }),
  );
}
