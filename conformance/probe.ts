import fs from 'node:fs';
import path from 'node:path';
import type { ProbeOptions } from './conform-options';
import type { CommandOutcome, Streams } from './conform';
import { consoleReporter } from './reporters/console-reporter';
import { runProbe } from './runner/run-modes';
import { loadSetup, runSettings, toolInfo } from './run-setup';
import { urlTarget } from './targets/target';
import { renderTenantProfile } from './judging/tenant-profile';

/**
 * `ism-webhooks probe`: runs the inferred scenarios against a tenant and writes a tenant profile of
 * what it really answered (YAML, keys redacted), for `conform --profile-file`.
 */
export async function probe(options: ProbeOptions, streams: Streams): Promise<CommandOutcome> {
  const run = options.run;
  const setup = loadSetup(run);
  if (!setup.ok) return { kind: 'usage', message: setup.message, ...(setup.hint !== undefined ? { hint: setup.hint } : {}) };
  const target = urlTarget(run.target ?? '');
  const settings = runSettings(run, setup.value.contract, target.baseUrl, undefined);
  const progress = options.output === undefined ? streams.stderr : streams.stdout;
  const { report, profile } = await runProbe({
    scenarios: setup.value.scenarios,
    target,
    settings,
    listener: consoleReporter(progress, settings.redact),
    tool: toolInfo(),
  });
  // Nothing worth recording: no answer, nothing run, or answers that are not the ISM API's (the diagnosis says why).
  if (report.verdict === 'unreachable' || report.verdict === 'nothing-tested' || report.verdict === 'setup-problem')
    return { kind: 'judged', verdict: report.verdict, report };
  const yaml = settings.redact(renderTenantProfile(profile));
  if (options.output === undefined) {
    streams.stdout.write(yaml);
  } else {
    try {
      fs.mkdirSync(path.dirname(options.output), { recursive: true });
      fs.writeFileSync(options.output, yaml, 'utf8');
    } catch (error) {
      streams.stderr.write(settings.redact(`ism-webhooks probe: cannot write the profile: ${(error as Error).message}\n`));
      return { kind: 'not-run', report };
    }
    progress.write(`tenant profile written to ${options.output} (${profile.answers.size} answers)\n`);
  }
  return { kind: 'recorded', report };
}
