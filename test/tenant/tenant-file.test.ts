import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { defaultTenantFile, formatProblems, loadTenantFile, parseTenantText } from '../../src/tenant';
import { tenantFileSchema } from '../../src/tenant/tenant-schema';

const fixture = fs.readFileSync(defaultTenantFile(), 'utf8');
const base = () => parseTenantText(fixture, 'tenant.yaml');

test('the default tenant loads, with the keys and webhooks the vendor page needs', () => {
  const result = base();
  expect(result.ok).toBe(true);
  if (!result.ok) return;
  expect(result.config.webhooks.map((webhook) => [webhook.extension, webhook.active, webhook.format])).toEqual(
    expect.arrayContaining([
      ['MyTestWebhook', true, 'json'],
      ['NonExistentWebhook', false, 'json'],
      ['MyXmlWebhook', true, 'xml'],
    ]),
  );
  expect(result.config.apiKeys.map((key) => [key.referenceId, key.activated])).toEqual([
    ['A1B2C3D4E5F60718293A4B5C6D7E8F90', true],
    ['0F9E8D7C6B5A49382716051F2E3D4C5B', false],
  ]);
  expect(result.config.limits).toEqual({ executions: 1000, records: 1000 });
});

/** Applies a change to the parsed default tenant and renders it back to YAML. */
// biome-ignore lint/suspicious/noExplicitAny: the cases reach into the tenant freely to break it
function variant(change: (tenant: Record<string, any>) => void): string {
  const result = base();
  if (!result.ok) throw new Error('fixture');
  // biome-ignore lint/suspicious/noExplicitAny: as above
  const tenant = structuredClone(result.config) as unknown as Record<string, any>;
  change(tenant);
  return stringify(tenant);
}

test.each([
  ['bad YAML', 'apiKeys: [\n  - name: a\nwebhooks: {', 'YAML syntax error', 'correct the YAML'],
  ['a duplicate YAML key', 'name: a\nname: b\napiKeys: []\nwebhooks: []\nactions: []\n', 'YAML syntax error', 'duplicate key'],
  [
    'not a mapping',
    '- 1\n- 2\n',
    'bad-tenant.yaml:1:1: must be a mapping, got a list',
    'write a mapping with apiKeys, webhooks and actions',
  ],
  [
    'an unknown top-level field',
    variant((t) => (t.webhook = [])),
    "unknown field 'webhook'",
    'use one of: name, apiKeys, webhooks, actions, faults, limits',
  ],
  [
    'an unknown webhook field',
    variant((t) => (t.webhooks[0].extention = 'x')),
    "webhooks[0].extention: unknown field 'extention'",
    'remove it',
  ],
  ['a missing field', variant((t) => delete t.webhooks[1].format), "webhooks[1]: missing field 'format'", "add 'format'"],
  [
    'a wrong type',
    variant((t) => (t.apiKeys[0].activated = 'yes')),
    'apiKeys[0].activated: must be true or false, got string "yes"',
    'write true for an Activated key',
  ],
  ['a format that is not json or xml', variant((t) => (t.webhooks[0].format = 'csv')), 'webhooks[0].format', 'use one of: json, xml'],
  [
    'a key written as a number',
    variant((t) => (t.apiKeys[0].referenceId = 1234567890123456)),
    'apiKeys[0].referenceId: must be a string, got a value that is hidden here',
    "use the key's Reference ID",
  ],
  [
    'a malformed key',
    variant((t) => (t.apiKeys[0].referenceId = 'short')),
    'apiKeys[0].referenceId: must be 16 to 128 letters or digits',
    "use the key's Reference ID",
  ],
  [
    'a duplicate extension',
    variant((t) => (t.webhooks[1].extension = 'MyTestWebhook')),
    "webhooks[1].extension: duplicate extension 'MyTestWebhook' (also at webhooks[0])",
    'unique extension',
  ],
  [
    'a duplicate key',
    variant((t) => (t.apiKeys[1].referenceId = t.apiKeys[0].referenceId)),
    'apiKeys[1].referenceId: duplicate referenceId …8F90 (also at apiKeys[0])',
    'its own Reference ID',
  ],
  [
    'a missing Action',
    variant((t) => (t.webhooks[0].action = 'Nope')),
    "webhooks[0].action: no Action named 'Nope'",
    "use one of the Actions under actions: ('Create Incident from JSON'",
  ],
  [
    'a format the Action cannot read',
    variant((t) => (t.webhooks[0].format = 'xml')),
    "webhooks[0].format: the webhook's format is xml but its Action",
    'the same',
  ],
  [
    'a JSON mapping that is not a pointer',
    variant((t) => (t.actions[0].insert.fields.Subject = 'Subject')),
    "actions[0].insert.fields.Subject: 'Subject' is not a JSON pointer",
    "start it with '/'",
  ],
  [
    'a key in the wrong field',
    variant((t) => (t.apiKeys[0].activated = t.apiKeys[0].referenceId)),
    'apiKeys[0].activated: must be true or false, got string "…8F90"',
    'write true for an Activated key',
  ],
  ['a key written as a field name', variant((t) => (t[t.apiKeys[1].referenceId] = 1)), "unknown field '…4C5B'", 'remove it'],
  [
    'a limit of zero',
    variant((t) => (t.limits.executions = 0)),
    'limits.executions: must be a whole number from 1 to 1,000,000, got number 0',
    'keep from 1 to 1,000,000 executions',
  ],
])('%s is refused with the place and the fix', (_label, text, message, fix) => {
  const result = parseTenantText(text, 'bad-tenant.yaml');
  expect(result.ok).toBe(false);
  if (result.ok) return;
  const report = formatProblems(result.problems);
  expect(report).toContain('bad-tenant.yaml:');
  expect(report).toContain(message);
  expect(report).toContain(`fix: `);
  expect(report).toContain(fix);
  expect(report).not.toContain('0F9E8D7C6B5A49382716051F2E3D4C5B');
  expect(report).not.toContain('A1B2C3D4E5F60718293A4B5C6D7E8F90');
  expect(report).not.toMatch(/1234567890123456/);
});

test('a problem carries the line and column of its place', () => {
  const text = fixture.replace('extension: MyXmlWebhook', 'extension: MyTestWebhook');
  const result = parseTenantText(text, 't.yaml');
  expect(result.ok).toBe(false);
  if (result.ok) return;
  const line =
    text
      .split('\n')
      .findIndex(
        (l, i, all) => l.includes('extension: MyTestWebhook') && all.slice(0, i).some((p) => p.includes('extension: MyTestWebhook')),
      ) + 1;
  expect(result.problems[0]).toMatchObject({ file: 't.yaml', line, where: 'webhooks[1].extension' });
});

test('a missing file is a problem, not a throw', () => {
  const result = loadTenantFile(path.join(__dirname, 'no-such-tenant.yaml'));
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(formatProblems(result.problems)).toContain('cannot read the tenant file (ENOENT)');
});

test('the tenant file schema is itself a valid JSON Schema 2020-12 (ajv meta-schema)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { default: Ajv2020 } = require('ajv/dist/2020') as typeof import('ajv/dist/2020');
  const ajv = new Ajv2020({ strict: true });
  expect(ajv.validateSchema(tenantFileSchema)).toBe(true);
});
