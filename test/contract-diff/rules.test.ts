import { diffSpecs, type Change } from '../../src/contract-diff';
import { pointer, type JsonObject } from '../../src/contract/spec';
import { badRequestExamples, currentSpec, execute, get, remove, set } from './spec-edit';

/**
 * Each row: a mutation of a deep copy of the current spec as head (and optionally another of the
 * base: the spec as it might have been), and the rule it must trigger.
 */
type Edit = (document: JsonObject) => void;
type Row = [name: string, edits: { head: Edit; base?: Edit }, rule: string, severity: Change['severity']];

const post = `${execute}/post`;
const unauthorized = '/components/responses/Unauthorized/content/application~1json';
const allowHeader = `${execute}/x-other-methods/responses/405/headers/Allow`;
const extension = '/components/parameters/Extension';
const body = '/components/requestBodies/WebhookBody';

const breaking: Row[] = [
  ['a response removed', { head: (d) => remove(d, `${post}/responses/401`) }, 'response-removed', 'breaking'],
  ['an operation removed', { base: (d) => set(d, `${execute}/get`, get(d, post)), head: () => {} }, 'operation-removed', 'breaking'],
  ['a path removed', { head: (d) => remove(d, execute) }, 'path-removed', 'breaking'],
  ['an operationId renamed', { head: (d) => set(d, `${post}/operationId`, 'runWebhook') }, 'operation-id-changed', 'breaking'],
  ['a named example removed', { head: (d) => remove(d, `${badRequestExamples}/bodyTooLong`) }, 'example-removed', 'breaking'],
  ['an inferred example removed', { head: (d) => remove(d, `${badRequestExamples}/invalidXml`) }, 'example-removed', 'breaking'],
  [
    'a documented body changed',
    { head: (d) => set(d, `${badRequestExamples}/bodyTooLong/value/ErrorCode`, 'SystemException') },
    'documented-example-changed',
    'breaking',
  ],
  [
    'a documented body with its trailing space removed',
    {
      head: (d) =>
        set(d, `${badRequestExamples}/nonExistentWebhook/value/Message`, 'Unhandled system exception: Invalid Webhook Extension Provided.'),
    },
    'documented-example-changed',
    'breaking',
  ],
  [
    'a documented body with its keys reordered (bytes differ)',
    {
      head: (d) =>
        set(d, `${unauthorized}/examples/invalidApiKey/value`, {
          description: 'Invalid Session key or Authentication token',
          code: 'ISM_4001',
          message: '',
          help: '',
        }),
    },
    'documented-example-changed',
    'breaking',
  ],
  [
    'a documented body changed and relabelled inferred in the same edit',
    {
      head: (d) => {
        set(d, `${badRequestExamples}/bodyTooLong/value/Message`, 'Body too long');
        set(d, `${badRequestExamples}/bodyTooLong/x-provenance`, 'inferred');
      },
    },
    'documented-example-changed',
    'breaking',
  ],
  [
    'a documented example downgraded to inferred',
    { head: (d) => set(d, `${badRequestExamples}/bodyTooLong/x-provenance`, 'inferred') },
    'provenance-downgraded',
    'breaking',
  ],
  ['a parameter removed', { head: (d) => set(d, `${post}/parameters`, []) }, 'parameter-removed', 'breaking'],
  [
    'a new required parameter',
    { head: (d) => set(d, `${post}/parameters/1`, { name: 'tenant', in: 'query', required: true, schema: { type: 'string' } }) },
    'required-parameter-added',
    'breaking',
  ],
  [
    'a parameter made required',
    { base: (d) => set(d, `${extension}/required`, false), head: () => undefined },
    'parameter-became-required',
    'breaking',
  ],
  ['a parameter maxLength added', { head: (d) => set(d, `${extension}/schema/maxLength`, 64) }, 'contract-changed', 'breaking'],
  ['a parameter minLength raised', { head: (d) => set(d, `${extension}/schema/minLength`, 3) }, 'contract-changed', 'breaking'],
  [
    'a parameter maxLength lowered',
    { base: (d) => set(d, `${extension}/schema/maxLength`, 200), head: (d) => set(d, `${extension}/schema/maxLength`, 100) },
    'contract-changed',
    'breaking',
  ],
  ['a parameter enum introduced', { head: (d) => set(d, `${extension}/schema/enum`, ['MyTestWebhook']) }, 'contract-changed', 'breaking'],
  [
    'a parameter enum value removed',
    { base: (d) => set(d, `${extension}/schema/enum`, ['A', 'B']), head: (d) => set(d, `${extension}/schema/enum`, ['A']) },
    'contract-changed',
    'breaking',
  ],
  ['a parameter pattern added', { head: (d) => set(d, `${extension}/schema/pattern`, '^[A-Za-z]+$') }, 'contract-changed', 'breaking'],
  ['a parameter type changed', { head: (d) => set(d, `${extension}/schema/type`, 'integer') }, 'contract-changed', 'breaking'],
  [
    'a request type narrowed',
    { base: (d) => set(d, '/components/schemas/XmlWebhookBody/type', ['string', 'null']), head: () => undefined },
    'contract-changed',
    'breaking',
  ],
  [
    'a request object closed (additionalProperties false)',
    { head: (d) => set(d, '/components/schemas/JsonWebhookBody/additionalProperties', false) },
    'contract-changed',
    'breaking',
  ],
  [
    'a request property made required',
    { head: (d) => set(d, '/components/schemas/JsonWebhookBody/required', ['Subject']) },
    'contract-changed',
    'breaking',
  ],
  [
    'a request schema given an allOf',
    { head: (d) => set(d, '/components/schemas/JsonWebhookBody/allOf', [{ minProperties: 1 }]) },
    'contract-changed',
    'breaking',
  ],
  ['a request date format added', { head: (d) => set(d, `${extension}/schema/format`, 'date') }, 'contract-changed', 'breaking'],
  [
    'a declared property removed from a closed request object',
    {
      base: (d) => {
        set(d, '/components/schemas/JsonWebhookBody/additionalProperties', false);
        set(d, '/components/schemas/JsonWebhookBody/properties', { Subject: { type: 'string' } });
      },
      head: (d) => set(d, '/components/schemas/JsonWebhookBody/additionalProperties', false),
    },
    'contract-changed',
    'breaking',
  ],
  [
    'a request property schema tightened',
    { head: (d) => set(d, '/components/schemas/JsonWebhookBody/properties', { Subject: { type: 'string', maxLength: 200 } }) },
    'contract-changed',
    'breaking',
  ],
  ['a request schema made false', { head: (d) => set(d, '/components/schemas/XmlWebhookBody', false) }, 'contract-changed', 'breaking'],
  ['x-max-characters lowered', { head: (d) => set(d, `${body}/x-max-characters`, 50000) }, 'request-max-characters-lowered', 'breaking'],
  ['a request media type removed', { head: (d) => remove(d, `${body}/content/text~1xml`) }, 'request-media-type-removed', 'breaking'],
  ['the request body removed', { head: (d) => remove(d, `${post}/requestBody`) }, 'request-body-removed', 'breaking'],
  [
    'the request body made required',
    { base: (d) => set(d, `${body}/required`, false), head: () => undefined },
    'request-body-became-required',
    'breaking',
  ],
  [
    'security added to an open operation',
    {
      base: (d) => set(d, `${execute}/get`, { ...(get(d, post) as JsonObject), operationId: 'open', security: [] }),
      head: (d) => set(d, `${execute}/get`, { ...(get(d, post) as JsonObject), operationId: 'open', security: [{ restApiKey: [] }] }),
    },
    'security-added',
    'breaking',
  ],
  ['a second scheme required', { head: (d) => set(d, `${post}/security`, [{ restApiKey: [], other: [] }]) }, 'security-added', 'breaking'],
  [
    'the API key header renamed',
    { head: (d) => set(d, '/components/securitySchemes/restApiKey/name', 'X-Api-Key') },
    'security-scheme-changed',
    'breaking',
  ],
  ['a response media type removed', { head: (d) => remove(d, unauthorized) }, 'response-media-type-removed', 'breaking'],
  ['a response header removed', { head: (d) => remove(d, allowHeader) }, 'response-header-removed', 'breaking'],
  ['a response header const removed', { head: (d) => remove(d, `${allowHeader}/schema/const`) }, 'contract-changed', 'breaking'],
  [
    'a response envelope opened',
    { head: (d) => set(d, '/components/schemas/SystemError/additionalProperties', true) },
    'contract-changed',
    'breaking',
  ],
  [
    'a response property no longer required',
    { head: (d) => set(d, '/components/schemas/AuthError/required', ['code', 'description', 'message']) },
    'contract-changed',
    'breaking',
  ],
  [
    'a response property added to a closed envelope',
    { head: (d) => set(d, '/components/schemas/SystemError/properties/Detail', { type: 'string' }) },
    'contract-changed',
    'breaking',
  ],
  [
    'a response property type widened',
    { head: (d) => set(d, '/components/schemas/SystemError/properties/Message/type', ['string', 'null']) },
    'contract-changed',
    'breaking',
  ],
  ['a parameter minLength removed', { head: (d) => remove(d, `${extension}/schema/minLength`) }, 'contract-changed', 'breaking'],
  [
    'a parameter maxLength raised',
    { base: (d) => set(d, `${extension}/schema/maxLength`, 100), head: (d) => set(d, `${extension}/schema/maxLength`, 200) },
    'contract-changed',
    'breaking',
  ],
  [
    'a parameter enum value added',
    { base: (d) => set(d, `${extension}/schema/enum`, ['A']), head: (d) => set(d, `${extension}/schema/enum`, ['A', 'B']) },
    'contract-changed',
    'breaking',
  ],
  [
    'a request object closed made open again',
    { base: (d) => set(d, '/components/schemas/JsonWebhookBody/additionalProperties', false), head: () => undefined },
    'contract-changed',
    'breaking',
  ],
  ['a response schema narrowed', { head: (d) => set(d, '/components/schemas/AnyBody/type', 'object') }, 'contract-changed', 'breaking'],
];

