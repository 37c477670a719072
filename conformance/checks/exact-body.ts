import { firstDifference, showText } from '../report/text-diff';
import type { Check } from './check';

/**
 * The body is byte for byte one of the expected texts (the spec's named examples, or a recorded
 * answer): the vendor's bodies carry a trailing hyphen and trailing spaces that a lenient
 * comparison would miss.
 */
export const exactBody: Check = ({ response, expectation }) => {
  if (expectation.body.kind !== 'exact') return undefined;
  const candidates = expectation.body.candidates;
  if (candidates.some((candidate) => Buffer.from(candidate.text, 'utf8').equals(response.body))) return undefined;
  const actual = response.body.toString('utf8');
  // Report against the candidate that shares the longest beginning with what came.
  const ranked = candidates
    .map((candidate) => ({ candidate, difference: firstDifference(candidate.text, actual) }))
    .sort((a, b) => (b.difference?.index ?? 0) - (a.difference?.index ?? 0));
  const best = ranked[0];
  const labels = candidates.map((candidate) => candidate.label).join(' or ');
  if (!best?.difference) {
    return { check: 'exact-body', message: `the body is not ${labels}`, expected: candidates.map((candidate) => showText(candidate.text)).join('\n or '), actual: showText(actual) };
  }
  return {
    check: 'exact-body',
    message: `the body is not ${labels}; against ${best.candidate.label}, ${best.difference.summary}`,
    expected: candidates.length > 1 ? candidates.map((candidate) => showText(candidate.text)).join('\n or ') : best.difference.expected,
    actual: candidates.length > 1 ? showText(actual) : best.difference.actual,
  };
};
