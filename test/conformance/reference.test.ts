import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { packageRoot } from '../../src/contract';
import { createTenantServer } from '../../src/node';
import { loadTenantFile } from '../../src/tenant/tenant-file';
import type { RunReport } from '../../conformance';
import { readReferenceDefaults, referenceTenantFile } from '../../conformance/targets/reference-defaults';
import { fullLiveRun, runCli } from './helpers/run-cli';

// The embedded default (`npm run conformance`, every scenario strict) is run in full by `npm run conformance:ci`.
test('the embedded default ignores ISM_API_KEY, which belongs to a live tenant', async () => {
  const run = await runCli(['conform', '--only', 'execute-configured-webhook,incorrect-api-key'], {
    ISM_API_KEY: 'a-live-tenant-key-not-for-the-reference',
  });
  expect(run.out).toMatch(/\n2 passed, 0 failed, 0 skipped\n$/);
  expect(run.code).toBe(0);
});

test('the shipped example tenant profile is what the reference tenant answers (conform --profile-file)', async () => {
  const tenant = createTenantServer({ tenantFile: referenceTenantFile() });
  const base = await tenant.listen(0, '127.0.0.1');
  try {
    const keys = readReferenceDefaults();
    const profileFile = path.join(packageRoot(), 'fixtures', 'profiles', 'reference-tenant.yaml');
    const run = await runCli(fullLiveRun(base, 'json', ['--profile-file', profileFile]), {
      ISM_API_KEY: keys.apiKey,
      ISM_DEACTIVATED_API_KEY: keys.deactivatedApiKey,
    });
    const report = JSON.parse(run.out) as RunReport;
    expect(report.results.filter((result) => result.outcome !== 'passed')).toEqual([]);
    // Every inferred scenario is recorded in it.
    expect(report.results.filter((result) => result.basis === 'the tenant profile (--profile-file)')).toHaveLength(
      report.results.filter((result) => result.provenance === 'inferred').length,
    );
    expect(report.results.filter((result) => result.provenance === 'inferred').length).toBe(43);
    expect(run.code).toBe(0);
  } finally {
    await tenant.close();
  }
});

test('--profile reference against a served reference tenant takes the keys of fixtures/tenant.yaml', async () => {
  const tenant = createTenantServer({ tenantFile: referenceTenantFile() });
  const base = await tenant.listen(0, '127.0.0.1');
  try {
    const only = 'execute-configured-webhook,deactivated-api-key,incorrect-api-key';
    const run = await runCli([
      'conform',
      '--profile',
      'reference',
      '--target',
      base,
      '--allow-side-effects',
      '--delay',
      '0',
      '--only',
      only,
    ]);
    expect(run.out).toMatch(/\n3 passed, 0 failed, 0 skipped\n$/);
    expect(run.code).toBe(0);
  } finally {
    await tenant.close();
  }
});

test('the reference defaults come from the one tenant-file loader: a file that does not load gives none', () => {
  const loaded = loadTenantFile(referenceTenantFile());
  if (!loaded.ok) throw new Error('fixtures/tenant.yaml must load');
  const defaults = readReferenceDefaults();
  expect(defaults.apiKey).toBe(loaded.config.apiKeys.find((key) => key.activated)?.referenceId);
  expect(defaults.deactivatedApiKey).toBe(loaded.config.apiKeys.find((key) => !key.activated)?.referenceId);
  expect(defaults.extension).toBe('MyTestWebhook');
  expect(defaults.xmlExtension).toMatch(/./);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ism-defaults-'));
  const broken = path.join(dir, 'tenant.yaml');
  fs.writeFileSync(broken, 'apiKeys: [{referenceId: KEY-NOT-VALIDATED, activated: true}]\nwebhooks: nope\n');
  expect(readReferenceDefaults(broken)).toEqual({
    apiKey: undefined,
    deactivatedApiKey: undefined,
    extension: undefined,
    xmlExtension: undefined,
  });
});
