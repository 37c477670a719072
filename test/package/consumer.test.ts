/**
 * The package as a consumer gets it: `npm pack`, the tarball installed into a fresh project (from
 * the npm cache when it holds everything), strict TypeScript against the declarations, and the CLI
 * and the library run from there. One pack and one install serve every case.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { docExample, exportedNames, git, npm, run, type Run } from './consumer-project';

const root = path.resolve(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  version: string;
  files: string[];
  exports: Record<string, unknown>;
  devDependencies: Record<string, string>;
};

/** Every entry of the exports map but ./package.json, with names it must export. A new entry needs a row. */
const entries = [
  { subpath: '.', names: ['createTenantServer', 'createTenantFetch', 'loadContract', 'createTenant', 'loadTenantFile'] },
  { subpath: './conformance', names: ['conform', 'probe', 'loadScenarios'] },
  { subpath: './msw', names: ['createTenantHandlers'] },
];
/** The TypeScript examples of the guides, one per way in, each read from the file it lives in and written to NAME.ts and NAME.mts in the consumer. */
const examples = [
  { file: 'docs/library.md', heading: '## Use it as a library', name: 'library' },
  { file: 'docs/library.md', heading: '## Call it in-process: the fetch handler', name: 'fetch-handler' },
  { file: 'docs/library.md', heading: '## Mock it with MSW', name: 'msw' },
  { file: 'docs/library.md', heading: '## Generated clients: openapi-fetch, and tools that read OpenAPI 3.0', name: 'openapi-fetch' },
];
/** vitest and its DOM environments, as a consumer testing in node, jsdom or happy-dom installs them. */
const vitestPackages = ['vitest', 'vite', 'jsdom', 'happy-dom'];
/** What a consumer project compiles besides the examples: `entries` imports every entry. */
const consumerFiles = ['tsconfig.commonjs.json', 'tsconfig.nodenext.json', 'entries.ts'];

let project: string;
let packed: Run;
let tarballName: string;
let tarballFiles: string[];
let install: Run;
const typeChecks = new Map<string, Run>();
const installed = (...parts: string[]): string => path.join(project, 'node_modules', 'ism-webhook-contract', ...parts);
const cli = (...args: string[]): Promise<Run> => run(process.execPath, [installed('dist/cli/index.js'), ...args], project);

beforeAll(async () => {
  // A stale dist/ would make `npm pack` rebuild it under the feet of the other test files.
  const built = await run(process.execPath, [path.join(root, 'scripts/build.js'), '--check'], root);
  if (built.code !== 0) throw new Error(`${built.stderr}(npm test builds before it tests)`);
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'ism-consumer-'));
  packed = await npm(['pack', '--json', '--pack-destination', project], root);
  expect(packed.code === 0 ? 0 : packed.stderr).toBe(0);
  const [{ filename, files }] = JSON.parse(packed.stdout) as [{ filename: string; files: { path: string }[] }];
  tarballFiles = files.map((file) => file.path);
  tarballName = filename;

  // msw's own install script (it copies its browser worker) is not needed by a Node test.
  fs.writeFileSync(
    path.join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, allowScripts: { msw: false } }),
  );
  for (const file of consumerFiles) fs.copyFileSync(path.join(__dirname, 'consumer', file), path.join(project, file));
  fs.copyFileSync(path.join(project, 'entries.ts'), path.join(project, 'entries.mts'));
  for (const { file, heading, name } of examples) {
    const example = docExample(root, file, heading);
    for (const extension of ['ts', 'mts']) fs.writeFileSync(path.join(project, `${name}.${extension}`), example);
  }

  fs.copyFileSync(path.join(__dirname, 'consumer', 'environments.vitest.mts'), path.join(project, 'environments.test.mts'));
  const devPins = ['typescript', '@types/node', 'msw', 'openapi-fetch', ...vitestPackages].map(
    (name) => `${name}@${pkg.devDependencies[name]}`,
  );
  install = await npm(['install', '--prefer-offline', '--no-audit', '--no-fund', path.join(project, filename), ...devPins], project);
  expect(install.code === 0 ? 0 : install.stderr).toBe(0);

  const tsc = path.join(project, 'node_modules/typescript/bin/tsc');
  const checks = ['commonjs', 'nodenext'].map(async (name) => {
    typeChecks.set(name, await run(process.execPath, [tsc, '-p', `tsconfig.${name}.json`], project));
  });
  await Promise.all(checks);
}, 300_000);

