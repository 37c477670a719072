import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main';
import { formatProblems, maxProblemsPerFile, parseYaml, readDataFile } from '../../src/data-file';
import { maxNestingDepth } from '../../src/data-file/nesting-depth';
import { loadTenantFile, tenantFileRules } from '../../src/tenant/tenant-file';
import { captureIo } from '../helpers/cli-io';

// The one loader of data files (tenant file, scenarios, tenant profiles): it reads only small
// regular files, reports every syntax error once at its line and column, and never throws.
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'data-file-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const write = (name: string, content: string | Buffer): string => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
};

const aliasBomb = [
  'a: &a ["x","x","x","x","x","x","x","x","x"]',
  ...'bcdefghi'.split('').map(
    (name, i) =>
      `${name}: &${name} [${Array(9)
        .fill(`*${String.fromCharCode(97 + i)}`)
        .join(',')}]`,
  ),
  'apiKeys: *i',
  'webhooks: []',
  'actions: []',
].join('\n');

const files: [string, () => string, RegExp][] = [
  [
    'a FIFO (would wait for a writer for ever)',
    () => {
      const fifo = path.join(dir, 'tenant.fifo');
      if (!fs.existsSync(fifo)) execFileSync('mkfifo', [fifo]);
      return fifo;
    },
    /tenant\.fifo: the tenant file is a FIFO, not a regular file\n {2}fix: check the path given to --tenant/,
  ],
  ['a device that never ends', () => '/dev/zero', /\/dev\/zero: the tenant file is a device, not a regular file/],
  ['a folder', () => dir, /: the tenant file is a folder, not a regular file/],
  ['a missing file', () => path.join(dir, 'nope.yaml'), /nope\.yaml: cannot read the tenant file \(ENOENT\)/],
  [
    'a file over the size cap',
    () => write('big.yaml', `# ${'x'.repeat(tenantFileRules.maxBytes)}\n`),
    /big\.yaml: the tenant file is larger than 1,048,576 bytes\n {2}fix: keep the tenant file under/,
  ],
  [
    'bytes that are not UTF-8',
    () => write('latin1.yaml', Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xe9, 0x0a])),
    /latin1\.yaml: the tenant file is not UTF-8 text\n {2}fix: save it as UTF-8/,
  ],
  [
    'a YAML alias bomb',
    () => write('bomb.yaml', aliasBomb),
    /bomb\.yaml:2:\d+: uses more than 100 YAML aliases.*\n {2}fix: write the values out/,
  ],
  [
    'tab indentation',
    () => write('tabs.yaml', 'apiKeys:\n\t- name: a\n\t  referenceId: x\nwebhooks: []\n'),
    /^tabs\.yaml:2:1: YAML syntax error: Tabs are not allowed as indentation\n {2}fix: indent with spaces.*\n.*tabs\.yaml:3:1: /m,
  ],
  [
    'a key split over two lines',
    () => write('implicit.yaml', 'apiKeys:\n  - name: a\n    referenceId x\n    activated: true\nwebhooks: []\nactions: []\n'),
    /^implicit\.yaml:3:5: YAML syntax error: Implicit keys need to be on a single line\n {2}fix: write 'key: value' on one line/m,
  ],
];

test.each(files)('the tenant file is refused, never read or waited for: %s', (_label, make, want) => {
  const result = loadTenantFile(make());
  expect(result.ok).toBe(false);
  if (!result.ok) expect(formatProblems(result.problems, dir)).toMatch(want);
});

test.each(files)('serve exits 2 with the file, the place and a fix: %s', async (_label, make, want) => {
  const io = captureIo();
  expect(await main(['serve', '--port', '0', '--tenant', make()], io)).toBe(2);
  expect(io.err()).toMatch(/^ism-webhooks serve: the tenant file does not load:\n/);
  expect(io.err().split(`${dir}${path.sep}`).join('')).toMatch(want);
  expect(io.out()).not.toMatch(/listening/);
});

