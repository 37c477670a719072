import { at, type Spec } from './spec';
import { executePath } from './catalogue';

/**
 * The body limit, read from the spec's `x-max-characters` on the Execute request body.
 * JSON Schema cannot bound a raw body, so the spec carries it as a vendor extension.
 */
export function maxCharacters(spec: Spec): number {
  const value = at(spec, 'paths', executePath, 'post', 'requestBody', 'x-max-characters');
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new Error(`${spec.path}: requestBody x-max-characters must be a positive integer`);
  }
  return value;
}
