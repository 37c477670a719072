import { probeFlagSpec, resolveProbeOptions } from '../conformance/conform-options';
import { probe } from '../conformance/probe';
import { UsageError, type Command } from './command';
import { exitCodeOf } from './exit-codes';

const usage = `Usage: ism-webhooks probe --target URL [--api-key KEY] [--deactivated-api-key KEY]
                          [--extension NAME] [--xml-extension NAME] [--allow-side-effects]
                          [--output PATH] [--only ID ...] [--skip ID ...] [--timeout MS]
                          [--delay MS] [--max-requests N] [--scenarios DIR]

Runs the inferred scenarios (where the vendor is silent) against a tenant and writes a tenant
profile of what it really answered: YAML, keys redacted. Judge a tenant against it later with
'ism-webhooks conform --target URL --profile-file PATH'.

  --target URL       tenant base URL (may end in /HEAT)
  --output PATH      where the profile goes (default: stdout, progress then on stderr)
  other flags        as for 'ism-webhooks conform' (keys also from ISM_API_KEY and
                     ISM_DEACTIVATED_API_KEY; --allow-side-effects to run the Action)

Exit codes: 0 profile written, 2 usage error, an unreachable target, or nothing recorded.`;

export const probeCommand: Command<typeof probeFlagSpec> = {
  name: 'probe',
  usage,
  flags: probeFlagSpec,
  async run(flags, io) {
    const options = resolveProbeOptions(flags, io.env);
    if (!options.ok) throw new UsageError(options.message, options.hint);
    const outcome = await probe(options.value, io);
    return exitCodeOf(outcome);
  },
};
