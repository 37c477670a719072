import { mediaTypeOf, type Check } from './check';

/**
 * The body fits the spec's envelope for the status that came (SystemError for 400 and 405,
 * AuthError for 401, any JSON for 200), validated by ajv from the spec itself. A status the spec
 * does not list is left to the status check; an empty 200 body is allowed (none is documented).
 */
export const envelopeSchema: Check = ({ method, response, expectation, contract }) => {
  if (!expectation.envelope || expectation.body.kind === 'any') return undefined;
  const listed = contract.catalogue.mediaTypes.get(response.status);
  if (!listed || listed.length === 0) return undefined;
  const text = response.body.toString('utf8');
  if (text === '' && response.status >= 200 && response.status < 300) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { check: 'envelope-schema', message: `the ${response.status} body is not JSON, so it cannot be the spec's envelope`, expected: `a JSON body (${listed.join(', ')})`, actual: text === '' ? 'an empty body' : text.slice(0, 200) };
  }
  const declared = mediaTypeOf(response.headers['content-type']);
  const mediaType = declared !== undefined && listed.includes(declared) ? declared : (listed[0] as string);
  const result = contract.validators.response(method, response.status, mediaType, value);
  if (result.valid) return undefined;
  return { check: 'envelope-schema', message: `the ${response.status} body does not fit the spec's schema`, expected: `the spec's ${method.toUpperCase()} ${response.status} ${mediaType} schema`, actual: result.errors.join('; ') };
};
