import path from 'node:path';
import { resolveConformOptions, type ConformOptions, type Env, type ProbeFlags } from './conform-options';
import { usageError, type Resolved } from './resolved';

export interface ProbeOptions {
  readonly run: ConformOptions;
  /** Where the tenant profile goes; undefined: stdout (progress then goes to stderr). */
  readonly output: string | undefined;
}

/** `probe` takes conform's target, key, extension, pacing and selection flags, and --output for the profile. */
export function resolveProbeOptions(flags: ProbeFlags, env: Env): Resolved<ProbeOptions> {
  if (flags.target === undefined) return usageError('probe needs --target URL: it records what a real tenant answers');
  const run = resolveConformOptions({ ...flags, profile: 'live', reporter: undefined, output: undefined }, env);
  if (!run.ok) return run;
  return { ok: true, value: { run: run.value, output: flags.output !== undefined ? path.resolve(flags.output) : undefined } };
}
