import { mediaTypeOf, type CheckFailure } from '../checks';
import type { WireResponse } from '../targets/send-request';
import { firstDifference, showText } from '../../src/text-diff';

/**
 * Every way two answers to the same request differ: status, media type, the headers the spec
 * fixes, and the body byte for byte. `expected` holds the --target's answer, `actual` the --compare's.
 */
export function answerDifferences(a: WireResponse, b: WireResponse, fixedHeaders: readonly string[]): CheckFailure[] {
  const out: CheckFailure[] = [];
  if (a.status !== b.status)
    out.push({ check: 'difference', message: 'the status differs', expected: String(a.status), actual: String(b.status) });
  const typeA = mediaTypeOf(a.headers['content-type']) ?? '(none)';
  const typeB = mediaTypeOf(b.headers['content-type']) ?? '(none)';
  if (typeA !== typeB) out.push({ check: 'difference', message: 'the Content-Type differs', expected: typeA, actual: typeB });
  for (const name of fixedHeaders) {
    const valueA = a.headers[name.toLowerCase()] ?? '(absent)';
    const valueB = b.headers[name.toLowerCase()] ?? '(absent)';
    if (valueA !== valueB) out.push({ check: 'difference', message: `header ${name} differs`, expected: valueA, actual: valueB });
  }
  if (!a.body.equals(b.body)) {
    const textA = a.body.toString('utf8');
    const textB = b.body.toString('utf8');
    const difference = firstDifference(textA, textB);
    out.push({
      check: 'difference',
      message: `the body differs${difference ? `; ${difference.summary.replace('expected', 'target has').replace('got', 'compare has')}` : ''}`,
      expected: difference?.expected ?? showText(textA),
      actual: difference?.actual ?? showText(textB),
    });
  }
  return out;
}
