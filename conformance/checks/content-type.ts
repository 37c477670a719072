import { mediaTypeOf, type Check } from './check';

/** A body comes with a Content-Type the spec lists for the status (parameters such as charset aside). */
export const contentType: Check = ({ response, expectation }) => {
  if (expectation.body.kind === 'any' || response.body.length === 0 || expectation.mediaTypes.length === 0) return undefined;
  if (response.status !== expectation.status) return undefined;
  const declared = mediaTypeOf(response.headers['content-type']);
  if (declared !== undefined && expectation.mediaTypes.includes(declared)) return undefined;
  return {
    check: 'content-type',
    message: declared === undefined ? 'the answer has a body but no Content-Type' : `Content-Type ${declared} is not one the spec lists for ${expectation.status}`,
    expected: expectation.mediaTypes.join(' or '),
    actual: response.headers['content-type'] ?? '(none)',
  };
};