afterAll(() => {
  if (project) fs.rmSync(project, { recursive: true, force: true });
});

describe('the tarball', () => {
  test('holds what the files list names, and nothing else: no source maps, no sources, no tests', () => {
    const always = ['package.json', 'README.md', 'LICENSE'];
    const stray = tarballFiles.filter(
      (file) => !always.includes(file) && !pkg.files.some((entry) => file === entry || (entry.endsWith('/') && file.startsWith(entry))),
    );
    expect(stray).toEqual([]);
    expect(tarballFiles.filter((file) => file.endsWith('.map') || (file.endsWith('.ts') && !file.endsWith('.d.ts')))).toEqual([]);
    expect(pkg.files.filter((entry) => !tarballFiles.some((file) => file === entry || file.startsWith(entry)))).toEqual([]);
    expect(tarballFiles).toEqual(expect.arrayContaining([...always, 'dist/src/generated/api.d.ts']));
  });

  test('npm pack packs dist/ as built: prepack finds it up to date and leaves prepare out', () => {
    expect(packed.stderr).toContain('build: dist/ is up to date');
    expect(packed.stderr).toContain('pack-manifest.js strip');
    expect(fs.existsSync(path.join(root, '.package.json.prepack'))).toBe(false); // postpack put package.json back
  });

  test('installs without an install script to approve: no prepare in its package.json, no warning', () => {
    const manifest = JSON.parse(fs.readFileSync(installed('package.json'), 'utf8')) as { scripts?: Record<string, string> };
    expect(manifest.scripts?.prepare).toBeUndefined();
    expect(`${install.stdout}${install.stderr}`).not.toMatch(/install-scripts|allowScripts/);
  });

  test('leaves Prism out (an optional peer): mock names the one command that installs it, exit 2', async () => {
    expect(fs.existsSync(path.join(project, 'node_modules/@stoplight/prism-cli'))).toBe(false);
    const mock = await cli('mock', '--port', '0');
    expect(mock.code).toBe(2);
    expect(mock.stderr).toBe(
      'ism-webhooks mock: Prism is not installed (an optional peer dependency, needed by mock only): npm install --save-dev "@stoplight/prism-cli@^5.14.2"\n',
    );
  });

  test.each(['github-actions.yml', 'gitlab-ci.yml'])(
    'examples/ci/%s installs the tarball npm pack makes (the package is not on the registry)',
    (example) => {
      const text = fs.readFileSync(installed('examples/ci', example), 'utf8');
      const installs = [...text.matchAll(/^\s*-(?: run:)? npm install (.*)$/gm)].map((match) => match[1]);
      expect(installs.length).toBeGreaterThan(0);
      expect(installs).toEqual(installs.map(() => `--no-save ./vendor/${tarballName}`));
    },
  );
});

describe('strict TypeScript in the consumer, without skipLibCheck', () => {
  test.each(['commonjs', 'nodenext'])('module %s compiles the examples of the guides and every entry', (name) => {
    const check = typeChecks.get(name);
    expect(`${check?.stdout}${check?.stderr}`).toBe('');
    expect(check?.code).toBe(0);
  });
});

