import { isObject, type Json } from '../contract/spec';
import { compareAnnotations, provenanceOf } from './annotations';
import { childPointer, entries, member, preview, resolve, type Node } from './node';
import type { Documents, Finding } from './types';

/**
 * Named examples of a response. The mock answers them by name (`Prefer: example=NAME`) and the code
 * looks them up by name, so a removed one is breaking. A documented example is a vendor body, exact
 * to the byte: any change of its value (key order and trailing spaces included) is breaking. An
 * inferred example is our own decision: a change is listed, not breaking.
 */
export function compareExamples(docs: Documents, mediaB: Node, mediaH: Node, scope: string, what: string): Finding[] {
  const before = new Map(entries(member(docs.base, mediaB, 'examples')));
  const after = new Map(entries(member(docs.head, mediaH, 'examples')));
  const findings: Finding[] = [];
  for (const [name, rawB] of before) {
    const rawH = after.get(name);
    if (!rawH) {
      findings.push({ rule: 'example-removed', severity: 'breaking', location: rawB.pointer, message: `example ${name} removed`, scope, subject: what });
      continue;
    }
    const exampleB = resolve(docs.base, rawB);
    const exampleH = resolve(docs.head, rawH);
    const valueB = isObject(exampleB.value) ? exampleB.value.value : undefined;
    const valueH = isObject(exampleH.value) ? exampleH.value.value : undefined;
    if (JSON.stringify(valueB) !== JSON.stringify(valueH)) {
      // The promise made is the base's: a documented body stays documented until the change is allowed.
      const documented = provenanceOf(exampleB) === 'documented';
      findings.push({
        rule: documented ? 'documented-example-changed' : 'inferred-example-changed',
        severity: documented ? 'breaking' : 'non-breaking',
        location: childPointer(valueH === undefined ? exampleB.pointer : exampleH.pointer, 'value'),
        message: `${documented ? 'documented' : 'inferred'} example ${name} changed: ${firstDifference(valueB, valueH)}`,
        scope,
        subject: what,
      });
    }
    findings.push(...compareAnnotations(exampleB, exampleH, scope, `${what} example ${name}`));
  }
  for (const [name, rawH] of after) {
    if (!before.has(name)) {
      findings.push({ rule: 'example-added', severity: 'non-breaking', location: rawH.pointer, message: `example ${name} added`, scope, subject: what });
    }
  }
  return findings;
}

/** Where two values first differ, e.g. `Message "...Provided. " -> "...Provided."`. */
export function firstDifference(before: Json | undefined, after: Json | undefined, path = ''): string {
  if (isObject(before) && isObject(after)) {
    const keysB = Object.keys(before);
    const keysH = Object.keys(after);
    for (const key of [...new Set([...keysB, ...keysH])]) {
      if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) return firstDifference(before[key], after[key], path ? `${path}.${key}` : key);
    }
    if (keysB.join('\u0000') !== keysH.join('\u0000')) return `${path || 'value'}: key order changed from ${keysB.join(', ')} to ${keysH.join(', ')}`;
  }
  if (typeof before === 'string' && typeof after === 'string') return `${path || 'value'} ${around(before, after)}`;
  return `${path || 'value'} ${preview(before)} -> ${preview(after)}`;
}

/** Two strings shown from a little before their first differing character, so the difference is in view. */
function around(before: string, after: string): string {
  if (before.length <= 70 && after.length <= 70) return `${preview(before)} -> ${preview(after)}`;
  let same = 0;
  while (same < before.length && same < after.length && before[same] === after[same]) same++;
  const start = Math.max(0, same - 30);
  const clip = (text: string): string => `${start > 0 ? '…' : ''}${preview(text.slice(start), 70)}`;
  return `${clip(before)} -> ${clip(after)}`;
}
