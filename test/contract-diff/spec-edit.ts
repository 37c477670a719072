import { pointerTokens } from '../../src/contract/json-pointer';
import { isObject, loadSpec, type Json, type JsonObject } from '../../src/contract/spec';

/** A fresh deep copy of the current spec, for one test row to mutate. */
export function currentSpec(): JsonObject {
  return structuredClone(loadSpec().document);
}

/** The path of the Execute operation, escaped as a JSON pointer token. */
export const execute = '/paths/~1api~1rest~1Webhooks~1Execute';
export const badRequestExamples = '/components/responses/BadRequest/content/application~1json/examples';

const tokens = pointerTokens;

/** The container of the value at `pointer`, and the last key; throws in a test if it is not there. */
function parentOf(document: JsonObject, pointer: string): { parent: JsonObject | Json[]; key: string } {
  const keys = tokens(pointer);
  const key = keys.pop() as string;
  let node: Json = document;
  for (const step of keys) {
    const next: Json | undefined = Array.isArray(node) ? node[Number(step)] : isObject(node) ? node[step] : undefined;
    if (next === undefined) throw new Error(`spec-edit: nothing at ${pointer} (${step})`);
    node = next;
  }
  if (!Array.isArray(node) && !isObject(node)) throw new Error(`spec-edit: ${pointer} has no container`);
  return { parent: node, key };
}

export function get(document: JsonObject, pointer: string): Json {
  const { parent, key } = parentOf(document, pointer);
  const value = Array.isArray(parent) ? parent[Number(key)] : parent[key];
  if (value === undefined) throw new Error(`spec-edit: nothing at ${pointer}`);
  return value;
}

export function set(document: JsonObject, pointer: string, value: Json): void {
  const { parent, key } = parentOf(document, pointer);
  if (Array.isArray(parent)) parent[Number(key)] = value;
  else parent[key] = value;
}

export function remove(document: JsonObject, pointer: string): void {
  const { parent, key } = parentOf(document, pointer);
  get(document, pointer);
  if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else delete parent[key];
}
