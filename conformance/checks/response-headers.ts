import type { Check } from './check';

/** Headers with a fixed value in the spec are present with it, e.g. `Allow: POST` on the 405 (RFC 9110 §15.5.6). */
export const responseHeaders: Check = ({ response, expectation }) => {
  const wrong = Object.entries(expectation.headers).filter(([name, value]) => response.headers[name.toLowerCase()]?.trim() !== value);
  if (wrong.length === 0) return undefined;
  return {
    check: 'response-headers',
    message: `header ${wrong.map(([name]) => name).join(', ')} missing or different`,
    expected: wrong.map(([name, value]) => `${name}: ${value}`).join('\n'),
    actual: wrong.map(([name]) => `${name}: ${response.headers[name.toLowerCase()] ?? '(absent)'}`).join('\n'),
  };
};
