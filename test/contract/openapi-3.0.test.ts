import fs from 'node:fs';
import { at, isObject, loadContract, type JsonObject } from '../../src/contract';

// The OpenAPI 3.0.3 rendering (scripts/render-openapi-3.0.js, docs/decisions.md #28): committed,
// drift-checked, saying what the 3.1 source says where 3.0 can, and naming what it cannot.
const { render, renderText, target } = require('../../scripts/render-openapi-3.0.js') as {
  render: (document: JsonObject) => JsonObject;
  renderText: (text: string) => string;
  target: string;
};

const source = loadContract();
const rendered = loadContract(target);

test('the committed rendering is what the source renders to (npm run generate:check)', () => {
  expect(fs.readFileSync(target, 'utf8')).toBe(renderText(fs.readFileSync(source.spec.path, 'utf8')));
});

test('it is OpenAPI 3.0.3, marked generated, and names in its description what 3.0 cannot say', () => {
  expect(rendered.spec.document.openapi).toBe('3.0.3');
  expect(fs.readFileSync(target, 'utf8')).toMatch(/^# GENERATED FILE, DO NOT EDIT\. Source: openapi\/webhooks\.yaml/);
  const description = String(at(rendered.spec, 'info', 'description'));
  expect(description).toContain('What OpenAPI 3.0 cannot say');
  expect(description).toContain('`contentMediaType`');
});

test('every answer the source names is in the rendering, the same bytes and status', () => {
  const strip = (contract: typeof source) =>
    [...contract.catalogue.answers.values()].map(({ name, status, contentType, body, provenance }) => ({
      name,
      status,
      contentType,
      body,
      provenance,
    }));
  expect(strip(rendered)).toEqual(strip(source));
  expect(at(rendered.spec, 'paths', source.catalogue.path, 'x-other-methods', 'responses', '405', 'headers', 'Allow', 'schema')).toEqual({
    type: 'string',
    enum: ['POST'],
  });
});

test('the request examples and the XML pattern survive', () => {
  const xml = at(rendered.spec, 'components', 'schemas', 'XmlWebhookBody');
  expect(isObject(xml) && xml.pattern).toBe(at(source.spec, 'components', 'schemas', 'XmlWebhookBody', 'pattern'));
  expect(rendered.validators.schema('XmlWebhookBody', 'not XML').valid).toBe(false);
  expect(at(rendered.spec, 'components', 'parameters', 'Extension', 'examples', 'xmlWebhook', 'value')).toBe('MyXmlWebhook');
});

const document = (schema: JsonObject, extra: JsonObject = {}): JsonObject => ({
  openapi: '3.1.0',
  info: { title: 't', version: '1', description: 'd' },
  paths: {},
  components: { schemas: { S: schema } },
  ...extra,
});
const schemaOf = (out: JsonObject): unknown => at({ path: 'x', document: out }, 'components', 'schemas', 'S');
const notesOf = (out: JsonObject): string => String(at({ path: 'x', document: out }, 'info', 'description'));

test.each<[string, JsonObject, unknown, string | undefined]>([
  ['const becomes a one-value enum', { type: 'string', const: 'POST' }, { type: 'string', enum: ['POST'] }, undefined],
  ['a nullable type becomes nullable: true', { type: ['string', 'null'] }, { type: 'string', nullable: true }, undefined],
  ['schema examples become one example', { type: 'integer', examples: [3, 4] }, { type: 'integer', example: 3 }, undefined],
  [
    'a numeric exclusiveMinimum becomes minimum with the boolean',
    { type: 'number', exclusiveMinimum: 0 },
    { type: 'number', minimum: 0, exclusiveMinimum: true },
    undefined,
  ],
  [
    'a $ref with siblings is wrapped in allOf (3.0 ignores siblings)',
    { $ref: '#/components/schemas/T', description: 'x' },
    { allOf: [{ $ref: '#/components/schemas/T' }], description: 'x' },
    undefined,
  ],
  [
    'a nested property is rendered too',
    { type: 'object', properties: { a: { const: 1 } } },
    { type: 'object', properties: { a: { enum: [1] } } },
    undefined,
  ],
  [
    'contentMediaType is dropped and noted',
    { type: 'string', contentMediaType: 'application/xml' },
    { type: 'string' },
    '`contentMediaType`',
  ],
  [
    'unevaluatedProperties is dropped and noted',
    { type: 'object', unevaluatedProperties: false },
    { type: 'object' },
    '`unevaluatedProperties`',
  ],
])('%s', (_label, given, want, note) => {
  const out = render(document(given));
  expect(schemaOf(out)).toEqual(want);
  if (note) expect(notesOf(out)).toContain(note);
  else expect(notesOf(out)).toContain('Everything the source says is said here.');
});

test('3.1-only document members: info.summary moves into the description, the license gets its SPDX url, webhooks are left out and noted', () => {
  const out = render(
    document(
      { type: 'string' },
      {
        info: { title: 't', version: '1', summary: 'Short.', description: 'Long.', license: { name: 'MIT', identifier: 'MIT' } },
        webhooks: { ping: {} },
      },
    ),
  );
  expect(at({ path: 'x', document: out }, 'info', 'summary')).toBeUndefined();
  expect(notesOf(out)).toMatch(/^Short\.\n\nLong\./);
  expect(at({ path: 'x', document: out }, 'info', 'license')).toEqual({ name: 'MIT', url: 'https://spdx.org/licenses/MIT.html' });
  expect(out.webhooks).toBeUndefined();
  expect(notesOf(out)).toContain('`webhooks`');
});
