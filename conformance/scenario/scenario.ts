import type { Provenance } from '../../src/contract';

/**
 * A conformance scenario, as read from one file under fixtures/scenarios/. The file's name (without
 * extension) is its ID; it opens with one Given/When/Then sentence (`summary`).
 */
export interface Scenario {
  readonly id: string;
  /** The file it was read from, for messages. */
  readonly file: string;
  /** One sentence: "Given ..., when ..., then ...". */
  readonly summary: string;
  readonly provenance: Provenance;
  /** The vendor page scenario or the inference it comes from. */
  readonly source: string;
  /** True when the request, answered as expected, runs the webhook's Action (a side effect). */
  readonly runsAction: boolean;
  readonly request: ScenarioRequest;
  /** The answer of the reference tenant (judged exactly by the reference and prism profiles). */
  readonly expect: ScenarioExpectation;
  /** What the live profile accepts instead of `expect.body` (documented scenarios, unless --strict). */
  readonly live: { readonly body: BodyExpectation } | undefined;
  /** How a spec mock (Prism) is made to give the same answer, or why it cannot. */
  readonly prism: PrismHint;
}

export interface ScenarioRequest {
  readonly method: string;
  /** The query string without `?`, with placeholders such as `{extension}`; '' sends none. */
  readonly query: string;
  /** Another path than the Execute path (a trailing slash, another letter case); undefined: the Execute path. */
  readonly path: string | undefined;
  /** Header name -> value, with placeholders such as `{api-key}`. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: BodySpec;
}

export type BodySpec =
  | { readonly kind: 'none' }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'parts'; readonly parts: readonly BodyPart[] }
  | {
      readonly kind: 'generate';
      readonly generator: BodyGeneratorName;
      readonly characters: number;
      readonly fill: string;
      readonly last: string;
    };

export type BodyPart = { readonly text: string } | { readonly hex: string };

export const bodyGeneratorNames = ['json-object', 'repeat'] as const;
export type BodyGeneratorName = (typeof bodyGeneratorNames)[number];

export interface ScenarioExpectation {
  readonly status: number;
  readonly body: BodyExpectation;
}

/**
 * - `examples`: the body must be byte-for-byte one of these named examples of the spec;
 * - `schema-only`: the body must fit the spec's envelope schema for the status;
 * - `any`: any body; a body declared JSON must parse (the vendor shows no 200 body).
 */
export type BodyExpectation =
  | { readonly kind: 'examples'; readonly names: readonly string[] }
  | { readonly kind: 'schema-only' }
  | { readonly kind: 'any' };

export type PrismHint = { readonly kind: 'prefer'; readonly prefer: string } | { readonly kind: 'skip'; readonly reason: string };

/**
 * JSON Schema (2020-12) of a scenario file (fixtures/scenarios/*.yaml), checked by the data-file
 * loader. Each `description` is the fix for a wrong value; a pattern's `$comment` says what it
 * requires. Rules across fields (one body form, known example names and placeholders, the Action
 * running exactly on a success) are checked after it, in load-scenarios.ts.
 */
const exampleNames = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  maxProperties: 1,
  description: 'write { example: NAME }, { oneOf: [NAME, NAME] }, schema-only or any',
  properties: {
    example: { type: 'string', minLength: 1, description: 'name an example of the spec' },
    oneOf: { type: 'array', minItems: 2, items: { type: 'string', minLength: 1 }, description: 'list two or more examples of the spec' },
  },
} as const;

/** `schema-only`, `any`, or a mapping naming examples of the spec. */
const bodyExpectation = {
  if: { type: 'string' },
  // biome-ignore lint/suspicious/noThenProperty: `then` is a JSON Schema keyword
  then: { enum: ['schema-only', 'any'] },
  else: exampleNames,
} as const;