const nonBreaking: Row[] = [
  [
    'an example added',
    {
      head: (d) => set(d, `${badRequestExamples}/tooManyRequests`, { value: { ErrorCode: 'x', Message: 'y' }, 'x-provenance': 'inferred' }),
    },
    'example-added',
    'non-breaking',
  ],
  [
    'a response added',
    { head: (d) => set(d, `${post}/responses/404`, { description: 'Not found', 'x-provenance': 'inferred' }) },
    'response-added',
    'non-breaking',
  ],
  [
    'an operation added',
    { head: (d) => set(d, `${execute}/trace`, { responses: { '204': { description: 'ok' } } }) },
    'operation-added',
    'non-breaking',
  ],
  [
    'a path added',
    { head: (d) => set(d, '/paths/~1api~1rest~1Webhooks~1List', { get: { responses: { '200': { description: 'ok' } } } }) },
    'path-added',
    'non-breaking',
  ],
  [
    'an operation description edited',
    { head: (d) => set(d, `${post}/description`, 'Runs the Action.') },
    'description-changed',
    'non-breaking',
  ],
  [
    'an example summary edited',
    { head: (d) => set(d, `${badRequestExamples}/bodyTooLong/summary`, 'Too long') },
    'description-changed',
    'non-breaking',
  ],
  [
    'a schema description edited',
    { head: (d) => set(d, '/components/schemas/SystemError/properties/Message/description', 'Text.') },
    'description-changed',
    'non-breaking',
  ],
  [
    'an x-source edited',
    { head: (d) => set(d, `${badRequestExamples}/bodyTooLong/x-source`, 'Vendor page, 2025 edition') },
    'source-changed',
    'non-breaking',
  ],
  [
    "an inferred example's message changed (listed, not breaking)",
    { head: (d) => set(d, `${badRequestExamples}/invalidJson/value/Message`, 'Unhandled system exception: The body is not JSON. ') },
    'inferred-example-changed',
    'non-breaking',
  ],
  [
    'an inferred example promoted to documented',
    { head: (d) => set(d, `${badRequestExamples}/invalidJson/x-provenance`, 'documented') },
    'provenance-upgraded',
    'non-breaking',
  ],
  ['x-max-characters raised', { head: (d) => set(d, `${body}/x-max-characters`, 200000) }, 'request-max-characters-raised', 'non-breaking'],
  ['a parameter made optional', { head: (d) => set(d, `${extension}/required`, false) }, 'parameter-became-optional', 'non-breaking'],
  [
    'an optional parameter added',
    { head: (d) => set(d, `${post}/parameters/1`, { name: 'trace', in: 'query', schema: { type: 'string' } }) },
    'parameter-added',
    'non-breaking',
  ],
  [
    'a request media type added',
    { head: (d) => set(d, `${body}/content/text~1plain`, { schema: { type: 'string' } }) },
    'request-media-type-added',
    'non-breaking',
  ],
  ['the request body made optional', { head: (d) => set(d, `${body}/required`, false) }, 'request-body-became-optional', 'non-breaking'],
  [
    'a response media type added',
    { head: (d) => set(d, `${unauthorized.replace('application~1json', 'text~1plain')}`, { schema: { type: 'string' } }) },
    'response-media-type-added',
    'non-breaking',
  ],
  [
    'a response header added',
    { head: (d) => set(d, '/components/responses/BadRequest/headers', { 'X-Request-Id': { schema: { type: 'string' } } }) },
    'response-header-added',
    'non-breaking',
  ],
  ['security dropped from an operation', { head: (d) => set(d, `${post}/security`, []) }, 'security-relaxed', 'non-breaking'],
  [
    'the API key header name in another letter case',
    { head: (d) => set(d, '/components/securitySchemes/restApiKey/name', 'authorization') },
    'other-change',
    'non-breaking',
  ],
  ['the info version bumped (no rule: listed)', { head: (d) => set(d, '/info/version', '1.1.0') }, 'other-change', 'non-breaking'],
  [
    'a request example edited',
    { head: (d) => set(d, `${body}/content/application~1json/examples/jsonWebhook/value/Priority`, '1') },
    'inferred-example-changed',
    'non-breaking',
  ],
];

