/**
 * JSON Schema (2020-12) of a tenant file such as fixtures/tenant.yaml, checked with ajv on load
 * (src/data-file renders its errors). Each `description` is the fix for a wrong value; a
 * pattern's `$comment` says what it requires. Cross-references (duplicates, Actions that exist,
 * matching formats) are checked after it, in tenant-file.ts.
 */
import { faultRuleSchema } from '../faults/fault-rule';

const name = { type: 'string', minLength: 1, maxLength: 200, description: 'give it a name of 1 to 200 characters' } as const;
const format = { enum: ['json', 'xml'] } as const;
/** Lists and mappings are capped: a tenant file describes a test tenant, not a production one. */
const maxItems = 1_000;

export const tenantFileSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  description: 'write a mapping with apiKeys, webhooks and actions (see fixtures/tenant.yaml)',
  additionalProperties: false,
  required: ['apiKeys', 'webhooks', 'actions'],
  properties: {
    name,
    apiKeys: {
      type: 'array',
      maxItems,
      description: `list at most ${maxItems} REST API keys`,
      items: {
        type: 'object',
        description: 'write a key as { name, referenceId, activated }',
        additionalProperties: false,
        required: ['name', 'referenceId', 'activated'],
        properties: {
          name,
          referenceId: {
            type: 'string',
            writeOnly: true,
            pattern: '^[A-Za-z0-9]{16,128}$',
            $comment: "16 to 128 letters or digits (the key's Reference ID)",
            description: "use the key's Reference ID",
          },
          activated: { type: 'boolean', description: 'write true for an Activated key, false for a deactivated one' },
        },
      },
    },
    webhooks: {
      type: 'array',
      maxItems,
      description: `list at most ${maxItems} webhooks`,
      items: {
        type: 'object',
        description: 'write a webhook as { extension, active, format, action }',
        additionalProperties: false,
        required: ['extension', 'active', 'format', 'action'],
        properties: {
          extension: { type: 'string', minLength: 1, maxLength: 256, description: 'give the endpoint extension, 1 to 256 characters' },
          active: { type: 'boolean', description: 'write true or false' },
          format,
          action: name,
        },
      },
    },
    actions: {
      type: 'array',
      maxItems,
      description: `list at most ${maxItems} Actions`,
      items: {
        type: 'object',
        description: 'write an Action as { name, webhookBody, insert }',
        additionalProperties: false,
        required: ['name', 'webhookBody', 'insert'],
        properties: {
          name,
          webhookBody: format,
          insert: {
            type: 'object',
            description: 'write insert: { businessObject, fields }',
            additionalProperties: false,
            required: ['businessObject', 'fields'],
            properties: {
              businessObject: {
                type: 'string',
                pattern: '^[A-Za-z][A-Za-z0-9_]*$',
                $comment: 'a business object name such as Incident (letters, digits, underscores)',
                description: 'correct the business object name',
              },
              fields: {
                type: 'object',
                maxProperties: maxItems,
                description: `map at most ${maxItems} fields, each to a JSON pointer or an XML path`,
                additionalProperties: { type: 'string', description: 'write the path as text' },
              },
            },
          },
        },
      },
    },
    faults: {
      type: 'array',
      maxItems,
      description: `list at most ${maxItems} fault rules (see docs/mock.md, "Test your own caller")`,
      items: faultRuleSchema,
    },
    limits: {
      type: 'object',
      description: 'write limits: { executions, records }',
      additionalProperties: false,
      properties: {
        executions: { type: 'integer', minimum: 1, maximum: 1_000_000, description: 'keep from 1 to 1,000,000 executions' },
        records: { type: 'integer', minimum: 1, maximum: 1_000_000, description: 'keep from 1 to 1,000,000 records' },
      },
    },
  },
} as const;
