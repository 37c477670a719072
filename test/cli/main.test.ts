import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { main } from '../../src/cli/main';
import { packageRoot } from '../../src/contract';
import { captureIo } from '../helpers/cli-io';

const pkg = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as {
  version: string;
  bin: Record<string, string>;
  name: string;
};

test.each([
  ['--help', ['--help'], 0, /Usage: ism-webhooks <command>/, ''],
  ['-h', ['-h'], 0, /Commands:/, ''],
  ['no command (help, as a usage error)', [], 2, /Usage: ism-webhooks/, ''],
  ['--version', ['--version'], 0, new RegExp(`^${pkg.version.replace(/\./g, '\\.')}\\n$`), ''],
  ['an unknown command', ['frobnicate'], 2, /^$/, "unknown command 'frobnicate'. Commands:"],
  ['a mistyped command', ['conforn'], 2, /^$/, "unknown command 'conforn'. Did you mean 'conform'? Commands:"],
  ['a command cut short', ['contract'], 2, /^$/, "Did you mean 'contract-diff'?"],
  ['an unknown top-level option', ['--frob'], 2, /^$/, "unknown option '--frob'"],
  ['mock --help', ['mock', '--help'], 0, /Usage: ism-webhooks mock/, ''],
  ['mock with a non-numeric port', ['mock', '--port', 'abc'], 2, /^$/, "--port must be a whole number from 0 to 65535, got 'abc'"],
  ['mock with a port out of range', ['mock', '--port', '70000'], 2, /^$/, "got '70000'"],
  ['mock with an unknown flag', ['mock', '--frob'], 2, /^$/, "'--frob'"],
  ['mock with a stray argument', ['mock', 'extra'], 2, /^$/, 'extra'],
])('%s', async (_label, argv, code, stdout, stderr) => {
  const io = captureIo();
  expect(await main(argv, io)).toBe(code);
  expect(io.out()).toMatch(stdout);
  expect(io.err()).toContain(stderr);
  if (code === 2 && argv.length > 0) expect(io.err()).toMatch(/--help/);
});

test('mock takes its port from PORT when --port is absent, and reports a bad one', async () => {
  const io = captureIo({ PORT: 'nope' });
  expect(await main(['mock'], io)).toBe(2);
  expect(io.err()).toContain("PORT must be a whole number from 0 to 65535, got 'nope'");
});

test('the built bin (npm ci builds it) is executable and answers --version through its shebang', () => {
  const bin = path.join(packageRoot(), pkg.bin['ism-webhooks'] as string);
  expect(fs.existsSync(bin)).toBe(true); // `npm run build` (run by npm ci and npm test) makes it
  expect(fs.statSync(bin).mode & 0o111).not.toBe(0);
  const out = execFileSync(bin, ['--version'], { encoding: 'utf8' });
  expect(out).toBe(`${pkg.version}\n`);
});
