import { conform } from '../conformance/conform';
import { conformFlagSpec, resolveConformOptions } from '../conformance/conform-options';
import { UsageError, type Command } from './command';
import { exitCodeOf } from './exit-codes';

const usage = `Usage: ism-webhooks conform [--target URL] [--profile reference|live|prism] [--api-key KEY]
                            [--deactivated-api-key KEY] [--extension NAME] [--xml-extension NAME]
                            [--allow-side-effects] [--strict] [--reporter console|junit|json|markdown ...]
                            [--output PATH ...] [--only ID ...] [--skip ID ...] [--timeout MS]
                            [--delay MS] [--max-requests N] [--profile-file PATH] [--compare URL]
                            [--scenarios DIR] [--verify-record [--record-mapping FILE |
                            --record-object NAME --record-field FIELD=/POINTER ...] [--record-wait MS]]

Replays every scenario of fixtures/scenarios/ against a target and judges each answer against
the contract. Without --target it starts the reference tenant in-process and runs every scenario
strictly (the embedded default: it must pass).

  --target URL               tenant base URL (may end in /HEAT); the profile then defaults to live
  --profile NAME             reference: every scenario exact (default without --target)
                             live: documented scenarios exact, inferred ones observed (default with --target)
                             prism: a spec mock; sends each scenario's Prefer header, no keys needed
  --api-key KEY              an Activated REST API key (default: $ISM_API_KEY)
  --deactivated-api-key KEY  a key whose Activated box is cleared (default: $ISM_DEACTIVATED_API_KEY);
                             without one, that scenario is skipped
  --extension NAME           an active JSON webhook of the target (default MyTestWebhook)
  --xml-extension NAME       an active XML webhook, for the XML scenarios (live: skipped without it)
  --allow-side-effects       run the scenarios that run the Action (create records) against a --target
  --strict                   live: judge inferred scenarios and the unknown-extension message exactly
  --reporter NAME            console (default), junit, json, markdown (a CI job summary);
                             repeat or comma-separate for several
  --output PATH              file of the n-th junit/json/markdown reporter (else stdout; console then uses stderr)
  --only ID, --skip ID       select scenarios by ID (repeat or comma-separate)
  --timeout MS               per request (default 10000)
  --delay MS                 between requests (default 200 against a --target, else 0)
  --max-requests N           request budget per target (default 100)
  --profile-file PATH        live: judge the inferred scenarios against a profile written by probe
  --compare URL              send every request to --target and to URL, and report each difference
  --scenarios DIR            scenario folder (default: the bundled fixtures/scenarios)
  --verify-record            mark each success scenario's JSON body and read its record back through
                             OData (needs --allow-side-effects against a --target); reports found,
                             fields that differ, not found, or read-back not possible
  --record-mapping FILE      YAML: businessObject, fields (record field: /body/pointer), marker
  --record-object NAME       the business object the Action inserts (e.g. Incident), with
  --record-field F=/P        a record field and the body field it is mapped from (repeat)
                             (no mapping: the reference's tenant file, or Incident.Subject holds the marker)
  --record-wait MS           how long a record may take to appear (default 10000)

Exit codes: 0 everything required passed, 1 something failed (or differs, with --compare),
2 usage error, a file that does not load, an unreachable target, or a run that tested nothing.`;

export const conformCommand: Command<typeof conformFlagSpec> = {
  name: 'conform',
  usage,
  flags: conformFlagSpec,
  async run(flags, io) {
    const options = resolveConformOptions(flags, io.env);
    if (!options.ok) throw new UsageError(options.message, options.hint);
    const outcome = await conform(options.value, io);
    return exitCodeOf(outcome);
  },
};
