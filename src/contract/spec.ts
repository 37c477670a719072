import { pointerTokens } from './json-pointer';
import fs from 'node:fs';
import { prebuiltYaml } from './prebuilt';
import { defaultSpecPath } from './package-root';

/**
 * Provenance of a behaviour: stated by the vendor, our own reasoned decision, or a fault the
 * reference tenant injects on request (never a tenant's behaviour).
 */
export type Provenance = 'documented' | 'inferred' | 'simulated';

/** A JSON value as parsed from the spec. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** The parsed OpenAPI document, kept as plain JSON: the helpers below read what the code needs. */
export interface Spec {
  readonly path: string;
  readonly document: JsonObject;
}

/** Reads and parses the spec. Throws on a missing or unparsable file: that is a broken install. */
export function loadSpec(file: string = defaultSpecPath()): Spec {
  const text = fs.readFileSync(file, 'utf8');
  const document = prebuiltYaml(text) ?? parseYaml(text);
  if (!isObject(document) || typeof document.openapi !== 'string') {
    throw new Error(`${file}: not an OpenAPI document`);
  }
  return { path: file, document };
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Follows a local `$ref` (`#/components/...`) until it reaches a value that is not a reference. */
export function deref(spec: Spec, value: Json | undefined): Json | undefined {
  let current = value;
  for (let hops = 0; isObject(current) && typeof current.$ref === 'string'; hops++) {
    if (hops > 32) throw new Error(`${spec.path}: $ref cycle at ${current.$ref}`);
    current = pointer(spec.document, current.$ref);
  }
  return current;
}

/** Resolves a local JSON pointer such as `#/components/responses/BadRequest`. */
export function pointer(document: JsonObject, ref: string): Json | undefined {
  if (!ref.startsWith('#/')) throw new Error(`only local $ref is supported, got ${ref}`);
  let node: Json | undefined = document;
  for (const key of pointerTokens(ref.slice(1))) node = child(node, key);
  return node;
}

/** Walks to a nested member by keys, dereferencing at every step. */
export function at(spec: Spec, ...keys: string[]): Json | undefined {
  let node: Json | undefined = spec.document;
  for (const key of keys) {
    node = child(deref(spec, node), key);
  }
  return deref(spec, node);
}

function child(node: Json | undefined, key: string): Json | undefined {
  if (Array.isArray(node)) return /^\d+$/.test(key) ? node[Number(key)] : undefined;
  return isObject(node) ? node[key] : undefined;
}

/** The YAML parser, loaded only when the build did not parse this text (src/contract/prebuilt.ts). */
export function parseYaml(text: string): unknown {
  const { parse } = require('yaml') as typeof import('yaml');
  return parse(text) as unknown;
}