function run(edits: { head: Edit; base?: Edit }): { base: JsonObject; head: JsonObject; changes: Change[] } {
  const base = currentSpec();
  edits.base?.(base);
  const head = currentSpec();
  edits.head(head);
  return { base, head, changes: diffSpecs(base, head) };
}

test('identical specs: no changes', () => {
  expect(diffSpecs(currentSpec(), currentSpec())).toEqual([]);
});

test.each(breaking)('breaking: %s', (_name, edits, rule, severity) => {
  const { base, head, changes } = run(edits);
  expect(changes).toContainEqual(expect.objectContaining({ rule, severity }));
  expectLocationsExist(changes, base, head);
});

test.each(nonBreaking)('non-breaking: %s', (_name, edits, rule, severity) => {
  const { base, head, changes } = run(edits);
  expect(changes).toContainEqual(expect.objectContaining({ rule, severity }));
  expect(changes.filter((change) => change.severity === 'breaking')).toEqual([]);
  expectLocationsExist(changes, base, head);
});

test('a change in a component shared by several operations is one change, at the component', () => {
  const { changes } = run({
    head: (d) => set(d, '/components/examples/XmlWebhookBody/value', '<Incident/>'),
  });
  expect(changes).toEqual([
    expect.objectContaining({
      rule: 'inferred-example-changed',
      location: '/components/examples/XmlWebhookBody/value',
      message: expect.stringMatching(/^inferred example XmlWebhookBody changed: /) as unknown,
    }),
  ]);
});

