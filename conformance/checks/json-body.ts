import { isJsonMediaType, mediaTypeOf, type Check } from './check';

/**
 * Where any body is allowed (the vendor shows no 200 body), a body declared JSON must still parse:
 * a client that reads it must not crash (docs/decisions.md #7).
 */
export const jsonBody: Check = ({ response, expectation }) => {
  if (expectation.body.kind !== 'any' || response.body.length === 0) return undefined;
  const declared = mediaTypeOf(response.headers['content-type']);
  if (!isJsonMediaType(declared)) return undefined;
  const text = response.body.toString('utf8');
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    return { check: 'json-body', message: `the body is declared ${declared ?? 'JSON'} but does not parse: ${(error as Error).message}`, expected: 'a JSON value, or no body', actual: text.slice(0, 200) };
  }
};
