import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { runChecks } from '../../conformance';
import { at, executePath, isObject, loadContract, otherMethodsKey, packageRoot } from '../../src/contract';
import { createTenantFetch } from '../../src/fetch';
import { examplesOf, responsesOf } from '../helpers/spec-walk';
import { keys } from '../helpers/tenant';

const root = packageRoot();
const contract = loadContract();
const { spec } = contract;

interface DocumentedBody {
  name: string;
  status: number;
  body: string;
}
const documented = (
  JSON.parse(fs.readFileSync(path.join(root, 'fixtures/vendor/documented-bodies.json'), 'utf8')) as {
    bodies: DocumentedBody[];
  }
).bodies;
const examples = examplesOf(spec);

describe('the spec', () => {
  test('it is OpenAPI 3.1.0 with a tenantUrl server variable and the /HEAT note', () => {
    expect(spec.document.openapi).toBe('3.1.0');
    const server = at(spec, 'servers', '0');
    expect(isObject(server) && server.url).toBe('{tenantUrl}');
    expect(JSON.stringify(server)).toContain('/HEAT');
  });
});

describe('the documented bodies (copied once from the vendor page) are in the spec byte-exact', () => {
  test('the fixture holds five bodies, each equal to a JSON block of the vendor page copy', () => {
    const page = fs.readFileSync(path.join(root, 'fixtures/vendor/execute-endpoint.txt'), 'utf8');
    const blocks = (page.match(/\{[^{}]*\}/g) ?? []).flatMap((block) => {
      try {
        return [JSON.stringify(JSON.parse(block))];
      } catch {
        return [];
      }
    });
    expect(documented).toHaveLength(5);
    expect(blocks.sort()).toEqual(documented.map((row) => row.body).sort());
  });

  test.each(documented.map((row) => [row.name, row] as const))('%s', (name, row) => {
    const found = examples.filter((example) => example.name === name);
    expect(found.length).toBeGreaterThan(0);
    for (const example of found) {
      expect(JSON.stringify(example.example.value)).toBe(row.body);
      expect(Number(example.status)).toBe(row.status);
      expect(example.example['x-provenance']).toBe('documented');
    }
    expect(contract.catalogue.answers.get(name)?.body).toBe(row.body);
  });

  test('the missing-extension example comes first among the 400 examples (Prism answers a failed validation with it)', () => {
    const first = examples.find((example) => example.method === 'post' && example.status === '400');
    expect(first?.name).toBe('missingExtension');
  });
});

describe('every example validates against its schema (ajv, JSON Schema 2020-12)', () => {
  test.each(examples.map((example) => [`${example.method} ${example.status} ${example.name}`, example] as const))(
    '%s',
    (_label, example) => {
      const result = contract.validators.response(
        example.method,
        Number(example.status),
        example.mediaType,
        example.example.value,
        example.path,
      );
      expect(result).toEqual({ valid: true });
    },
  );

  test.each([
    ['a 400 body with an extra member', 'SystemError', { ErrorCode: 'X', Message: 'Y', Extra: 1 }],
    ['a 400 body without Message', 'SystemError', { ErrorCode: 'X' }],
    ['a 401 body in the PascalCase envelope', 'AuthError', { ErrorCode: 'X', Message: 'Y' }],
    ['a 401 body with a numeric code', 'AuthError', { code: 4001, description: '', message: '', help: '' }],
  ])('the validators reject %s', (_label, schema, value) => {
    expect(contract.validators.schema(schema, value).valid).toBe(false);
  });

  test.each(requestExamples().map((row) => [`${row.name} as ${row.mediaType}`, row] as const))(
    'the request body example %s validates against its schema',
    (_label, row) => {
      expect(contract.validators.schema(row.mediaType === 'application/json' ? 'JsonWebhookBody' : 'XmlWebhookBody', row.body)).toEqual({
        valid: true,
      });
    },
  );
});

/** Every named request body example, with the extension example of the same name (the pairing the spec states). */
function requestExamples(): { name: string; mediaType: string; extension: string; body: unknown }[] {
  const content = at(spec, 'paths', executePath, 'post', 'requestBody', 'content');
  return Object.keys(isObject(content) ? content : {}).flatMap((mediaType) => {
    const examples = at(spec, 'paths', executePath, 'post', 'requestBody', 'content', mediaType, 'examples');
    return Object.keys(isObject(examples) ? examples : {}).map((name) => {
      const extension = at(spec, 'components', 'parameters', 'Extension', 'examples', name, 'value');
      const body = at(spec, 'paths', executePath, 'post', 'requestBody', 'content', mediaType, 'examples', name, 'value');
      return { name, mediaType, extension: String(extension), body };
    });
  });
}

