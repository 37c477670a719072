import { escapeToken } from '../contract/json-pointer';
import { isObject, type Json } from '../contract/spec';
import { firstDifference as firstTextDifference } from '../text-diff';

/** One place where two documents differ. */
export interface Difference {
  /** JSON pointer to the place, in head (or base, for a removal). */
  readonly pointer: string;
  readonly tokens: readonly string[];
  readonly before: Json | undefined;
  readonly after: Json | undefined;
}

const collections = new Set(['paths', 'responses', 'content', 'headers', 'examples']);

/**
 * Every place where two documents differ, as raw JSON: objects key by key, arrays and the values of
 * named examples as a whole (an example is a body, compared to the byte, key order included).
 */
export function differences(before: Json | undefined, after: Json | undefined, tokens: readonly string[] = []): Difference[] {
  // A collection of named items added or removed as a whole is its items added or removed.
  if (collections.has(tokens[tokens.length - 1] ?? '') && (before === undefined || after === undefined)) {
    return differences(before ?? {}, after ?? {}, tokens);
  }
  const wholeValue = tokens.length >= 3 && tokens[tokens.length - 3] === 'examples' && tokens[tokens.length - 1] === 'value';
  if (isObject(before) && isObject(after) && !wholeValue) {
    return [...new Set([...Object.keys(before), ...Object.keys(after)])].flatMap((key) =>
      differences(before[key], after[key], [...tokens, key]),
    );
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ pointer: tokens.map((token) => `/${escapeToken(token)}`).join(''), tokens, before, after }];
}

/** A short, one-line rendering of a value for messages; JSON quotes keep trailing spaces visible. */
export function preview(value: Json | undefined, max = 80): string {
  if (value === undefined) return '(absent)';
  const text = JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Where two values first differ, e.g. `Message "...Provided. " -> "...Provided."`. */
export function firstDifference(before: Json | undefined, after: Json | undefined, path = ''): string {
  if (isObject(before) && isObject(after)) {
    const keysB = Object.keys(before);
    const keysH = Object.keys(after);
    for (const key of [...new Set([...keysB, ...keysH])]) {
      if (JSON.stringify(before[key]) !== JSON.stringify(after[key]))
        return firstDifference(before[key], after[key], path ? `${path}.${key}` : key);
    }
    if (keysB.join('\u0000') !== keysH.join('\u0000'))
      return `${path || 'value'}: key order changed from ${keysB.join(', ')} to ${keysH.join(', ')}`;
  }
  if (typeof before === 'string' && typeof after === 'string') return `${path || 'value'} ${around(before, after)}`;
  return `${path || 'value'} ${preview(before)} -> ${preview(after)}`;
}

/** Two strings shown from a little before their first differing character, so the difference is in view. */
function around(before: string, after: string): string {
  if (before.length <= 70 && after.length <= 70) return `${preview(before)} -> ${preview(after)}`;
  const start = Math.max(0, (firstTextDifference(before, after)?.index ?? 0) - 30);
  const clip = (text: string): string => `${start > 0 ? '…' : ''}${preview(text.slice(start), 70)}`;
  return `${clip(before)} -> ${clip(after)}`;
}
