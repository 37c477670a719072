import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { runCli } from './helpers/run-cli';

// Usage errors and exit codes: 2 for a bad command line, an unreachable target, or a run that tested nothing.
test.each([
  ['an unknown flag, nothing near it', ['conform', '--frob'], "Unknown option '--frob'\nRun"],
  ['an unknown profile', ['conform', '--profile', 'staging'], "--profile must be one of reference, live, prism, got 'staging'"],
  ['the live profile without a target', ['conform', '--profile', 'live'], '--profile live needs --target URL'],
  ['the prism profile without a target', ['conform', '--profile', 'prism'], 'npm run mock'],
  [
    'a target that is not a URL',
    ['conform', '--target', 'https://tenant example.com'],
    "--target must be a base URL such as https://tenant.example.com or https://host/HEAT, got 'https://tenant example.com'",
  ],
  [
    'a target without its scheme',
    ['conform', '--target', 'tenant.example.com'],
    "--target needs the URL's scheme (http:// or https://), got 'tenant.example.com'\nDid you mean --target https://tenant.example.com?",
  ],
  [
    'a local target without its scheme',
    ['conform', '--target', 'localhost:4010'],
    "--target needs the URL's scheme (http:// or https://), got 'localhost:4010'\nDid you mean --target http://localhost:4010?",
  ],
  ['a mistyped flag', ['conform', '--targt', 'x'], "Unknown option '--targt'\ndid you mean --target?"],
  ['a flag cut short', ['conform', '--allow-side'], "Unknown option '--allow-side'\ndid you mean --allow-side-effects?"],
  ['a mistyped probe flag', ['probe', '--extention', 'X'], "Unknown option '--extention'\ndid you mean --extension?"],
  ['a mistyped serve flag', ['serve', '--prot', '0'], "Unknown option '--prot'\ndid you mean --port?"],
  [
    'a value that starts with a dash',
    ['serve', '--max-connections', '-1'],
    "--max-connections needs a value, and the next argument starts with '-'\nGive a value that starts with '-' as --max-connections=VALUE.",
  ],
  ['a target that is not http', ['conform', '--target', 'ftp://tenant.example.com'], "--target must use http or https, got 'ftp:'"],
  [
    'a target that is the endpoint, not the base URL',
    ['conform', '--target', 'https://t.example.com/api/rest/Webhooks/Execute', '--api-key', 'k'],
    "not the endpoint: drop '/api/rest/Webhooks/Execute'",
  ],
  ['a target with a query', ['conform', '--target', 'https://t.example.com/?extension=x', '--api-key', 'k'], 'without ?query or #fragment'],
  [
    'the live profile without a key',
    ['conform', '--target', 'https://t.example.com'],
    'the live profile needs an API key: pass --api-key KEY or set ISM_API_KEY',
  ],
  ['a key without a target', ['conform', '--api-key', 'x'], '--api-key and --deactivated-api-key need --target URL'],
  ['a timeout that is not a number', ['conform', '--timeout', 'soon'], "--timeout must be a whole number from 1 to 600000, got 'soon'"],
  ['a negative delay', ['conform', '--delay', '-5'], '--delay'],
  ['a zero budget', ['conform', '--max-requests', '0'], "--max-requests must be a whole number from 1 to 100000, got '0'"],
  ['an unknown reporter', ['conform', '--reporter', 'html'], "--reporter must be one of console, junit, json, markdown, got 'html'"],
  [
    'two reporters on stdout',
    ['conform', '--reporter', 'junit', '--reporter', 'json'],
    '--reporter junit and json cannot both write to stdout',
  ],
  ['the same reporter twice', ['conform', '--reporter', 'json,json'], 'the same reporter twice'],
  [
    'an --output without a file reporter',
    ['conform', '--output', 'x.xml'],
    '--output is given 1 time(s) but only 0 reporter(s) write a file',
  ],
  ['an unknown scenario in --only', ['conform', '--only', 'no-such-scenario'], 'unknown scenario ID(s): no-such-scenario'],
  ['an unknown scenario in --skip', ['conform', '--skip', 'missing-extension,nope'], 'unknown scenario ID(s): nope'],
  ['--compare without --target', ['conform', '--compare', 'https://b.example.com'], '--compare URL needs --target URL'],
  [
    '--profile-file without the live profile',
    ['conform', '--profile-file', 'p.yaml'],
    '--profile-file needs the live profile, got --profile reference',
  ],
  ['probe without a target', ['probe'], 'probe needs --target URL'],
  ['probe with a conform-only flag', ['probe', '--target', 'https://t.example.com', '--strict'], "'--strict'"],
  ['a scenario folder that does not exist', ['conform', '--scenarios', '/nonexistent/scenarios'], 'cannot read the folder'],
])('exit 2 for %s', async (_label, argv, message) => {
  const run = await runCli(argv);
  expect(run.code).toBe(2);
  expect(run.out).toBe('');
  expect(run.err).toContain(message);
  expect(run.err).toContain(`Run 'ism-webhooks ${argv[0] ?? ''} --help' for usage.`);
});

