import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../../src/cli/command';
import { createContractDiffCommand } from '../../src/cli/contract-diff';
import { main } from '../../src/cli/main';
import { defaultSpecPath } from '../../src/contract/package-root';
import { captureIo } from '../helpers/cli-io';

/** Each test gets its own git repository under the OS temp folder, holding a copy of the spec. */
const specText = fs.readFileSync(defaultSpecPath(), 'utf8');
const trailingSpace = "Invalid Webhook Extension Provided. '";
const breakIt = (text: string): string => text.replace(trailingSpace, "Invalid Webhook Extension Provided.'");
const bumpVersion = (text: string): string => text.replace('  version: 1.0.0', '  version: 1.1.0');
const folders: string[] = [];

function git(dir: string, ...args: string[]): string {
  const identity = ['-c', 'user.name=Contract Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false'];
  return execFileSync('git', [...identity, ...args], { cwd: dir, encoding: 'utf8' });
}

function tempFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'contract-diff-'));
  folders.push(dir);
  return dir;
}

/** A repository whose commits each write the spec (or, for `null`, another file only). */
function repo(...commits: { spec: string | null; message: string[] }[]): string {
  const dir = tempFolder();
  git(dir, 'init', '-q');
  fs.mkdirSync(path.join(dir, 'openapi'));
  for (const { spec, message } of commits) {
    if (spec === null) fs.writeFileSync(path.join(dir, 'README.md'), `${Math.random()}\n`);
    else writeSpec(dir, spec);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', ...message.flatMap((paragraph) => ['-m', paragraph]));
  }
  return dir;
}

function writeSpec(dir: string, text: string): void {
  fs.writeFileSync(path.join(dir, 'openapi', 'webhooks.yaml'), text);
}

async function run(dir: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await createContractDiffCommand({ root: dir, cwd: dir }).run(args, io);
  return { code, out: io.out(), err: io.err() };
}

afterAll(() => {
  for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
});

type Row = [name: string, setup: () => string, args: string[], code: number, stdout: RegExp, stderr: RegExp];

