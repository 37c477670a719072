import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../../src/contract/package-root';

// The bin starts wherever Node does: on Alpine, BusyBox's `env` takes no options (no `-S`), so the
// shebang may name `node` and nothing more; `npm start` runs it plainly too. Runs the built bin
// (`npm run build`, part of `npm test`).

const root = packageRoot();
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  bin: Record<string, string>;
  scripts: Record<string, string>;
};
const bin = path.join(root, pkg.bin['ism-webhooks'] as string);

test.each([
  ['the source', path.join(root, 'src/cli/index.ts')],
  ['the built bin', bin],
])('%s starts with `#!/usr/bin/env node` and nothing more', (_name, file) => {
  expect(fs.readFileSync(file, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
});

test('npm start runs the bin with no Node flags', () => {
  expect(pkg.scripts.start).toBe('exec node dist/src/cli/index.js serve');
});

test('the built bin is executable and runs as its own program', async () => {
  fs.accessSync(bin, fs.constants.X_OK);
  const version = await new Promise<string>((resolve, reject) =>
    execFile(bin, ['--version'], (error, stdout) => (error ? reject(error) : resolve(stdout.trim()))),
  );
  expect(version).toMatch(/^\d+\.\d+\.\d+/);
});
