import { escapeToken, pointerTokens } from '../contract/json-pointer';
import { isObject, type Json, type JsonObject } from '../contract/spec';

/** A value of a document together with the JSON pointer where it physically sits. */
export interface Node {
  readonly value: Json;
  readonly pointer: string;
}

export { escapeToken };

export function childPointer(pointer: string, key: string): string {
  return `${pointer}/${escapeToken(key)}`;
}

/**
 * Follows local `$ref`s to the value they name, keeping its pointer. Never throws: a reference that
 * is not local, does not resolve or loops is left as it is, and compared as it is.
 */
export function resolve(document: JsonObject, node: Node): Node {
  let current = node;
  for (let hops = 0; hops < 32; hops++) {
    const ref = isObject(current.value) ? current.value.$ref : undefined;
    if (typeof ref !== 'string' || !ref.startsWith('#')) return current;
    const target = lookup(document, ref.slice(1));
    if (target === undefined) return current;
    current = { value: target, pointer: ref.slice(1) };
  }
  return current;
}

/** The raw member `key` of an object node, not dereferenced (for "is it listed here" questions). */
export function rawMember(node: Node | undefined, key: string): Node | undefined {
  if (!node || !isObject(node.value)) return undefined;
  const value = node.value[key];
  return value === undefined ? undefined : { value, pointer: childPointer(node.pointer, key) };
}

/** The member `key` of an object node, dereferenced. */
export function member(document: JsonObject, node: Node | undefined, key: string): Node | undefined {
  const raw = rawMember(node, key);
  return raw ? resolve(document, raw) : undefined;
}

/** The raw members of an object node, in document order. */
export function entries(node: Node | undefined): [string, Node][] {
  if (!node || !isObject(node.value)) return [];
  return Object.keys(node.value).map((key) => [key, rawMember(node, key) as Node]);
}

function lookup(document: JsonObject, pointer: string): Json | undefined {
  if (pointer === '') return document;
  if (!pointer.startsWith('/')) return undefined;
  let value: Json | undefined = document;
  for (const key of pointerTokens(pointer)) {
    if (Array.isArray(value)) value = /^\d+$/.test(key) ? value[Number(key)] : undefined;
    else value = isObject(value) ? value[key] : undefined;
    if (value === undefined) return undefined;
  }
  return value;
}

/** A short, one-line rendering of a value for messages; JSON quotes keep trailing spaces visible. */
export function preview(value: Json | undefined, max = 80): string {
  if (value === undefined) return '(absent)';
  const text = JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
