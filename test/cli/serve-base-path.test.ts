import { main } from '../../cli/main';
import { captureIo } from '../helpers/cli-io';

// On premises, end to end: `serve --base-path /HEAT`, then the suite against http://HOST:PORT/HEAT
// passes every scenario, and the same tenant without /HEAT gets the wrong-base-URL diagnosis.
async function withServedHeat(check: (url: string) => Promise<void>): Promise<void> {
  const io = captureIo();
  const exited = main(['serve', '--port', '0', '--quiet', '--base-path', '/HEAT/'], io);
  const url = (await io.waitFor(/^listening on (http:\/\/127\.0\.0\.1:\d+\/HEAT)\n$/))[1] as string;
  try {
    await check(url);
  } finally {
    io.stop();
    expect(await exited).toBe(0);
  }
}

test('conform --target http://127.0.0.1:PORT/HEAT --profile reference passes every scenario', async () => {
  await withServedHeat(async (url) => {
    const io = captureIo();
    const code = await main(['conform', '--target', url, '--profile', 'reference', '--allow-side-effects', '--delay', '0'], io);
    expect(io.out()).toMatch(/\n54 passed, 0 failed, 0 skipped\n$/);
    expect(code).toBe(0);
  });
});

test('the same tenant without /HEAT: exit 2, stopped early with the wrong-base-URL diagnosis', async () => {
  await withServedHeat(async (url) => {
    const io = captureIo();
    const code = await main(
      ['conform', '--target', url.replace(/\/HEAT$/, ''), '--profile', 'reference', '--allow-side-effects', '--delay', '0'],
      io,
    );
    const lines = io.out().split('\n');
    expect(lines).toContain(
      'diagnosis: wrong base URL: every answer (3 of 3) is 404 without the ISM error envelope, so nothing answers at /api/rest/Webhooks/Execute under --target',
    );
    expect(lines).toContain(
      '  fix: pass the tenant base URL only (the suite adds /api/rest/Webhooks/Execute); on premises it ends in /HEAT: --target https://host.example.com/HEAT',
    );
    expect(lines).toContain('stopped after 3 of 54 scenarios: the rest would only repeat this');
    expect(code).toBe(2);
  });
});

test.each([
  ['a query', '/HEAT?x=1'],
  ['a space', '/HE AT'],
  ['no leading slash', 'HEAT'],
])('serve --base-path with %s is exit 2 naming the flag', async (_label, value) => {
  const io = captureIo();
  expect(await main(['serve', '--port', '0', '--base-path', value], io)).toBe(2);
  expect(io.err()).toContain(`--base-path must be a path such as /HEAT (letters, digits, . _ ~ -), got '${value}'`);
});