test.each<Row>([
  ['no change', () => repo({ spec: specText, message: ['Add spec'] }), ['--base', 'HEAD'], 0, /\n0 breaking, 0 non-breaking\n$/, /^$/],
  [
    'a non-breaking edit in the working tree',
    () => {
      const dir = repo({ spec: specText, message: ['Add spec'] });
      writeSpec(dir, bumpVersion(specText));
      return dir;
    },
    ['--base', 'HEAD'],
    0,
    /non-breaking \/info\/version .*\n0 breaking, 1 non-breaking\n$/,
    /^$/,
  ],
  [
    'a break in the working tree fails',
    () => {
      const dir = repo({ spec: specText, message: ['Add spec'] });
      writeSpec(dir, breakIt(specText));
      return dir;
    },
    ['--base', 'HEAD'],
    1,
    /^openapi\/webhooks\.yaml: HEAD \([0-9a-f]{7}\) -> working tree\nbreaking {5}\/components\/responses\/BadRequest\/content\/application~1json\/examples\/nonExistentWebhook\/value .*\[documented-example-changed\]\n1 breaking, 0 non-breaking\n$/,
    /1 breaking change against HEAD\.\nIf the break is deliberate, add the trailer 'Contract-Break: <reason>'/,
  ],
  [
    'a committed break without the trailer fails',
    () => repo({ spec: specText, message: ['Add spec'] }, { spec: breakIt(specText), message: ['Trim a space'] }),
    ['--base', 'HEAD~1'],
    1,
    /1 breaking, 0 non-breaking\n$/,
    /Contract-Break/,
  ],
  [
    'a committed break with the Contract-Break trailer passes',
    () =>
      repo(
        { spec: specText, message: ['Add spec'] },
        { spec: breakIt(specText), message: ['Trim a space', 'Contract-Break: the vendor page dropped the trailing space'] },
      ),
    ['--base', 'HEAD~1'],
    0,
    /\nallowed by Contract-Break: the vendor page dropped the trailing space \(commit [0-9a-f]{7}\)\n1 breaking, 0 non-breaking\n$/,
    /^$/,
  ],
  [
    'the trailer in an earlier commit of the range counts',
    () =>
      repo(
        { spec: specText, message: ['Add spec'] },
        { spec: breakIt(specText), message: ['Trim a space', 'Contract-Break: vendor fix'] },
        { spec: bumpVersion(breakIt(specText)), message: ['Bump version'] },
      ),
    ['--base', 'HEAD~2'],
    0,
    /allowed by Contract-Break: vendor fix/,
    /^$/,
  ],
  [
    'a trailer outside the range does not count',
    () =>
      repo({ spec: specText, message: ['Add spec', 'Contract-Break: long ago'] }, { spec: breakIt(specText), message: ['Trim a space'] }),
    ['--base', 'HEAD~1'],
    1,
    /1 breaking, 0 non-breaking\n$/,
    /Contract-Break/,
  ],
  [
    '--allow-breaking lets a local break pass',
    () => {
      const dir = repo({ spec: specText, message: ['Add spec'] });
      writeSpec(dir, breakIt(specText));
      return dir;
    },
    ['--base', 'HEAD', '--allow-breaking'],
    0,
    /\nallowed by --allow-breaking\n1 breaking, 0 non-breaking\n$/,
    /^$/,
  ],
  [
    '--head compares two commits, not the working tree',
    () => {
      const dir = repo({ spec: specText, message: ['Add spec'] }, { spec: breakIt(specText), message: ['Trim a space'] });
      writeSpec(dir, specText);
      return dir;
    },
    ['--base', 'HEAD~1', '--head', 'HEAD'],
    1,
    /-> HEAD \([0-9a-f]{7}\)\n.*\n1 breaking, 0 non-breaking\n$/,
    /Contract-Break/,
  ],
  [
    'the spec absent at the base ref (first commit) is not a break',
    () => repo({ spec: null, message: ['Start'] }, { spec: specText, message: ['Add spec'] }),
    ['--base', 'HEAD~1'],
    0,
    /^openapi\/webhooks\.yaml does not exist at HEAD~1 \([0-9a-f]{7}\): it was added since, so there is nothing to compare and nothing can break\.\n0 breaking, 0 non-breaking\n$/,
    /^$/,
  ],
  [
    'a spec that git ignores (the package copy under node_modules) is a usage error with the fix',
    () => {
      const dir = repo({ spec: null, message: ['Start'] }, { spec: null, message: ['More'] });
      fs.writeFileSync(path.join(dir, '.gitignore'), 'node_modules\n');
      git(dir, 'add', '.gitignore');
      git(dir, 'commit', '-q', '-m', 'Ignore node_modules');
      const copy = path.join(dir, 'node_modules', 'ism-webhook-contract', 'openapi');
      fs.mkdirSync(copy, { recursive: true });
      fs.writeFileSync(path.join(copy, 'webhooks.yaml'), specText);
      return dir;
    },
    ['--base', 'HEAD~1', '--spec', 'node_modules/ism-webhook-contract/openapi/webhooks.yaml'],
    2,
    /^$/,
    /^ism-webhooks contract-diff: node_modules\/ism-webhook-contract\/openapi\/webhooks\.yaml is not tracked in this git repository at HEAD .*\nCommit your own copy of the spec/,
  ],
  [
    'a spec written but never committed is a usage error too',
    () => {
      const dir = repo({ spec: null, message: ['Start'] }, { spec: null, message: ['More'] });
      writeSpec(dir, specText);
      return dir;
    },
    ['--base', 'HEAD~1'],
    2,
    /^$/,
    /openapi\/webhooks\.yaml is not tracked in this git repository at HEAD/,
  ],
  [
    'an unknown ref is a usage error naming it',
    () => repo({ spec: specText, message: ['Add spec'] }),
    ['--base', 'no-such-branch'],
    2,
    /^$/,
    /^ism-webhooks contract-diff: unknown git ref 'no-such-branch': no commit by that name in this clone\nName a commit, branch or tag that exists/,
  ],
  [
    'HEAD~1 on the first commit is an unknown ref',
    () => repo({ spec: specText, message: ['Add spec'] }),
    ['--base', 'HEAD~1'],
    2,
    /^$/,
    /unknown git ref 'HEAD~1'.*\n.*depth 2 or more/,
  ],
  [
    'a spec file that does not exist',
    () => repo({ spec: specText, message: ['Add spec'] }),
    ['--base', 'HEAD', '--spec', 'openapi/missing.yaml'],
    2,
    /^$/,
    /spec not found: .*openapi\/missing\.yaml\nPass --spec/,
  ],
  [
    'a head that is not YAML',
    () => {
      const dir = repo({ spec: specText, message: ['Add spec'] });
      writeSpec(dir, 'openapi: [unclosed\n');
      return dir;
    },
    ['--base', 'HEAD'],
    2,
    /^$/,
    /openapi\/webhooks\.yaml \(working tree\) is not valid YAML/,
  ],
])('%s', async (_name, setup, args, code, stdout, stderr) => {
  const result = await run(setup(), args);
  expect(result.out).toMatch(stdout);
  expect(result.err).toMatch(stderr);
  expect(result.code).toBe(code);
});

