import { groupDigits } from '../number-text';
import { hideKeyLike } from '../redact';
import { pointerTokens } from '../contract/json-pointer';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import { capped, type ParsedYaml } from './data-file';
import { type DataFileProblem, describeValue } from './problems';

/**
 * Schema errors as problems a person can act on. Each field's `description` in the schema is the
 * fix for a wrong value of it (write it as an instruction); a `pattern` field's `$comment` says
 * in words what the pattern requires. Values are never echoed for a pattern (a malformed key is
 * still a key), nor any value of a field marked `writeOnly`.
 */
export function schemaProblems(errors: readonly ErrorObject[], parsed: ParsedYaml): DataFileProblem[] {
  // `if` and `propertyNames` only repeat the error of their inner schema.
  const meaningful = errors.filter((error) => error.keyword !== 'if' && error.keyword !== 'propertyNames');
  return capped(meaningful, (error) => {
    const fieldPath: (string | number)[] = pointerTokens(error.instancePath).map((token) => (/^\d+$/.test(token) ? Number(token) : token));
    if (error.propertyName !== undefined) {
      const key = [...fieldPath, error.propertyName];
      return parsed.problem(
        key,
        `'${hideKeyLike(error.propertyName)}' must be ${(error.parentSchema as { $comment?: string } | undefined)?.$comment ?? 'a valid name'}`,
        String((error.parentSchema as { description?: string } | undefined)?.description ?? 'rename it'),
        'key',
      );
    }
    const schema = (error.parentSchema ?? {}) as {
      description?: string;
      $comment?: string;
      properties?: object;
      minimum?: number;
      maximum?: number;
      type?: string;
    };
    const params = error.params as Record<string, unknown>;
    // A `writeOnly` field (an API key) is never echoed, however malformed.
    const got = (schema as { writeOnly?: boolean }).writeOnly === true ? 'a value that is hidden here' : describeValue(error.data);
    const fix = schema.description ?? 'correct the value';
    switch (error.keyword) {
      case 'additionalProperties': {
        const unknown = String(params.additionalProperty);
        return parsed.problem(
          [...fieldPath, unknown],
          `unknown field '${hideKeyLike(unknown)}'`,
          `remove it, or use one of: ${Object.keys(schema.properties ?? {}).join(', ')}`,
          'key',
        );
      }
      case 'required':
        return parsed.problem(fieldPath, `missing field '${String(params.missingProperty)}'`, `add '${String(params.missingProperty)}'`);
      case 'type':
        return parsed.problem(fieldPath, `must be ${typeNames[String(params.type)] ?? String(params.type)}, got ${got}`, fix);
      case 'enum':
        return parsed.problem(
          fieldPath,
          `must be one of ${(params.allowedValues as unknown[]).join(', ')}, got ${got}`,
          `use one of: ${(params.allowedValues as unknown[]).join(', ')}`,
        );
      case 'minimum':
      case 'maximum':
        return parsed.problem(
          fieldPath,
          `must be ${schema.type === 'integer' ? 'a whole number' : 'a number'} from ${number(schema.minimum, '-∞')} to ${number(schema.maximum, '∞')}, got ${got}`,
          fix,
        );
      case 'pattern':
        return parsed.problem(fieldPath, `must be ${schema.$comment ?? 'in the expected form'}`, fix);
      case 'const':
        return parsed.problem(fieldPath, `must be ${JSON.stringify(params.allowedValue)}, got ${got}`, fix);
      case 'minLength':
        return parsed.problem(fieldPath, 'must not be empty', fix);
      default:
        return parsed.problem(fieldPath, error.message ?? error.keyword, fix);
    }
  });
}

const number = (value: number | undefined, otherwise: string): string => (value === undefined ? otherwise : groupDigits(value));

const typeNames: Readonly<Record<string, string>> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
};

/** Validates parsed data against a compiled schema; the problems, or none. */
export function validateData(validate: ValidateFunction, parsed: ParsedYaml): DataFileProblem[] {
  return validate(parsed.data) ? [] : schemaProblems(validate.errors ?? [], parsed);
}

const compiled = new WeakMap<object, ValidateFunction>();

/** Compiles a data-file schema with the options every data file uses (strict, all errors, verbose), once per schema. */
export function compileDataSchema(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    const { default: Ajv2020 } = require('ajv/dist/2020') as typeof import('ajv/dist/2020');
    validate = new Ajv2020({ ...dataSchemaOptions, validateSchema: false }).compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

export const dataSchemaOptions = { strict: true, allErrors: true, verbose: true } as const;
