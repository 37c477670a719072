import { execFile } from 'node:child_process';
import path from 'node:path';

// `npm run lint:spec` drops Redocly CLI's Node.js 20 end-of-life box and keeps everything else.
const { withoutEndOfLifeBox } = require('../../scripts/lint-spec.js') as { withoutEndOfLifeBox: (text: string) => string };
const root = path.resolve(__dirname, '../..');

const box = [
  '',
  '    ╔═════════════════════════════════════════════════════════════════╗',
  '    ║                                                                 ║',
  '    ║  Deprecation warning: Node.js 20 support is ending              ║',
  '    ║  Node.js 20 reached end-of-life on April 30, 2026.              ║',
  '    ╚═════════════════════════════════════════════════════════════════╝',
  '',
  '',
].join('\n');

test.each([
  ['the box before the result', `${box}validating openapi/webhooks.yaml...\nWoohoo!\n`, 'validating openapi/webhooks.yaml...\nWoohoo!\n'],
  [
    'no box: unchanged',
    'validating openapi/webhooks.yaml...\n[1] openapi/webhooks.yaml:3:1 error\n',
    'validating openapi/webhooks.yaml...\n[1] openapi/webhooks.yaml:3:1 error\n',
  ],
  ['another box is kept', '╔═╗\n║ Update available ║\n╚═╝\n', '╔═╗\n║ Update available ║\n╚═╝\n'],
])('%s', (_name, given, want) => {
  expect(withoutEndOfLifeBox(given)).toBe(want);
});

test('the script lints the spec, exit 0, without the box', async () => {
  const run = await new Promise<{ code: number; err: string }>((resolve) => {
    execFile(process.execPath, [path.join(root, 'scripts/lint-spec.js')], { cwd: root }, (error, _out, err) =>
      resolve({ code: error ? Number(error.code) : 0, err }),
    );
  });
  expect(run.err).toContain('openapi/webhooks.yaml: validated');
  expect(run.err).not.toContain('support is ending');
  expect(run.code).toBe(0);
});
