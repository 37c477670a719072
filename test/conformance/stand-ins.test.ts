import { loadContract } from '../../src/contract';
import { defaultScenariosDir, loadScenarios, type RunReport } from '../../conformance';
import { documentedFaults, inferredFaults, type StandInFault } from './helpers/faults';
import { fullLiveRun, runCli } from './helpers/run-cli';
import { correctBehaviour, standInKeys, startStandIn, type Behaviour } from './helpers/stand-in';

// The suite has teeth: in the live profile it passes a correct stand-in and fails each stand-in
// that gets one detail of the vendor page wrong.
const contract = loadContract();
const loaded = loadScenarios(defaultScenariosDir(), contract.catalogue);
const scenarioCount = loaded.ok ? loaded.value.length : 0;
const env = { ISM_API_KEY: standInKeys.apiKey, ISM_DEACTIVATED_API_KEY: standInKeys.deactivatedApiKey };

async function conformAgainst(behaviour: Behaviour, extra: string[] = []): Promise<{ code: number; report: RunReport; err: string }> {
  const standIn = await startStandIn(contract, behaviour);
  try {
    const run = await runCli(fullLiveRun(standIn.baseUrl, 'console,json', extra), env);
    return { code: run.code, report: JSON.parse(run.out) as RunReport, err: run.err };
  } finally {
    await standIn.close();
  }
}

const outcomes = (report: RunReport, kind: string): string[] =>
  report.results.filter((result) => result.outcome === kind).map((result) => result.id);

test('a correct stand-in passes the live profile: nothing failed, nothing observed, nothing skipped', async () => {
  const { code, report, err } = await conformAgainst(correctBehaviour());
  expect(outcomes(report, 'failed')).toEqual([]);
  expect(outcomes(report, 'observed')).toEqual([]);
  expect(outcomes(report, 'skipped')).toEqual([]);
  expect(code).toBe(0);
  expect(err).toMatch(new RegExp(`\\n${scenarioCount} passed, 0 failed, 0 skipped\\n$`));
});

test('a correct stand-in passes --strict too', async () => {
  const { code, report } = await conformAgainst(correctBehaviour(), ['--strict']);
  expect(outcomes(report, 'failed')).toEqual([]);
  expect(code).toBe(0);
});

test.each(documentedFaults.map((fault): [string, StandInFault] => [fault.name, fault]))(
  'live profile fails a stand-in with one fault: %s',
  async (_name, fault) => {
    // Only the scenarios the fault breaks: the correct stand-in above shows every other one passes.
    const { code, report, err } = await conformAgainst(fault.behaviour, ['--only', fault.failing.join(',')]);
    expect(code).toBe(1);
    expect(outcomes(report, 'failed')).toEqual(expect.arrayContaining([...fault.failing]));
    // Each failure names what was expected, what came, and how to reproduce it.
    expect(err).toMatch(/expected: /);
    expect(err).toMatch(/actual: {3}/);
    expect(err).toMatch(/reproduce: .*curl -i/);
  },
);

test.each(inferredFaults.map((fault): [string, StandInFault] => [fault.name, fault]))(
  'an inferred fault is an observation in the live profile and a failure with --strict: %s',
  async (_name, fault) => {
    const only = ['--only', fault.failing.join(',')];
    const live = await conformAgainst(fault.behaviour, only);
    expect(live.code).toBe(0);
    expect(outcomes(live.report, 'observed')).toEqual(expect.arrayContaining([...fault.failing]));
    expect(outcomes(live.report, 'failed')).toEqual([]);
    const strict = await conformAgainst(fault.behaviour, [...only, '--strict']);
    expect(strict.code).toBe(1);
    expect(outcomes(strict.report, 'failed')).toEqual(expect.arrayContaining([...fault.failing]));
  },
);
