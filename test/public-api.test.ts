/**
 * The library's public runtime names, listed (issue 20; Hono's src/index.ts): each is a promise to
 * users, so adding or removing one is a decision this list records. Read from the built package
 * entry (dist/src/index.js), as a consumer loads it.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');

test('src/index.ts exports these runtime names, and no others', () => {
  const names = execFileSync(process.execPath, ['-e', "console.log(JSON.stringify(Object.keys(require('./dist/src/index.js')).sort()))"], {
    cwd: root,
    encoding: 'utf8',
  });
  expect(JSON.parse(names)).toEqual([
    'TenantFileError',
    'createTenant',
    'createTenantFetch',
    'createTenantServer',
    'defaultTenantFile',
    'formatProblems',
    'keyHint',
    'loadContract',
    'loadTenantFile',
    'parseBasePath',
    'parseTenantText',
  ]);
});

/** Every .ts file below a folder, but the command line's (src/cli sits above the library and the suite). */
const sources = (folder: string): string[] =>
  fs
    .readdirSync(path.join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.startsWith(`cli${path.sep}`))
    .map((file) => path.join(folder, file));

test.each([
  // The core decides every answer and runs where there is no Node (a browser, with MSW).
  ['src/core', /from '(node:[\w/]+|fs|path|http|net|stream|buffer)'|require\(/],
  // The library never imports the suite nor the command line (layers one way).
  ['src', /from '(\.\.\/)+(conformance|cli)\b|from '\.\/cli\//],
])('no file under %s imports what it must not', (folder, forbidden) => {
  const offending = sources(folder).filter((file) => forbidden.test(fs.readFileSync(path.join(root, file), 'utf8')));
  expect(offending).toEqual([]);
});
