import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { packageRoot } from '../../src/contract/package-root';

// The way of running in the background in docs/mock.md ("Running in the background, and stopping"): `npm start &` or `npm run mock &`, stopped with
// `kill` (SIGTERM) or Ctrl-C (SIGINT). npm passes the signal on only to a script that `exec`s the
// CLI; without `exec` the shell between them leaves the server running. Runs the built CLI
// (`npm run build`, part of `npm test`). Linux: descendants are found with `ps`.

/** Every descendant of `pid`, children first. */
function descendants(pid: number): number[] {
  const out = spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).stdout;
  const children = out
    .split('\n')
    .map((line) => Number(line.trim()))
    .filter((child) => child > 0);
  return children.flatMap((child) => [child, ...descendants(child)]);
}

/** A process that ended (a zombie awaiting its parent counts as ended). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = fs.existsSync(`/proc/${pid}/stat`) ? fs.readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  return !/\) Z /.test(stat) && stat !== '';
}

function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  for (const started = Date.now(); Date.now() - started < timeoutMs; await new Promise((resolve) => setTimeout(resolve, 100))) {
    if (condition()) return true;
  }
  return condition();
}

let npm: ChildProcess | undefined;
let started: number[] = [];

afterEach(() => {
  for (const pid of [npm?.pid ?? 0, ...started].filter((pid) => pid > 0 && running(pid))) process.kill(pid, 'SIGKILL');
  npm = undefined;
  started = [];
});

test.each([
  ['start', ['--port', '0', '--quiet'], 'SIGTERM'],
  ['start', ['--port', '0', '--quiet'], 'SIGINT'],
  ['mock', ['--port', '0'], 'SIGTERM'],
] as const)(
  'npm run %s %j in the background stops on %s: every process gone, the port free',
  async (script, args, signal) => {
    npm = spawn('npm', ['run', '--silent', script, '--', ...args], { cwd: packageRoot(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    npm.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    npm.stderr?.resume();
    expect(await until(() => /listening on http:\/\/\S+:\d+/.test(out), 60_000)).toBe(true);
    const port = Number(/listening on http:\/\/\S+:(\d+)/.exec(out)?.[1]);
    started = descendants(npm.pid as number);
    expect(started.length).toBeGreaterThan(0); // the server itself (and Prism for the mock)
    expect(await portAccepts(port)).toBe(true);

    const launcher = npm;
    launcher.kill(signal);
    expect(await until(() => launcher.exitCode !== null || launcher.signalCode !== null, 10_000)).toBe(true);
    expect(await until(() => started.every((pid) => !running(pid)), 10_000)).toBe(true);
    expect(await portAccepts(port)).toBe(false);
  },
  90_000,
);

// The CI examples start the tenant in the background as docs/mock.md says: the bin itself (or
// through `exec`), never through npx, whose npm and shell would leave the server orphaned.
test.each(['examples/ci/github-actions.yml', 'examples/ci/gitlab-ci.yml'])('%s starts serve without npx', (file) => {
  const text = fs.readFileSync(`${packageRoot()}/${file}`, 'utf8');
  const starts = text.split('\n').filter((line) => /ism-webhooks serve\b/.test(line) && !line.trim().startsWith('#'));
  for (const line of starts) expect(line).toMatch(/^\s*(exec |node )?node_modules\/\.bin\/ism-webhooks serve /);
  expect(text).not.toMatch(/npx ism-webhooks serve/);
});
