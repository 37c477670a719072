import { pointerTokens } from '../contract/json-pointer';
import { jsonText } from './json-text';
import type { BodyFormat } from './model';
import { xmlKey } from './xml-body';

/**
 * Reads one field out of WebhookBody. JSON: an RFC 6901 JSON pointer (`/Subject`, `/a~1b/0`).
 * XML: a slash-separated element path from the root (`Incident/Subject`), `@name` for an
 * attribute. A path that finds nothing gives an empty field; it never throws.
 */
export function readField(format: BodyFormat, value: unknown, path: string): string {
  return readFieldAt(format, value, compileFieldPath(format, path));
}

/** A field path split into its segments once, when the tenant loads, not on every request. */
export type FieldPath = readonly string[];

export function compileFieldPath(format: BodyFormat, path: string): FieldPath {
  return format === 'json'
    ? pointerTokens(path)
    : path
        .split('/')
        .filter((segment) => segment !== '')
        .map(xmlKey);
}

export function readFieldAt(format: BodyFormat, value: unknown, segments: FieldPath): string {
  let node: unknown = value;
  for (const segment of segments) {
    if (format === 'xml' && Array.isArray(node)) node = node[0];
    node = child(node, segment);
    if (node === undefined) return '';
  }
  return render(format === 'xml' && Array.isArray(node) ? node[0] : node);
}

function child(node: unknown, segment: string): unknown {
  if (Array.isArray(node)) return /^(0|[1-9]\d*)$/.test(segment) ? node[Number(segment)] : undefined;
  if (typeof node === 'object' && node !== null && Object.hasOwn(node, segment)) {
    return (node as Record<string, unknown>)[segment];
  }
  return undefined;
}

function render(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object' && '#text' in value) return render((value as Record<string, unknown>)['#text']);
  // Any depth: a mapped field may hold a whole nested value (JSON.stringify would overflow the stack).
  return jsonText(value);
}
