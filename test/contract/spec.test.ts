import fs from 'node:fs';
import path from 'node:path';
import { at, executePath, isObject, loadContract, packageRoot } from '../../src/contract';
import { examplesOf, responsesOf } from '../helpers/spec-walk';

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

  test('the request body example validates against JsonWebhookBody', () => {
    const example = at(spec, 'paths', '/api/rest/Webhooks/Execute', 'post', 'requestBody', 'content', 'application/json', 'example');
    expect(contract.validators.schema('JsonWebhookBody', example)).toEqual({ valid: true });
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
