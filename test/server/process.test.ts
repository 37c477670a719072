import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { executePath, keys } from '../helpers/tenant';

// The built CLI in its own process: memory is read from /proc (never heapUsed in jest), and
// signals are real signals. Waits are bounded guards, not measured durations.
const cli = path.resolve(__dirname, '../../dist/cli/index.js');
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

async function serve(
  args: string[] = ['--quiet'],
  readStderr = true,
): Promise<{ child: ChildProcess; port: number; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  if (readStderr) child.stderr?.resume();
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    void exited.then((code) => reject(new Error(`serve exited with ${code}`)));
  });
  return { child, port, exited };
}

const memoryMb = (pid: number, field: 'VmRSS' | 'VmHWM'): number =>
  Number(new RegExp(`${field}:\\s+(\\d+)`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;

/** Connects, writes, and resolves with what came back once the server closed or `guardMs` passed. */
function exchange(port: number, write: (socket: net.Socket) => void, guardMs = 20_000): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => write(socket));
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      if (/\r\n\r\n[\s\S]*\}/.test(received)) socket.destroy();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(received));
    setTimeout(() => socket.destroy(), guardMs).unref();
  });
}

test('bodies of 99,990 one-byte chunks, last chunk held: refused past 4,096 pieces, connections cut, memory flat', async () => {
  const { child, port } = await serve();
  const pid = child.pid as number;
  const head = `POST ${executePath}?extension=MyTestWebhook HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${keys.header}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`;
  const held = `1\r\n{\r\n${'1\r\na\r\n'.repeat(99_989)}`;
  const before = memoryMb(pid, 'VmRSS');
  const answers = await Promise.all(Array.from({ length: 40 }, () => exchange(port, (socket) => socket.write(head + held), 8000)));
  const peakGrowth = memoryMb(pid, 'VmHWM') - before;
  // Read to the end, such a body cost about 39 MB per connection (a Buffer per chunk); refused
  // but paused, about 2.4 MB (the Buffers of the socket read under way, kept by the paused
  // stream): 40 connections, about 100 MB. Let go as they come, a few MB in all.
  expect(answers.map((answer) => answer.slice(0, 12))).toEqual(Array(40).fill('HTTP/1.1 400'));
  expect(peakGrowth).toBeLessThan(25);
});

describe('stop signals', () => {
  test.each(['SIGTERM', 'SIGHUP'] as const)(
    '%s with an idle and a half-sent connection held: exits 0 within the grace period',
    async (signal) => {
      const { child, port, exited } = await serve(['--quiet', '--grace-period', '500']);
      const held = [
        exchange(port, () => undefined),
        exchange(port, (socket) => socket.write(`POST ${executePath} HTTP/1.1\r\nHost: 127.0.0.1\r\n`)),
      ];
      await new Promise((resolve) => setTimeout(resolve, 200));
      child.kill(signal);
      expect(await exited).toBe(0);
      await Promise.all(held);
    },
  );

  test('a second signal stops at once, whatever the grace period', async () => {
    const { child, port, exited } = await serve(['--quiet', '--grace-period', '600000']);
    const slow = exchange(port, (socket) =>
      socket.write(
        `POST ${executePath}?extension=MyTestWebhook HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${keys.header}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{`,
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(child.exitCode).toBeNull();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(await slow).toBe('');
  });
});

test('the access log on a stderr nobody reads: every request answered, lines dropped and counted, the count written at exit', async () => {
  const { child, port, exited } = await serve([], false);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 20 });
  const once = (): Promise<number> =>
    new Promise((resolve) => {
      const req = http.request({
        port,
        host: '127.0.0.1',
        path: `${executePath}?extension=MyTestWebhook`,
        method: 'POST',
        agent,
        headers: { Authorization: keys.header, 'Content-Type': 'application/json' },
      });
      req.on('response', (res) => res.resume().on('end', () => resolve(res.statusCode ?? 0)));
      req.on('error', () => resolve(0));
      req.end('{"Subject":"nobody reads the log"}');
    });
  let answered = 0;
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      for (let i = 0; i < 700; i++) if ((await once()) === 200) answered++;
    }),
  );
  agent.destroy();
  child.kill('SIGTERM');
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  child.stderr?.resume();
  expect(await exited).toBe(0);
  expect(answered).toBe(14_000);
  expect(err).toMatch(/access log: \d+ lines dropped/);
});
