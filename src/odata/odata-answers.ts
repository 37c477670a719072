/**
 * The OData error answers the spec names, as data: read once from the spec's examples of the
 * OData paths (openapi/webhooks.yaml), never retyped here. Node-free: it walks the parsed document
 * itself, so a browser can build it from shipped data too.
 */

export const odataPrefix = '/api/odata/';
export const collectionPath = '/api/odata/businessobject/{collection}';
export const entityPath = "/api/odata/businessobject/{collection}('{recId}')";

/** Example names the code refers to; `odataAnswersFrom` fails at start-up when the spec lacks one. */
export const odataAnswerNames = [
  'emptyKey',
  'invalidKey',
  'invalidFilter',
  'invalidQueryOption',
  'odataInvalidSession',
  'invalidPath',
] as const;
export type ODataAnswerName = (typeof odataAnswerNames)[number];

/** An answer ready to send: status, headers and the exact body. */
export interface ODataAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** The spec example's name for an error; `records` or `record` for a 200. */
  readonly name: string;
}

export type ODataAnswers = Readonly<Record<ODataAnswerName, ODataAnswer>>;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const isObject = (value: unknown): value is { [key: string]: Json } => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A JSON answer with its Content-Type and Content-Length. */
export function jsonAnswer(name: string, status: number, body: string): ODataAnswer {
  return {
    name,
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(new TextEncoder().encode(body).length) },
    body,
  };
}

/** The named error answers of both OData paths, from the spec's parsed document. Throws when one is missing (a broken spec). */
export function odataAnswersFrom(document: unknown): ODataAnswers {
  const found = new Map<string, ODataAnswer>();
  const paths = isObject(document) && isObject(document.paths) ? document.paths : {};
  for (const path of [collectionPath, entityPath]) {
    const get = isObject(paths[path]) && isObject(paths[path].get) ? paths[path].get : {};
    const responses = isObject(get.responses) ? get.responses : {};
    for (const [code, raw] of Object.entries(responses)) {
      const response = resolve(document, raw);
      const content = isObject(response) && isObject(response.content) ? response.content : {};
      const media = content['application/json'];
      const examples = isObject(media) && isObject(media.examples) ? media.examples : {};
      for (const [name, example] of Object.entries(examples)) {
        if (isObject(example) && Number(code) >= 400) found.set(name, jsonAnswer(name, Number(code), JSON.stringify(example.value)));
      }
    }
  }
  const missing = odataAnswerNames.filter((name) => !found.has(name));
  if (missing.length > 0) throw new Error(`the spec has no OData examples named ${missing.join(', ')}`);
  return Object.fromEntries(odataAnswerNames.map((name) => [name, found.get(name) as ODataAnswer])) as ODataAnswers;
}

/** A `#/components/responses/X` reference, followed (the only kind the OData paths use). */
function resolve(document: unknown, value: Json | undefined): Json | undefined {
  if (!isObject(value) || typeof value.$ref !== 'string') return value;
  const name = value.$ref.replace('#/components/responses/', '');
  const components = isObject(document) && isObject(document.components) ? document.components : {};
  return isObject(components.responses) ? components.responses[name] : undefined;
}
