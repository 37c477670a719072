import type { components } from '../generated/api';
import { at, deref, isObject, type Json, type Provenance, type Spec } from './spec';

/**
 * The answers the spec names, as data: every example of every response of the Execute path.
 * Documented bodies live once, in the spec; the server renders these and tests compare with them.
 */

/** Example names the code refers to. `loadCatalogue` fails at start-up when the spec lacks one. */
export const answerNames = [
  'executed',
  'missingExtension',
  'nonExistentWebhook',
  'bodyTooLong',
  'extensionDoesNotExist',
  'unsupportedContentType',
  'formatMismatch',
  'invalidJson',
  'jsonNotObject',
  'invalidXml',
  'xmlTooDeep',
  'invalidEncoding',
  'invalidApiKey',
  'methodNotAllowed',
  'tooManyRequests',
] as const;
export type AnswerName = (typeof answerNames)[number];

export type SystemError = components['schemas']['SystemError'];
export type AuthError = components['schemas']['AuthError'];

export interface Answer {
  readonly name: string;
  readonly status: number;
  readonly contentType: string;
  /** The example's value, as in the spec. */
  readonly value: Json;
  /** The exact bytes a server sends: the value serialized as compact JSON, key order kept. */
  readonly body: string;
  readonly provenance: Provenance;
  readonly source: string;
  /** Response headers with a `const` in the spec (for example `Allow: POST` on the 405). */
  readonly headers: Readonly<Record<string, string>>;
}

export interface Catalogue {
  readonly path: string;
  readonly answers: ReadonlyMap<string, Answer>;
  /** Response media types the spec lists, by status (for content-type checks). */
  readonly mediaTypes: ReadonlyMap<number, readonly string[]>;
  get(name: AnswerName): Answer;
}

export const executePath = '/api/rest/Webhooks/Execute';

/**
 * The extension on the Execute path that holds the answer to every method but POST. The method
 * rule is not written as operations, which tools would offer as calls (docs/decisions.md #25).
 */
export const otherMethodsKey = 'x-other-methods';

const postResponses = ['paths', executePath, 'post', 'responses'] as const;
const otherMethodsResponses = ['paths', executePath, otherMethodsKey, 'responses'] as const;

/** Where the spec lists the responses to a method on the Execute path: POST's operation, else the method rule. */
export function responsesAt(method: string): readonly string[] {
  return method.toLowerCase() === 'post' ? postResponses : otherMethodsResponses;
}

export function loadCatalogue(spec: Spec): Catalogue {
  const answers = new Map<string, Answer>();
  const mediaTypes = new Map<number, string[]>();
  const pathItem = at(spec, 'paths', executePath);
  if (!isObject(pathItem)) throw new Error(`${spec.path}: no path ${executePath}`);

  for (const where of [postResponses, otherMethodsResponses]) {
    const responses = at(spec, ...where);
    if (!isObject(responses)) continue;
    for (const code of Object.keys(responses)) {
      const status = Number(code);
      const response = at(spec, ...where, code);
      if (!isObject(response)) continue;
      const headers = constHeaders(spec, response.headers);
      const content = isObject(response.content) ? response.content : {};
      mediaTypes.set(status, [...new Set([...(mediaTypes.get(status) ?? []), ...Object.keys(content)])]);
      for (const [contentType, media] of Object.entries(content)) {
        const examples = isObject(media) && isObject(media.examples) ? media.examples : {};
        for (const [name, example] of Object.entries(examples)) {
          if (!isObject(example)) continue;
          const answer: Answer = {
            name,
            status,
            contentType,
            value: example.value ?? null,
            body: JSON.stringify(example.value),
            provenance:
              example['x-provenance'] === 'documented' || example['x-provenance'] === 'simulated' ? example['x-provenance'] : 'inferred',
            source: typeof example['x-source'] === 'string' ? example['x-source'] : '',
            headers,
          };
          const seen = answers.get(name);
          if (seen && (seen.status !== status || seen.body !== answer.body)) {
            throw new Error(`${spec.path}: example name ${name} is used for two different answers`);
          }
          answers.set(name, answer);
        }
      }
    }
  }

  const missing = answerNames.filter((name) => !answers.has(name));
  if (missing.length > 0) throw new Error(`${spec.path}: missing named examples: ${missing.join(', ')}`);

  return {
    path: executePath,
    answers,
    mediaTypes,
    get(name) {
      return answers.get(name) as Answer;
    },
  };
}

function constHeaders(spec: Spec, headers: Json | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  if (!isObject(headers)) return result;
  for (const name of Object.keys(headers)) {
    const header = deref(spec, headers[name]);
    const value = isObject(header) && isObject(header.schema) ? header.schema.const : undefined;
    if (typeof value === 'string') result[name] = value;
  }
  return result;
}