describe('the library from the consumer', () => {
  test.each(examples.flatMap(({ name }) => [`out/${name}.js`, `out/${name}.mjs`]))(
    'the example, compiled to %s, prints what its comments say',
    async (file) => {
      const example = fs.readFileSync(path.join(project, `${path.basename(file).replace(/\.m?js$/, '')}.ts`), 'utf8');
      const promised = [...example.matchAll(/console\.log\(.*\); \/\/ (.*)$/gm)].map((match) => match[1]);
      const ran = await run(process.execPath, [file], project);
      expect(ran.stderr).toBe('');
      expect(ran.stdout.trimEnd().split('\n')).toEqual(promised);
      expect(promised.length).toBeGreaterThan(0);
    },
  );

  test('every entry of the exports map has a row in this test', () => {
    expect(
      Object.keys(pkg.exports)
        .filter((subpath) => subpath !== './package.json')
        .sort(),
    ).toEqual(entries.map((entry) => entry.subpath).sort());
  });

  test.each(entries)('$subpath: require() and import() give the same names, among them the documented ones', async ({ subpath, names }) => {
    const specifier = path.posix.join('ism-webhook-contract', subpath);
    const required = await exportedNames(project, specifier, 'require');
    const imported = await exportedNames(project, specifier, 'import');
    expect(imported).toEqual(required);
    expect(required).toEqual(expect.arrayContaining(names));
  });

  test('./msw under the browser condition (a bundler for browsers) resolves to the browser entry, in the package', async () => {
    const resolve = "console.log(import.meta.resolve('ism-webhook-contract/msw'))";
    const ran = await run(process.execPath, ['--conditions=browser', '--input-type=module', '-e', resolve], project);
    expect(ran.stderr).toBe('');
    const file = fileURLToPath(ran.stdout.trim());
    expect(path.relative(installed(), file)).toBe(path.join('dist', 'src', 'msw', 'browser.mjs'));
    expect(fs.existsSync(file)).toBe(true);
    expect(fs.existsSync(file.replace(/browser\.mjs$/, 'browser-data.mjs'))).toBe(true);
  });

  test('./msw under the browser condition answers from the installed package, through msw getResponse', async () => {
    const script = `import { createTenantHandlers } from 'ism-webhook-contract/msw';
      import { getResponse } from 'msw';
      const { handlers, tenant } = createTenantHandlers({ tenantUrl: 'https://your-tenant.example.com' });
      const request = new Request('https://your-tenant.example.com/api/rest/Webhooks/Execute?extension=MyTestWebhook', {
        method: 'POST',
        headers: { Authorization: 'rest_api_key=A1B2C3D4E5F60718293A4B5C6D7E8F90', 'Content-Type': 'application/json' },
        body: '{"Subject":"from a browser bundle"}',
      });
      const response = await getResponse(handlers, request);
      console.log(response.status, await response.text(), tenant.executions().length);`;
    const ran = await run(process.execPath, ['--conditions=browser', '--input-type=module', '-e', script], project);
    expect(ran.stderr).toBe('');
    expect(ran.stdout).toBe('200 {"status":"executed"} 1\n');
  });

  test('files inside the package are closed to imports; package.json is open', async () => {
    const deep = await run(process.execPath, ['-e', "require('ism-webhook-contract/dist/src/index.js')"], project);
    expect(deep.stderr).toContain('ERR_PACKAGE_PATH_NOT_EXPORTED');
    const version = await run(process.execPath, ['-p', "require('ism-webhook-contract/package.json').version"], project);
    expect(version.stdout.trim()).toBe(pkg.version);
  });
});

