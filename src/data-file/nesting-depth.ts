import type { CST } from 'yaml';

/**
 * How deep a data file (or a fault rule's JSON, which is YAML) may nest: far more than any tenant
 * file or rule needs, far less than what exhausts the stack of yaml's recursive composer. A
 * stack overflow inside yaml is not a clean error: it can leave V8 unable to compile the next
 * regular expression, and a second such document killed the process (docs/decisions.md #18).
 */
export const maxNestingDepth = 32;

/**
 * The offset of the first collection nested deeper than `max` in a YAML text, or undefined. It
 * reads the text with yaml's first stage only (the CST parser, which keeps its own stack and
 * never recurses) and walks the tree with a stack of its own: nothing here recurses either, so
 * any depth is measured safely before the recursive stage sees the text.
 */
export function tooDeepAt(text: string, max: number = maxNestingDepth): number | undefined {
  const { Parser } = require('yaml') as typeof import('yaml');
  const pending: [token: CST.Token | undefined, depth: number][] = [];
  for (const token of new Parser().parse(text)) pending.push([token, 0]);
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [token, depth] = next;
    if (token === undefined) continue;
    if (token.type === 'document') {
      pending.push([token.value, depth]);
      continue;
    }
    if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection') continue;
    if (depth + 1 > max) return token.offset;
    for (const item of token.items) {
      if ('key' in item) pending.push([item.key ?? undefined, depth + 1]);
      pending.push([item.value, depth + 1]);
    }
  }
  return undefined;
}