/** The reference tenant in-process, answering as the suite reads answers. */
const tenantFetch = createTenantFetch();
async function send(extension: string, mediaType: string, body: unknown) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const response = await tenantFetch(
    new Request(`https://tenant.example.test${executePath}?extension=${encodeURIComponent(extension)}`, {
      method: 'POST',
      headers: { Authorization: keys.header, 'Content-Type': mediaType },
      body: text,
    }),
  );
  return {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    body: Buffer.from(await response.arrayBuffer()),
    durationMs: 0,
  };
}

/** What the suite expects of an answer the spec names, exactly (the reference profile). */
function expecting(name: 'executed' | 'formatMismatch') {
  const answer = contract.catalogue.get(name);
  return {
    status: answer.status,
    body: { kind: 'exact' as const, candidates: [{ label: `the spec's example ${name}`, text: answer.body }] },
    mediaTypes: contract.catalogue.mediaTypes.get(answer.status) ?? [],
    headers: answer.headers,
    envelope: true,
    runsAction: answer.status === 200,
    basis: 'the spec, exactly',
  };
}

describe('every request the spec offers as an example is one the reference tenant accepts, as the suite judges it', () => {
  const rows = requestExamples();

  test('there is a JSON and an XML example, each paired by name with an extension example', () => {
    expect(rows.map((row) => `${row.name} ${row.mediaType} ${row.extension}`).sort()).toEqual([
      'jsonWebhook application/json MyTestWebhook',
      'xmlWebhook application/xml MyXmlWebhook',
      'xmlWebhook text/xml MyXmlWebhook',
    ]);
    const extensionExamples = at(spec, 'components', 'parameters', 'Extension', 'examples');
    expect(Object.keys(isObject(extensionExamples) ? extensionExamples : {}).sort()).toEqual(['jsonWebhook', 'xmlWebhook']);
  });

  test.each(rows.map((row) => [`${row.name} as ${row.mediaType} to ${row.extension}`, row] as const))(
    '%s: 200 executed, no check fails',
    async (_label, row) => {
      const response = await send(row.extension, row.mediaType, row.body);
      const failures = runChecks({ method: 'POST', response, expectation: expecting('executed'), contract, secrets: [], actionRuns: 1 });
      expect(failures).toEqual([]);
    },
  );

  // Why the pairing matters: a body sent to the other webhook is the 400 the spec names for it.
  test.each(rows.map((row) => [row.name, row.mediaType, row] as const))(
    'the %s body as %s sent to the other webhook is formatMismatch',
    async (_name, _mediaType, row) => {
      const other = rows.find((each) => each.name !== row.name)?.extension as string;
      const response = await send(other, row.mediaType, row.body);
      const failures = runChecks({
        method: 'POST',
        response,
        expectation: expecting('formatMismatch'),
        contract,
        secrets: [],
        actionRuns: 0,
      });
      expect(failures).toEqual([]);
    },
  );

  // What a generative tester does with the schema: any JsonWebhookBody, paired as the spec says, executes.
  test('any object the JsonWebhookBody schema allows (fast-check, fixed seed) executes on the JSON webhook', async () => {
    await fc.assert(
      fc.asyncProperty(fc.object({ maxDepth: 3 }), async (value) => {
        expect(contract.validators.schema('JsonWebhookBody', value)).toEqual({ valid: true });
        const response = await send('MyTestWebhook', 'application/json', value);
        expect(runChecks({ method: 'POST', response, expectation: expecting('executed'), contract, secrets: [], actionRuns: 1 })).toEqual(
          [],
        );
      }),
      { numRuns: 200, seed: 21 },
    );
  });

  test('the spec states the per-webhook format where tools read it (x-body-format)', () => {
    const format = at(spec, 'paths', executePath, 'post', 'requestBody', 'x-body-format');
    expect(format).toEqual({
      chosenBy: 'webhook',
      json: ['application/json'],
      xml: ['application/xml', 'text/xml'],
      otherwise: 'formatMismatch',
    });
    expect(contract.catalogue.answers.has('formatMismatch')).toBe(true);
  });
});

describe('XmlWebhookBody is constrained as far as a schema can: the tenant and the schema agree on what is not XML', () => {
  test.each([
    ['an element', '<a/>', true],
    ['a declaration, then an element', '<?xml version="1.0"?><a>1</a>', true],
    ['a byte order mark and blanks around the document', '\uFEFF \n<a>1</a>\r\n', true],
    ['plain text', 'Printer on floor 3', false],
    ['a JSON object', '{"Subject":"x"}', false],
    ['an empty text', '', false],
    ['blanks only', ' \n', false],
    ['text before the element', 'x<a/>', false],
  ])('%s: schema valid %s, and the XML webhook accepts it exactly then', async (_label, text, valid) => {
    expect(contract.validators.schema('XmlWebhookBody', text).valid).toBe(valid);
    const response = await send('MyXmlWebhook', 'application/xml', text);
    expect(response.status === 200).toBe(valid);
  });

  // The reference tenant accepts this one today (its XML check allows text after the root): the schema is right.
  test('the schema refuses text after the root element', () => {
    expect(contract.validators.schema('XmlWebhookBody', '<a/>x').valid).toBe(false);
  });
});

