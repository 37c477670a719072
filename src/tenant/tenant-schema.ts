/**
 * JSON Schema (2020-12) of a tenant file such as fixtures/tenant.yaml. Checked with ajv on load;
 * cross-references (duplicates, Actions that exist, matching formats) are checked after it, in
 * tenant-file.ts.
 */
const name = { type: 'string', minLength: 1, maxLength: 200 } as const;
const format = { enum: ['json', 'xml'] } as const;

export const tenantFileSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  additionalProperties: false,
  required: ['apiKeys', 'webhooks', 'actions'],
  properties: {
    name,
    apiKeys: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'referenceId', 'activated'],
        properties: {
          name,
          referenceId: { type: 'string', pattern: '^[A-Za-z0-9]{16,128}$' },
          activated: { type: 'boolean' },
        },
      },
    },
    webhooks: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['extension', 'active', 'format', 'action'],
        properties: {
          extension: { type: 'string', minLength: 1, maxLength: 256 },
          active: { type: 'boolean' },
          format,
          action: name,
        },
      },
    },
    actions: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'webhookBody', 'insert'],
        properties: {
          name,
          webhookBody: format,
          insert: {
            type: 'object',
            additionalProperties: false,
            required: ['businessObject', 'fields'],
            properties: {
              businessObject: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]*$' },
              fields: { type: 'object', additionalProperties: { type: 'string' } },
            },
          },
        },
      },
    },
    limits: {
      type: 'object',
      additionalProperties: false,
      properties: {
        executions: { type: 'integer', minimum: 1, maximum: 1_000_000 },
        records: { type: 'integer', minimum: 1, maximum: 1_000_000 },
      },
    },
  },
} as const;

/** What to do about a schema error, by ajv keyword. */
export const schemaFixes: Readonly<Record<string, string>> = {
  additionalProperties: 'remove it, or correct its spelling',
  required: 'add it',
  type: 'give it a value of that type',
  enum: 'use one of the allowed values',
  pattern: 'correct the value',
  minLength: 'give it a value',
  maxLength: 'shorten it',
  minimum: 'use a larger number',
  maximum: 'use a smaller number',
};

/** Friendlier wording for a failed `pattern`, by the field it applies to. */
export const patternMeaning: Readonly<Record<string, string>> = {
  referenceId: 'must be 16 to 128 letters or digits (the key\'s Reference ID)',
  businessObject: 'must be a business object name such as Incident (letters, digits, underscores)',
};