export const scenarioSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  description: 'write a scenario as a mapping with summary, provenance, source, runsAction, request, expect, prism',
  additionalProperties: false,
  required: ['summary', 'provenance', 'source', 'runsAction', 'request', 'expect', 'prism'],
  properties: {
    summary: {
      type: 'string',
      pattern: '^Given [\\s\\S]+, when [\\s\\S]+, then [\\s\\S]+\\.$',
      $comment: 'one Given/When/Then sentence',
      description: "write 'Given <state>, when <request>, then <answer>.' (capital G, commas before when and then, a final full stop)",
    },
    provenance: { enum: ['documented', 'inferred'] },
    source: { type: 'string', minLength: 1, description: 'name the vendor page scenario, or the decision (e.g. docs/decisions.md #6)' },
    runsAction: { type: 'boolean', description: 'write true when the expected answer runs the Action (a record is created), else false' },
    request: {
      type: 'object',
      description:
        'write request: { method: POST, query: "extension={extension}", headers: {...}, body: {...} } (path: only to send another path)',
      additionalProperties: false,
      required: ['method'],
      properties: {
        method: { type: 'string', pattern: '^[A-Z]+$', $comment: 'an HTTP method in capitals', description: 'write e.g. POST, GET, PUT' },
        query: {
          type: 'string',
          pattern: '^(?!\\?)',
          $comment: "a query string without its '?'",
          description: "drop the '?': the runner adds it; '' sends none",
        },
        path: {
          type: 'string',
          pattern: '^/',
          $comment: 'a path other than the Execute path, after the base URL',
          description: 'write e.g. /api/rest/Webhooks/Execute/ (leave it out for the Execute path)',
        },
        headers: {
          type: 'object',
          description: 'write a mapping of header name to value',
          propertyNames: {
            pattern: '^[A-Za-z0-9-]+$',
            $comment: 'a header name (letters, digits, hyphens)',
            description: 'use letters, digits and hyphens',
          },
          additionalProperties: { type: 'string', description: 'write the header value as text (quote it)' },
        },
        body: {
          type: 'object',
          description:
            "write one of: { text: '...' }, { parts: [ { text: '...' }, { hex: 'ff fe' } ] }, { generate: json-object, characters: 100000, fill: 'é' }",
          additionalProperties: false,
          properties: {
            text: { type: 'string', description: 'write the body as text' },
            parts: {
              type: 'array',
              minItems: 1,
              description: "list { text: '...' } and { hex: 'ff fe' } items, sent one after the other",
              items: {
                type: 'object',
                additionalProperties: false,
                minProperties: 1,
                maxProperties: 1,
                description: "write each item as { text: '...' } or { hex: 'c3 28' }",
                properties: {
                  text: { type: 'string', description: 'write the text of this part' },
                  hex: {
                    type: 'string',
                    pattern: '^([0-9a-fA-F]{2}\\s*)+$',
                    $comment: 'a list of hex bytes',
                    description: "write bytes as pairs of hex digits, e.g. 'ff fe'",
                  },
                },
              },
            },
            generate: { enum: bodyGeneratorNames },
            characters: {
              type: 'integer',
              minimum: 1,
              maximum: 10_000_000,
              description: 'give how many characters (UTF-16 code units) the whole body has, e.g. 100000',
            },
            fill: { type: 'string', minLength: 1, description: "give the character to repeat, e.g. 'a', 'é' or '😀'" },
            last: {
              type: 'string',
              minLength: 1,
              maxLength: 8,
              description: "give the text that ends the fill, counted in characters, e.g. '😀'",
            },
          },
        },
      },
    },
    expect: {
      type: 'object',
      description: 'write expect: { status: 400, body: { example: NAME } }',
      additionalProperties: false,
      required: ['status', 'body'],
      properties: {
        status: { type: 'integer', minimum: 100, maximum: 599, description: 'give the HTTP status the reference answers, e.g. 400' },
        body: bodyExpectation,
      },
    },
    live: {
      type: 'object',
      description: 'write live: { body: { oneOf: [NAME, NAME] } } (what a live tenant may answer instead)',
      additionalProperties: false,
      required: ['body'],
      properties: { body: bodyExpectation },
    },
    prism: {
      type: 'object',
      description: "write prism: { prefer: 'code=400, example=NAME' } or prism: { skip: 'why a spec mock cannot answer this' }",
      additionalProperties: false,
      minProperties: 1,
      maxProperties: 1,
      properties: {
        prefer: {
          type: 'string',
          pattern: '^code=\\d{3}(, ?example=[A-Za-z0-9]+)?$',
          $comment: 'a Prism Prefer value',
          description: "write 'code=400, example=NAME'",
        },
        skip: { type: 'string', minLength: 1, description: 'say why a spec mock cannot answer this' },
      },
    },
  },
} as const;