test.each([['conform'], ['probe']])('%s --help documents every flag and the exit codes', async (command) => {
  const run = await runCli([command, '--help']);
  expect(run.code).toBe(0);
  for (const flag of [
    '--target',
    '--api-key',
    '--deactivated-api-key',
    '--extension',
    '--allow-side-effects',
    '--only',
    '--skip',
    '--timeout',
    '--delay',
    '--max-requests',
  ]) {
    expect(run.out).toContain(flag);
  }
  expect(run.out).toMatch(/Exit codes: 0 /);
});

test('the top-level help lists conform and probe', async () => {
  const run = await runCli(['--help']);
  expect(run.out).toMatch(/\n {2}conform +replay the conformance scenarios/);
  expect(run.out).toMatch(/\n {2}probe +record a tenant's answers/);
});

async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('exit 2 and a clear line for an unreachable target', async () => {
  const port = await closedPort();
  const run = await runCli(['conform', '--target', `http://127.0.0.1:${port}`, '--delay', '0', '--timeout', '2000'], {
    ISM_API_KEY: 'SECRET-LIVE-KEY-123',
  });
  expect(run.code).toBe(2);
  expect(run.out).toMatch(/\ndiagnosis: the target is unreachable: connection refused \(nothing listens at 127\.0\.0\.1:\d+\)\n/);
  expect(run.out).not.toContain('SECRET-LIVE-KEY-123');
});

test('exit 2 for a run that tested nothing (the only scenario asked for runs the Action, without --allow-side-effects)', async () => {
  const run = await runCli(['conform', '--target', 'http://127.0.0.1:9', '--only', 'execute-configured-webhook'], {
    ISM_API_KEY: 'k3y-k3y-k3y',
  });
  expect(run.code).toBe(2);
  expect(run.out).toContain(
    'skipped  execute-configured-webhook (documented): it runs the Action (creates a record in the tenant): pass --allow-side-effects to run it against a --target',
  );
  expect(run.out).toContain('the run tested nothing: every scenario was skipped');
  expect(run.out).toMatch(/\n0 passed, 0 failed, 1 skipped\n$/);
});

test('a target that accepts connections but never answers times out (--timeout) and counts as unreachable', async () => {
  const sockets = new Set<import('node:net').Socket>();
  const silent = (await import('node:net')).createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const { port } = silent.address() as AddressInfo;
  try {
    const run = await runCli(
      [
        'conform',
        '--target',
        `http://127.0.0.1:${port}`,
        '--timeout',
        '100',
        '--delay',
        '0',
        '--only',
        'missing-extension,incorrect-api-key',
      ],
      { ISM_API_KEY: 'k3y-k3y-k3y' },
    );
    expect(run.code).toBe(2);
    expect(run.out).toMatch(
      /the target is unreachable: no request got an HTTP answer \(timed out after \d+ ms waiting for an answer \(--timeout 100\)\)/,
    );
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  }
});
