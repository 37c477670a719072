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

/** Every .ts file below a folder. */
const sources = (folder: string): string[] =>
  fs
    .readdirSync(path.join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => path.join(folder, file));

/** An import or require of a module path whose text matches `target`, in any of the forms the sources use. */
const importing = (target: string): RegExp => new RegExp(`(from |import\\(|require\\()'${target}`);

// Layers one way (issue 20): the library (src/) knows neither the suite nor the command line; the
// suite (conformance/) sits on the library; the command line (cli/) sits on top of both.
test.each([
  // The core decides every answer and runs where there is no Node (a browser, with MSW).
  ['src/core', 'Node modules', /from '(node:[\w/]+|fs|path|http|net|stream|buffer)'|require\(/],
  ['src', 'the suite or the command line', importing('(\\.\\./)+(conformance|cli)\\b')],
  ['conformance', 'the command line', importing('(\\.\\./)+cli\\b')],
])('no file under %s imports %s', (folder, _what, forbidden) => {
  const offending = sources(folder).filter((file) => forbidden.test(fs.readFileSync(path.join(root, file), 'utf8')));
  expect(offending).toEqual([]);
});

// One default tenant file path (issue 20): the library's defaultTenantFile, which the suite and the
// command line use too; no second copy of where the bundled tenant lives.
test('the path of the bundled tenant file is written once, in src/tenant/default-tenant.ts', () => {
  const spelled = /'fixtures',\s*'tenant\.yaml'|'fixtures\/tenant\.yaml'/;
  const writers = ['src', 'conformance', 'cli']
    .flatMap(sources)
    .filter((file) => spelled.test(fs.readFileSync(path.join(root, file), 'utf8')));
  expect(writers).toEqual([path.join('src', 'tenant', 'default-tenant.ts')]);
});