test('--spec relative to the working folder, in a subfolder of the repository', async () => {
  const dir = repo({ spec: specText, message: ['Add spec'] });
  writeSpec(dir, breakIt(specText));
  const io = captureIo();
  const code = await createContractDiffCommand({ root: '/nonexistent', cwd: path.join(dir, 'openapi') }).run(
    ['--base', 'HEAD', '--spec', 'webhooks.yaml'],
    io,
  );
  expect(code).toBe(1);
  expect(io.out()).toMatch(/^openapi\/webhooks\.yaml: HEAD/);
});

test('--json prints one object with every change', async () => {
  const dir = repo({ spec: specText, message: ['Add spec'] });
  writeSpec(dir, bumpVersion(breakIt(specText)));
  const result = await run(dir, ['--base', 'HEAD', '--json']);
  expect(result.code).toBe(1);
  const report = JSON.parse(result.out) as Record<string, unknown>;
  expect(report).toMatchObject({
    spec: 'openapi/webhooks.yaml',
    head: 'working tree',
    breaking: 1,
    nonBreaking: 1,
    passed: false,
    allowedBy: [],
  });
  expect(report.changes).toEqual([
    expect.objectContaining({ rule: 'documented-example-changed', severity: 'breaking' }),
    expect.objectContaining({ rule: 'other-change', severity: 'non-breaking', location: '/info/version' }),
  ]);
});

const tempIsInsideACheckout = spawnSync('git', ['rev-parse'], { cwd: os.tmpdir() }).status === 0;
(tempIsInsideACheckout ? test.skip : test)('a folder that is not a git checkout is a usage error', async () => {
  const dir = tempFolder();
  fs.mkdirSync(path.join(dir, 'openapi'));
  writeSpec(dir, specText);
  const result = await run(dir, ['--base', 'HEAD~1']);
  expect(result.code).toBe(2);
  expect(result.err).toMatch(/contract-diff: .*contract-diff-\w+\/openapi is not inside a git checkout .*\nPass --spec PATH/);
});

test.each<[string, string[], RegExp]>([
  ['without --base', [], /--base REF is required/],
  ['with an option as the ref', ['--base', '--json'], /--base must name a git ref|--base/],
  ['with an unknown flag', ['--base', 'HEAD', '--frob'], /--frob/],
])('a bad command line throws a UsageError %s', async (_name, args, message) => {
  await expect(createContractDiffCommand({ root: tempFolder() }).run(args, captureIo())).rejects.toThrow(UsageError);
  await expect(createContractDiffCommand({ root: tempFolder() }).run(args, captureIo())).rejects.toThrow(message);
});

test('the CLI lists contract-diff and runs its --help', async () => {
  const help = captureIo();
  expect(await main(['--help'], help)).toBe(0);
  expect(help.out()).toMatch(/contract-diff +compare the spec/);
  const io = captureIo();
  expect(await main(['contract-diff', '--help'], io)).toBe(0);
  expect(io.out()).toMatch(/^Usage: ism-webhooks contract-diff --base REF/);
});
