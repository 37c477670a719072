import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { defaultSpecPath } from '../../src/contract/package-root';
import { main } from '../../src/cli/main';
import { createMockCommand, defaultMockPort, installedPrism, prismArgs, prismRange, resolveMockStart } from '../../src/cli/mock';
import { prismFailure } from '../../src/cli/mock-problems';
import { captureIo } from '../helpers/cli-io';

// What a newcomer meets when `ism-webhooks mock` cannot start: one line naming the cause and the
// fix, exit code 2, never Prism's usage text.
let dir: string;
let holder: net.Server;
let takenPort: number;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ism-mock-'));
  fs.writeFileSync(path.join(dir, 'broken.yaml'), 'openapi: 3.1.0\npaths: [\n');
  fs.writeFileSync(path.join(dir, 'not-openapi.yaml'), 'hello: world\n');
  holder = net.createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  takenPort = (holder.address() as net.AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => holder.close(resolve));
  fs.rmSync(dir, { recursive: true, force: true });
});

const lines = (text: string): string[] => text.split('\n').filter((line) => line !== '');

test.each([
  [
    'a port taken by another server',
    () => ['--port', String(takenPort)],
    () => `port ${takenPort} on 127.0.0.1 is already in use: choose another with --port N`,
  ],
  [
    'a missing --spec file',
    () => ['--port', '0', '--spec', path.join(dir, 'missing.yaml')],
    () => `the spec file ${path.join(dir, 'missing.yaml')} does not exist: pass the path`,
  ],
  ['a folder as --spec', () => ['--port', '0', '--spec', dir], () => `the spec ${dir} is a folder`],
  [
    'a spec that is not YAML',
    () => ['--port', '0', '--spec', path.join(dir, 'broken.yaml')],
    () => `${path.join(dir, 'broken.yaml')}:3:1: the spec is not valid YAML or JSON`,
  ],
  [
    'a YAML file that is not OpenAPI',
    () => ['--port', '0', '--spec', path.join(dir, 'not-openapi.yaml')],
    () => `${path.join(dir, 'not-openapi.yaml')} is not an OpenAPI document`,
  ],
  [
    'a host that is not this machine',
    () => ['--port', '0', '--host', '192.0.2.1'],
    () => 'cannot listen on 192.0.2.1:0 (EADDRNOTAVAIL): pass --host with an address of this machine',
  ],
])('%s: one line naming cause and fix, exit 2, before Prism starts', async (_name, args, expected) => {
  const io = captureIo();
  expect(await main(['mock', ...args()], io)).toBe(2);
  expect(lines(io.err())).toEqual([expect.stringContaining(`ism-webhooks mock: ${expected()}`)]);
  expect(io.out()).toBe('');
});

describe('Prism is an optional peer dependency', () => {
  test('without it, mock says in one line what to install, exit 2, before anything else', async () => {
    const io = captureIo();
    const mock = createMockCommand(() => undefined);
    expect(await mock.run(['--spec', path.join(dir, 'broken.yaml')], io)).toBe(2);
    expect(lines(io.err())).toEqual([
      `ism-webhooks mock: Prism is not installed (an optional peer dependency, needed by mock only): npm install --save-dev "@stoplight/prism-cli@${prismRange()}"`,
    ]);
    expect(io.out()).toBe('');
  });

  test('the range named is the package.json peer range, optional, and Prism is a devDependency here', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(path.dirname(defaultSpecPath()), '..', 'package.json'), 'utf8')) as Record<
      string,
      Record<string, unknown>
    >;
    expect(prismRange()).toBe(manifest.peerDependencies?.['@stoplight/prism-cli']);
    expect(prismRange()).toMatch(/^\^5\./);
    expect(manifest.peerDependenciesMeta?.['@stoplight/prism-cli']).toEqual({ optional: true });
    expect(manifest.dependencies?.['@stoplight/prism-cli']).toBeUndefined();
    expect(manifest.devDependencies?.['@stoplight/prism-cli']).toBeDefined();
  });

  test("installed here, it is found; it runs with its CORS handling off (a preflight is the contract's 405)", () => {
    const bin = installedPrism() as string;
    expect(fs.existsSync(bin)).toBe(true);
    expect(prismArgs(bin, { port: 0, host: '127.0.0.1', spec: 'x.yaml' })).toEqual([
      bin,
      'mock',
      '--cors=false',
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      'x.yaml',
    ]);
  });
});

/** Runs the pinned Prism directly (skipping the checks above) and returns all it printed and its exit code. */
function runPrism(args: string[]): Promise<{ output: string; code: number }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [installedPrism() as string, 'mock', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ output, code: code ?? -1 });
    });
  });
}

test.each([
  [
    'a port in use',
    () => ({ spec: path.join(dir, 'not-openapi.yaml'), port: takenPort }),
    'is already in use: choose another with --port N',
  ],
  ['a missing spec', () => ({ spec: path.join(dir, 'missing.yaml'), port: 0 }), 'missing.yaml does not exist'],
  ['a spec that is not YAML', () => ({ spec: path.join(dir, 'broken.yaml'), port: 0 }), 'Prism could not parse the spec'],
  ['a spec that is not OpenAPI', () => ({ spec: path.join(dir, 'not-openapi.yaml'), port: 0 }), 'Prism does not recognise'],
])(
  "Prism's own failure on %s becomes one recognised line",
  async (_name, given, expected) => {
    const { spec, port } = given();
    // a port in use needs a spec Prism accepts, so that it gets as far as listening
    const served = port === 0 ? spec : defaultSpecPath();
    const { output, code } = await runPrism(['--port', String(port), '--host', '127.0.0.1', served]);
    expect(code).not.toBe(0);
    expect(output).toContain('Positionals:'); // what the user no longer sees
    expect(lines(prismFailure(output, code, { spec: served, port, host: '127.0.0.1' }))).toEqual([expect.stringContaining(expected)]);
  },
  90_000,
);

test("an unrecognised Prism failure shows at most five lines of Prism's error, without its usage text", () => {
  const output = [
    '[CLI] ✖  fatal',
    'prism mock <document>',
    '',
    'Options:',
    '  --port  Port that Prism will run on.',
    '',
    'Error: something new',
    ...Array.from({ length: 9 }, (_, index) => `    at frame ${index}`),
  ].join('\n');
  expect(lines(prismFailure(output, 1, { spec: 'x.yaml', port: 0, host: '127.0.0.1' }))).toEqual([
    'ism-webhooks mock: Prism exited with code 1 before listening; its error:',
    '  [CLI] ✖  fatal',
    '  Error: something new',
    '      at frame 0',
    '      at frame 1',
    '      at frame 2',
  ]);
});

test.each([
  ['no flag, no PORT', [], {}, defaultMockPort],
  ['PORT', [], { PORT: '5000' }, 5000],
  ['--port over PORT', ['--port', '0'], { PORT: '5000' }, 0],
])('the mock port from %s', (_name, args, env, port) => {
  expect(resolveMockStart(args, env)).toEqual(expect.objectContaining({ port, host: '127.0.0.1' }));
});

test.each([
  ['serve', `else 4010; the mock's is ${defaultMockPort}`],
  ['mock', `else ${defaultMockPort}; serve's is 4010`],
])('%s --help names its default port, and the two differ', async (command, text) => {
  const io = captureIo();
  expect(await main([command, '--help'], io)).toBe(0);
  expect(io.out()).toContain(text);
  expect(defaultMockPort).not.toBe(4010);
});