describe('the CLI from the consumer', () => {
  const readmeCommands = docExample(root, 'README.md', '### Use it from the command line', 'sh')
    .trimEnd()
    .split('\n')
    .map((line) => {
      const [command = '', comment = ''] = line.split(/\s+#\s+/);
      return {
        line,
        args: command
          .replace(/^npx ism-webhooks /, '')
          .trim()
          .split(/\s+/),
        said: /"(.*)"/.exec(comment)?.[1],
      };
    });
  test.each(readmeCommands)('the README: $line', async ({ args, said }) => {
    const ran = await run(path.join(project, 'node_modules/.bin/ism-webhooks'), args, project);
    expect(ran.code === 0 ? 0 : ran).toBe(0);
    if (said !== undefined) expect(ran.stdout).toContain(said);
  });

  test.each([
    { args: ['--version'], code: 0, output: new RegExp(`^${pkg.version.replace(/\./g, '\\.')}\\n$`) },
    { args: ['--help'], code: 0, output: /^Usage: ism-webhooks <command>/ },
  ])('ism-webhooks $args exits $code', async ({ args, code, output }) => {
    const ran = await run(path.join(project, 'node_modules/.bin/ism-webhooks'), args, project);
    expect(ran.stdout).toMatch(output);
    expect(ran.code).toBe(code);
  });

  test('every file the README links and the --help texts name is in the package', async () => {
    const readme = fs.readFileSync(installed('README.md'), 'utf8');
    const linked = [...readme.matchAll(/\]\(((?:docs|examples|fixtures|openapi)\/[^)#\s]+)/g)].map((match) => match[1] as string);
    const help = (await cli('--help')).stdout;
    const commands = [...help.matchAll(/^ {2}([a-z][a-z-]+) {2,}/gm)].map((match) => match[1] as string);
    expect(commands.length).toBeGreaterThan(3);
    const helpTexts = await Promise.all(commands.map(async (command) => (await cli(command, '--help')).stdout));
    const named = helpTexts.flatMap((text) =>
      [...text.matchAll(/\b((?:docs|examples|fixtures|openapi)\/[\w./-]*\w)/g)].map((match) => match[1] as string),
    );
    const missing = [...new Set([...linked, ...named])].filter((file) => !fs.existsSync(installed(file)));
    expect(missing).toEqual([]);
    expect(named.length).toBeGreaterThan(0);
  });

  test.each([
    { change: 'none', edit: (spec: string) => spec, code: 0 },
    {
      change: 'a documented body changed',
      edit: (spec: string) => spec.replace("This webhook extension doesn't exist.", 'Gone.'),
      code: 1,
    },
  ])('contract-diff --spec on the consumer’s own copy of the spec: change $change exits $code', async ({ edit, code }) => {
    const repo = fs.mkdtempSync(path.join(project, 'spec-repo-'));
    const spec = path.join(repo, 'webhooks.yaml');
    const original = fs.readFileSync(installed('openapi/webhooks.yaml'), 'utf8');
    fs.writeFileSync(spec, original);
    await git(repo, ['init', '-q']);
    await git(repo, ['add', 'webhooks.yaml']);
    await git(repo, ['commit', '-q', '-m', 'spec']);
    fs.writeFileSync(spec, edit(original));
    const ran = await run(
      path.join(project, 'node_modules/.bin/ism-webhooks'),
      ['contract-diff', '--spec', 'webhooks.yaml', '--base', 'HEAD'],
      repo,
    );
    expect(ran.code === code ? code : ran).toBe(code);
  });

  test('contract-diff without --spec in a consumer repository (node_modules ignored) stops with exit 2 and the fix', async () => {
    fs.writeFileSync(path.join(project, '.gitignore'), 'node_modules/\n');
    await git(project, ['init', '-q']);
    await git(project, ['add', '.gitignore']);
    await git(project, ['commit', '-q', '-m', 'start']);
    await git(project, ['commit', '-q', '--allow-empty', '-m', 'next']);
    const ran = await run(path.join(project, 'node_modules/.bin/ism-webhooks'), ['contract-diff', '--base', 'HEAD~1'], project);
    expect(ran.stderr).toMatch(/node_modules\/ism-webhook-contract\/openapi\/webhooks\.yaml is not tracked in this git repository at HEAD/);
    expect(ran.stderr).toMatch(/--spec openapi\/webhooks\.yaml/);
    expect(ran.stdout).toBe('');
    expect(ran.code).toBe(2);
  });
});

describe('vitest in the consumer', () => {
  // A realm's typed arrays are not another's: under jsdom, request.body's chunks failed `instanceof Uint8Array`.
  test.each(['node', 'jsdom', 'happy-dom'])('the fetch handler and the MSW handlers answer in the %s environment', async (environment) => {
    const vitest = await run(
      process.execPath,
      [path.join(project, 'node_modules/vitest/vitest.mjs'), 'run', '--environment', environment, '--reporter=json'],
      project,
    );
    const results = JSON.parse(vitest.stdout) as {
      numPassedTests: number;
      testResults: { assertionResults: { failureMessages: string[] }[] }[];
    };
    expect(results.testResults.flatMap((file) => file.assertionResults.flatMap((each) => each.failureMessages))).toEqual([]);
    expect(results.numPassedTests).toBe(2);
    expect(vitest.code).toBe(0);
  });
});
