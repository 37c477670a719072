import path from 'node:path';
import { parityTable, renderParityJson, renderParityMarkdown } from '../conformance/parity';
import { defaultScenariosDir, loadScenarios } from '../conformance/scenario/load-scenarios';
import { loadContract } from '../src/contract';
import { formatProblems } from '../src/data-file';
import { UsageError, type Command } from './command';
import { exitCodes } from './exit-codes';

const usage = `Usage: ism-webhooks parity FILE... [--format markdown|json]

Prints the parity table: for each scenario, its provenance (documented, inferred), the
reference's answer, and what each observed tenant answered (agrees, or differs: how), with each
tenant's name, Server header and date. FILEs are any mix of cassettes (ism-webhooks proxy
--record), tenant profiles (ism-webhooks probe --output) and conform results (ism-webhooks
conform --reporter json). Send the table back to us: it is how an inferred behaviour becomes observed.

  --format F   markdown (default) or json

Exit codes: 0 table printed, 2 a file that does not load or a bad command line.`;

const parityFlags = { format: { type: 'string' } } as const;

export const parityCommand: Command<typeof parityFlags> = {
  name: 'parity',
  usage,
  flags: parityFlags,
  positionals: true,
  async run(flags, io, files) {
    const format = flags.format ?? 'markdown';
    if (format !== 'markdown' && format !== 'json') throw new UsageError(`--format must be markdown or json, got '${format}'`);
    if (files.length === 0)
      throw new UsageError('name at least one FILE', 'ism-webhooks parity my-tenant.cassette.yaml profile.yaml result.json');
    const contract = loadContract();
    const scenarios = loadScenarios(defaultScenariosDir(), contract.catalogue);
    if (!scenarios.ok) {
      io.stderr.write(`ism-webhooks parity: the scenarios do not load:\n${formatProblems(scenarios.problems)}\n`);
      return exitCodes.usage;
    }
    const table = parityTable(
      contract,
      scenarios.value,
      files.map((file) => path.resolve(file)),
    );
    if (!table.ok) {
      io.stderr.write(`ism-webhooks parity: a file does not load:\n${formatProblems(table.problems)}\n`);
      return exitCodes.usage;
    }
    io.stdout.write(format === 'json' ? renderParityJson(table.value) : renderParityMarkdown(table.value));
    return exitCodes.ok;
  },
};
