import type { Check } from './check';

/** The status code is the expected one (vendor page: 200, 400 Bad Request, 401 Unauthorized). */
export const statusCode: Check = ({ response, expectation }) =>
  response.status === expectation.status
    ? undefined
    : { check: 'status-code', message: `status ${response.status} instead of ${expectation.status}`, expected: String(expectation.status), actual: String(response.status) };