test('any other change under components is breaking: the contract is this one spec, and a trailer allows a deliberate change', () => {
  const { changes } = run({ head: (d) => set(d, '/components/schemas/SystemError/additionalProperties', true) });
  expect(changes).toEqual([
    {
      rule: 'contract-changed',
      severity: 'breaking',
      location: '/components/schemas/SystemError/additionalProperties',
      message: 'changed from false to true',
    },
  ]);
});

test('the message shows where a documented body differs, trailing space visible', () => {
  const { changes } = run({
    head: (d) =>
      set(d, `${badRequestExamples}/nonExistentWebhook/value/Message`, 'Unhandled system exception: Invalid Webhook Extension Provided.'),
  });
  expect(changes).toEqual([
    {
      rule: 'documented-example-changed',
      severity: 'breaking',
      location: `${badRequestExamples}/nonExistentWebhook/value`,
      message: expect.stringContaining(
        'Message "Unhandled system exception: Invalid Webhook Extension Provided. " -> "Unhandled system exception: Invalid Webhook Extension Provided."',
      ) as unknown,
    },
  ]);
});

test('in a long documented body the message shows the text around the difference', () => {
  const { changes } = run({
    head: (d) =>
      set(
        d,
        `${badRequestExamples}/bodyTooLong/value/Message`,
        'Unhandled system exception: Request Body must be less than or equal to 100,000 characters.',
      ),
  });
  expect(changes[0]?.message).toMatch(/Message …"or equal to 100,000 characters" -> …"or equal to 100,000 characters\."$/);
});

