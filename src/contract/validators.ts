import type Ajv2020Type from 'ajv/dist/2020';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import { at, isObject, type Json, type Spec } from './spec';
import { responsesAt } from './catalogue';

/** Result of validating a value against a schema of the spec: a value, never a throw. */
export type Validation = { valid: true } | { valid: false; errors: string[] };

export interface Validators {
  /** Validates a response body against the schema the spec gives for that status and media type (of the Execute path unless another is named). */
  response(method: string, status: number, contentType: string, body: unknown, path?: string): Validation;
  /** Validates a value against a component schema, e.g. `SystemError`. */
  schema(name: string, value: unknown): Validation;
}

const base = 'urn:ism-webhook-contract:schemas';

/**
 * Validators for the spec's schemas, with ajv in the JSON Schema 2020-12 dialect. Ajv is loaded
 * and the schemas compiled on first use, so a server that never validates starts faster.
 */
export function compileValidators(spec: Spec): Validators {
  let instance: Ajv2020Type | undefined;
  const ajvFor = (): Ajv2020Type => (instance ??= createAjv(spec));
  const cache = new Map<string, ValidateFunction>();
  const byName = (name: string): ValidateFunction => {
    let validate = cache.get(name);
    if (!validate) {
      const found = ajvFor().getSchema(`${base}/${name}`);
      if (!found) throw new Error(`${spec.path}: no component schema ${name}`);
      validate = found;
      cache.set(name, validate);
    }
    return validate;
  };
  const run = (validate: ValidateFunction, value: unknown): Validation =>
    validate(value) ? { valid: true } : { valid: false, errors: (validate.errors ?? []).map(describe) };

  return {
    schema: (name, value) => run(byName(name), value),
    response(method, status, contentType, body, path) {
      const responses = path === undefined ? responsesAt(method) : ['paths', path, method.toLowerCase(), 'responses'];
      const schema = at(spec, ...responses, String(status), 'content', contentType, 'schema');
      if (schema === undefined) {
        return { valid: false, errors: [`the spec lists no ${contentType} body for ${method.toUpperCase()} ${status}`] };
      }
      const key = `${responses.join(' ')}:${status}:${contentType}`;
      let validate = cache.get(key);
      if (!validate) {
        validate = ajvFor().compile(rewriteRefs(schema, base) as object);
        cache.set(key, validate);
      }
      return run(validate, body);
    },
  };
}

function createAjv(spec: Spec): Ajv2020Type {
  const { default: Ajv2020 } = require('ajv/dist/2020') as typeof import('ajv/dist/2020');
  // The spec is linted by Redocly; skipping ajv's meta-schema pass keeps compilation cheap.
  const ajv = new Ajv2020({ strict: true, allErrors: true, validateSchema: false });
  ajv.addVocabulary(['x-provenance', 'x-source']);
  const schemas = at(spec, 'components', 'schemas');
  if (isObject(schemas)) {
    // Component schemas refer to each other as '#/components/schemas/X'; register each under an
    // id and rewrite those references so ajv can resolve them.
    for (const [name, schema] of Object.entries(schemas)) {
      ajv.addSchema(rewriteRefs(schema, base) as object, `${base}/${name}`);
    }
  }
  return ajv;
}

function rewriteRefs(node: Json, base: string): Json {
  if (Array.isArray(node)) return node.map((item) => rewriteRefs(item, base));
  if (!isObject(node)) return node;
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] =
      key === '$ref' && typeof value === 'string' && value.startsWith('#/components/schemas/')
        ? `${base}/${value.slice('#/components/schemas/'.length)}`
        : rewriteRefs(value, base);
  }
  return out;
}

function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? 'body' : `body${error.instancePath}`;
  const extra = error.keyword === 'additionalProperties' ? ` (${String(error.params.additionalProperty)})` : '';
  return `${where} ${error.message ?? error.keyword}${extra}`;
}
