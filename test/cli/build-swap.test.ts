import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { packageRoot } from '../../src/contract/package-root';

// `npm test` builds while a developer's `npm start` serves from dist/: the build writes beside
// (dist.next/) and swaps, so the running server finds its files, and its page answers, throughout.
// In a copy of the project (the build replaces the copy's dist/, not this one's), built before
// (`npm run build`, part of `npm test`).

const root = packageRoot();
const copied = ['src', 'conformance', 'openapi', 'fixtures', 'scripts', 'dist', 'package.json', 'tsconfig.json', 'tsconfig.build.json'];
/** What a running `serve` reads from dist/ after it started: the page's files, on first request. */
const served = ['dist/src/cli/index.js', 'dist/src/inspection-page/assets/index.html', 'dist/src/inspection-page/assets/page.js'];

function pageStatus(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: '/_mock/' }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      })
      .on('error', reject);
  });
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

test('a build leaves what a running server serves in place, and its page answering', async () => {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'ism-build-'));
  for (const entry of copied) fs.cpSync(path.join(root, entry), path.join(copy, entry), { recursive: true });
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(copy, 'node_modules'), 'dir');

  const server = spawn(process.execPath, [path.join(copy, 'dist/src/cli/index.js'), 'serve', '--port', '0', '--quiet'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(server);
  let out = '';
  server.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  server.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  while (!/listening on http:\/\/\S+:\d+/.test(out)) {
    if (server.exitCode !== null) throw new Error(`serve ended: ${out}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const port = Number(/listening on http:\/\/\S+:(\d+)/.exec(out)?.[1]);

  const build = spawn(process.execPath, [path.join(copy, 'scripts/build.js')], { stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(build);
  let buildErr = '';
  build.stderr?.on('data', (chunk: Buffer) => (buildErr += chunk.toString('utf8')));
  const built = new Promise<number | null>((resolve) => build.on('close', resolve));

  const missing = new Set<string>();
  const statuses = new Set<number>();
  let polls = 0;
  for (let done = false; !done; polls++) {
    for (const file of served) if (!fs.existsSync(path.join(copy, file))) missing.add(file);
    statuses.add(await pageStatus(port));
    done = await Promise.race([built.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 100))]);
  }

  expect({ code: await built, stderr: buildErr.includes('build: dist/ built') }).toEqual({ code: 0, stderr: true });
  expect(polls).toBeGreaterThan(1);
  expect([...missing]).toEqual([]);
  expect([...statuses]).toEqual([200]);
  expect(await pageStatus(port)).toBe(200);
  expect(fs.readdirSync(copy).filter((name) => name.startsWith('dist'))).toEqual(['dist']);
}, 120_000);