test('breaking changes are listed before non-breaking ones', () => {
  const { changes } = run({
    head: (d) => {
      set(d, '/info/version', '2.0.0');
      remove(d, `${badRequestExamples}/bodyTooLong`);
    },
  });
  expect(changes.map((change) => change.severity)).toEqual(['breaking', 'non-breaking']);
});

test.each<[string, object, object]>([
  ['empty documents', {}, {}],
  ['paths that are not objects', { paths: 5 }, { paths: { '/x': null } }],
  [
    'a $ref cycle',
    { components: { schemas: { A: { $ref: '#/components/schemas/A' } } }, paths: {} },
    { components: { schemas: { A: { $ref: '#/components/schemas/B' } } } },
  ],
  [
    'a recursive schema',
    {
      paths: {
        '/t': { post: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/T' } } } }, responses: {} } },
      },
      components: { schemas: { T: { type: 'object', properties: { child: { $ref: '#/components/schemas/T' } } } } },
    },
    {
      paths: {
        '/t': { post: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/T' } } } }, responses: {} } },
      },
      components: {
        schemas: { T: { type: 'object', properties: { child: { $ref: '#/components/schemas/T' } }, additionalProperties: false } },
      },
    },
  ],
  ['an external $ref', { paths: { '/x': { $ref: 'other.yaml#/x' } } }, { paths: { '/x': { $ref: 'other.yaml#/y' } } }],
])('odd documents never throw: %s', (_name, base, head) => {
  expect(() => diffSpecs(base, head)).not.toThrow();
});

/** Every location is a JSON pointer into the head document, or into the base for a removal. */
function expectLocationsExist(changes: Change[], base: JsonObject, head: JsonObject): void {
  for (const { location } of changes) {
    const found = location === '' || pointer(head, `#${location}`) !== undefined || pointer(base, `#${location}`) !== undefined;
    expect([location, found]).toEqual([location, true]);
  }
}

test('the helper edits what it says (guards the table itself)', () => {
  const spec = currentSpec();
  expect(get(spec, `${badRequestExamples}/bodyTooLong/x-provenance`)).toBe('documented');
  expect(get(spec, `${badRequestExamples}/invalidJson/x-provenance`)).toBe('inferred');
});
