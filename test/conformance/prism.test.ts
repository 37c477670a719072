import { loadContract } from '../../src/contract';
import { loadScenarios, defaultScenariosDir, type RunReport } from '../../conformance';
import { usePrismMock } from '../helpers/prism';
import { runCli } from './helpers/run-cli';

// `--profile prism` against the project's own mock (`ism-webhooks mock`, Prism pinned), on port 0.
const mock = usePrismMock();

test('the prism profile passes against the mock, needs no key, and skips what a mock cannot do with a reason', async () => {
  const run = await runCli(['conform', '--profile', 'prism', '--target', mock.base(), '--reporter', 'console,json']);
  const report = JSON.parse(run.out) as RunReport;
  const loaded = loadScenarios(defaultScenariosDir(), loadContract().catalogue);
  if (!loaded.ok) throw new Error('scenarios do not load');
  const mockCannot = loaded.value
    .filter((scenario) => scenario.prism.kind === 'skip')
    .map((scenario) => scenario.id)
    .sort();
  const skipped = report.results.filter((result) => result.outcome === 'skipped');
  expect(skipped.map((result) => result.id).sort()).toEqual(mockCannot);
  for (const result of skipped) expect(result.reason).toMatch(/^a spec mock cannot answer it: .{20,}/);
  expect(report.results.filter((result) => result.outcome === 'failed')).toEqual([]);
  expect(run.err).toMatch(new RegExp(`\\n${loaded.value.length - mockCannot.length} passed, 0 failed, ${mockCannot.length} skipped\\n$`));
  expect(run.code).toBe(0);
});

test('the prism profile really sends each Prefer header: the mock answers a deactivated key with 401 only because of it', async () => {
  const run = await runCli([
    'conform',
    '--profile',
    'prism',
    '--target',
    mock.base(),
    '--only',
    'deactivated-api-key',
    '--reporter',
    'json',
  ]);
  const report = JSON.parse(run.out) as RunReport;
  expect(report.results[0]?.request?.headers).toEqual(expect.arrayContaining([['Prefer', 'code=401, example=invalidApiKey']]));
  expect(report.results[0]?.outcome).toBe('passed');
});
