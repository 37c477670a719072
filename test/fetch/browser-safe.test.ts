/**
 * The fetch core runs where there is no Node: loaded and run in a child process that refuses every
 * Node built-in and has no Buffer (test/fetch/helpers/without-node.js), from the built dist/.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { body, defaultTenant, status } from '../helpers/tenant';

const root = path.resolve(__dirname, '../..');
const script = path.join(__dirname, 'helpers/without-node.js');

function runWithoutNode(entry: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script, root, entry, JSON.stringify(defaultTenant())], { timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  // The child loads dist/: it must be what src/ says (npm test builds before it tests).
  const built = await new Promise<number | null>((resolve) =>
    execFile(process.execPath, [path.join(root, 'scripts/build.js'), '--check'], (error) => resolve(error ? 1 : 0)),
  );
  if (built !== 0) throw new Error('dist/ is stale: run npm run build');
}, 60_000);

test('dist/src/fetch/tenant-fetch.js decides JSON, XML, bad bytes, the limit and an OData read with no Node built-in and no Buffer', async () => {
  const ran = await runWithoutNode('dist/src/fetch/tenant-fetch.js');
  expect(ran.stderr).toBe('');
  const lines = ran.stdout
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as unknown);
  expect(lines).toEqual([
    [status('executed'), body('executed')],
    [status('executed'), body('executed')],
    [status('invalidEncoding'), body('invalidEncoding')],
    [status('bodyTooLong'), body('bodyTooLong')],
    2,
    [200, 2],
  ]);
});

test('the guard works: the node:http edge does not load under it', async () => {
  const ran = await runWithoutNode('dist/src/node/create-tenant-server.js');
  expect(ran.stderr).toMatch(/Node built-in 'node:\w+' required by dist\/src\/node\//);
  expect(ran.code).not.toBe(0);
});
