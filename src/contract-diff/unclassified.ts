import { isObject, type Json } from '../contract/spec';
import { childPointer, preview } from './node';
import type { Change, Finding } from './types';

interface Difference {
  readonly pointer: string;
  readonly before: Json | undefined;
  readonly after: Json | undefined;
}

/** Every place where the two documents differ, as raw JSON: objects by key, arrays as a whole. */
export function differences(before: Json | undefined, after: Json | undefined, pointer = ''): Difference[] {
  if (isObject(before) && isObject(after)) {
    return [...new Set([...Object.keys(before), ...Object.keys(after)])].flatMap((key) =>
      differences(before[key], after[key], childPointer(pointer, key)),
    );
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ pointer, before, after }];
}

const within = (pointer: string, ancestor: string): boolean => pointer === ancestor || pointer.startsWith(`${ancestor}/`);

/**
 * Edits no rule classified (tags, servers, info, a parameter's example...), listed as non-breaking
 * so that nothing changes unseen. A difference counts as classified when a change was reported at
 * that place, above it or below it.
 */
export function unclassified(before: Json, after: Json, reported: readonly Change[]): Finding[] {
  return differences(before, after)
    .filter(({ pointer }) => !reported.some(({ location }) => within(pointer, location) || within(location, pointer)))
    .map(({ pointer, before: was, after: now }) => ({
      rule: 'other-change',
      severity: 'non-breaking',
      location: pointer,
      message:
        was === undefined ? `added: ${preview(now)}` : now === undefined ? `removed: ${preview(was)}` : `changed from ${preview(was, 50)} to ${preview(now, 50)}`,
      scope: '',
    }));
}