test('each syntax error is reported once, and a long list is cut to a screenful', () => {
  const text = `apiKeys:\n${'\t- x\n'.repeat(50)}`;
  const result = parseYaml(text, 'many.yaml');
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.problems).toHaveLength(maxProblemsPerFile + 1);
  expect(new Set(result.problems.map((problem) => problem.line)).size).toBe(maxProblemsPerFile + 1);
  expect(result.problems.at(-1)).toMatchObject({ message: `and ${50 - maxProblemsPerFile} more problems` });
});

test('duplicate keys are found in one pass over a large mapping, at the line of the second key', () => {
  const count = 20_000;
  const lines = Array.from({ length: count }, (_, i) => `  F${i}: /x`);
  const result = parseYaml(`fields:\n${lines.join('\n')}\n  F7: /again\n`, 'wide.yaml');
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.problems).toEqual([
    expect.objectContaining({ line: count + 2, column: 3, message: "YAML syntax error: duplicate key 'F7'" }),
  ]);
  const clean = parseYaml(`fields:\n${lines.join('\n')}\n`, 'wide.yaml');
  expect(clean.ok && Object.keys((clean.value.data as { fields: object }).fields)).toHaveLength(count);
});

test('a field mapping over the count cap is refused with its place', () => {
  const fields = Array.from({ length: 1_001 }, (_, i) => `        F${i}: /x`).join('\n');
  const text = fs
    .readFileSync(path.join(__dirname, '../../fixtures/tenant.yaml'), 'utf8')
    .replace(/ {6}fields:\n/, `      fields:\n${fields}\n`);
  const file = write('wide-tenant.yaml', text);
  const result = loadTenantFile(file);
  expect(result.ok ? '' : formatProblems(result.problems, dir)).toMatch(
    /^wide-tenant\.yaml:\d+:\d+: actions\[0\]\.insert\.fields: must NOT have more than 1000 properties\n {2}fix: map at most 1000 fields/,
  );
});

test('readDataFile reads a small regular file as text', () => {
  const file = write('ok.yaml', 'name: é\n');
  expect(readDataFile(file, tenantFileRules)).toEqual({ ok: true, value: 'name: é\n' });
});

describe('nesting is bounded before the recursive stage of the YAML parser', () => {
  // Each once overflowed yaml's composer; a second such document then killed the process (issue 19).
  const flowDepth = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
  const blockDepth = (depth: number) => `${'- '.repeat(depth)}x\n`;
  const indentDepth = (depth: number) => `${Array.from({ length: depth }, (_, i) => `${' '.repeat(i)}a:`).join('\n')} 1\n`;
  test.each([
    ['flow sequences, depth 1,000', flowDepth(1000), 1, maxNestingDepth + 1],
    ['flow mappings, depth 10,000', `${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}`, 1, 4 * maxNestingDepth + 1],
    ['compact block sequences, depth 5,000', blockDepth(5000), 1, 2 * maxNestingDepth + 1],
    ['indented mappings, depth 300', indentDepth(300), maxNestingDepth + 1, maxNestingDepth + 1],
    ['deep inside a tenant file', `name: t\nwebhooks:\n  - extension: X\n    x: ${flowDepth(40)}\n`, 4, 8 + maxNestingDepth - 3],
  ])('%s: a problem at its line and column, three times over, and the loader still works', (_label, text, line, column) => {
    for (let i = 0; i < 3; i++) {
      const result = parseYaml(text, 'deep.yaml');
      expect(result).toEqual({
        ok: false,
        problems: [
          {
            file: 'deep.yaml',
            line,
            column,
            where: '',
            message: `nested deeper than ${maxNestingDepth} levels`,
            fix: `keep lists and mappings within ${maxNestingDepth} levels`,
          },
        ],
      });
    }
    expect(parseYaml('a: [1, [2]]\n', 'ok.yaml')).toMatchObject({ ok: true, value: { data: { a: [1, [2]] } } });
  });

  test.each([
    ['flow', flowDepth(maxNestingDepth)],
    ['block', blockDepth(maxNestingDepth)],
    ['indented', indentDepth(maxNestingDepth)],
  ])('%s nesting of exactly the bound loads', (_label, text) => {
    expect(parseYaml(text, 'edge.yaml').ok).toBe(true);
  });
});
