// `npm run lint:spec` drops Redocly CLI's Node.js 20 end-of-life box and keeps everything else.
// (That the spec lints is `npm run lint:spec` itself, the first step of `npm test`: not run again here.)
const { withoutEndOfLifeBox } = require('../../scripts/lint-spec.js') as { withoutEndOfLifeBox: (text: string) => string };

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