describe('every behaviour carries provenance', () => {
  test.each(responsesOf(spec).map((row) => [`${row.method} ${row.status}`, row] as const))('response %s', (_label, row) => {
    expect(row.status === '429' ? ['simulated'] : ['documented', 'inferred']).toContain(row.response['x-provenance']);
    expect(typeof row.response['x-source']).toBe('string');
  });

  test.each(examples.map((example) => [`${example.status} ${example.name}`, example] as const))('example %s', (_label, example) => {
    expect(example.status === '429' ? ['simulated'] : ['documented', 'inferred']).toContain(example.example['x-provenance']);
    expect(String(example.example['x-source']).length).toBeGreaterThan(0);
  });

  test('only the five vendor bodies are documented among the Execute path error examples', () => {
    const documentedErrors = examples
      .filter((example) => example.path === executePath && example.status !== '200' && example.example['x-provenance'] === 'documented')
      .map((example) => example.name)
      .sort();
    expect(documentedErrors).toEqual(documented.map((row) => row.name).sort());
  });
});

describe('the contract the code reads', () => {
  test('the body limit comes from x-max-characters', () => {
    expect(contract.maxCharacters).toBe(100_000);
  });

  test('the extension is a required query parameter described as case-sensitive', () => {
    const parameter = at(spec, 'components', 'parameters', 'Extension');
    expect(isObject(parameter) && parameter.required).toBe(true);
    expect(JSON.stringify(parameter)).toMatch(/case-sensitive/i);
  });

  test('the security scheme is an apiKey in Authorization with the rest_api_key= form', () => {
    const scheme = at(spec, 'components', 'securitySchemes', 'restApiKey');
    expect(scheme).toMatchObject({ type: 'apiKey', in: 'header', name: 'Authorization' });
    expect(isObject(scheme) && String(scheme.description)).toContain('rest_api_key=<Reference ID>');
  });

  test.each([
    ['SystemError', ['ErrorCode', 'Message']],
    ['AuthError', ['code', 'description', 'message', 'help']],
  ])('the %s envelope is closed (additionalProperties: false)', (name, required) => {
    const schema = at(spec, 'components', 'schemas', name);
    expect(schema).toMatchObject({ type: 'object', additionalProperties: false, required });
  });

  test('the 405 answer carries Allow: POST', () => {
    expect(contract.catalogue.get('methodNotAllowed').headers).toEqual({ Allow: 'POST' });
  });

  test('POST is the one operation; the method rule is the path extension x-other-methods, with the 405 (decision 25)', () => {
    const item = at(spec, 'paths', executePath);
    const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace', 'query'];
    expect(Object.keys(isObject(item) ? item : {}).filter((key) => methods.includes(key))).toEqual(['post']);
    const rule = at(spec, 'paths', executePath, otherMethodsKey, 'responses');
    expect(Object.keys(isObject(rule) ? rule : {})).toEqual(['405']);
    expect(contract.catalogue.get('methodNotAllowed').status).toBe(405);
  });

  test.each(['GET', 'HEAD', 'TRACE', 'QUERY', 'PUT'])('a %s 405 body validates against the method rule', (method) => {
    expect(contract.validators.response(method, 405, 'application/json', contract.catalogue.get('methodNotAllowed').value)).toEqual({
      valid: true,
    });
  });
});

describe('the decisions the spec and the scenarios cite are in docs/decisions.md', () => {
  const decisions = new Set(
    [...fs.readFileSync(path.join(root, 'docs/decisions.md'), 'utf8').matchAll(/^## (\d+)\. /gm)].map((match) => match[1]),
  );
  const scenarioSources = fs
    .readdirSync(path.join(root, 'fixtures/scenarios'))
    .map((name) => fs.readFileSync(path.join(root, 'fixtures/scenarios', name), 'utf8'));
  const cited = [fs.readFileSync(path.join(root, 'openapi/webhooks.yaml'), 'utf8'), ...scenarioSources].flatMap((text) =>
    [...text.matchAll(/docs\/decisions\.md(?:, decision | #)(\d+)(?: and #(\d+))?/g)].flatMap((match) =>
      [match[1], match[2]].filter((n) => n !== undefined),
    ),
  );

  test('some are cited, and the spec cites them in a form YAML keeps (no " #")', () => {
    expect(cited.length).toBeGreaterThan(20);
    expect(fs.readFileSync(path.join(root, 'openapi/webhooks.yaml'), 'utf8')).not.toMatch(/x-source: [^'"\n]* #/);
  });

  test.each([...new Set(cited)].sort())('decision %s exists', (number) => {
    expect(decisions.has(number)).toBe(true);
  });
});
