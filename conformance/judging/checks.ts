import type { Contract } from '../../src/contract';
import type { TransportKind, WireResponse } from '../targets/send-request';
import type { Expectation } from './judging-for';
import type { Secret } from '../../src/redact';
import { firstDifference, showText } from '../../src/text-diff';

/*
 * The checks of an answer, each a small named function returning a failure or nothing (as
 * Schemathesis keeps its OpenAPI checks in one module). `runChecks` runs them in report order.
 */

export const checkNames = [
  'status-code',
  'exact-body',
  'envelope-schema',
  'content-type',
  'response-headers',
  'json-body',
  'key-not-echoed',
  'action-executions',
] as const;

/** A check's name, or how a request could not be judged at all (`transport`), or a compare run. */
export type FailureKind = (typeof checkNames)[number] | 'transport' | 'difference' | 'record';

/** One way an answer differs from what was expected: a value, printed with a curl line. */
export interface CheckFailure {
  readonly check: FailureKind;
  /** For `transport`: how the connection failed (refused, reset before or after headers, timed out). */
  readonly kind?: TransportKind;
  readonly message: string;
  readonly expected: string;
  readonly actual: string;
}

export interface CheckInput {
  readonly method: string;
  readonly response: WireResponse;
  readonly expectation: Expectation;
  readonly contract: Contract;
  readonly secrets: readonly Secret[];
  /** How many times the Action ran during the request, when the target can tell (inspection API). */
  readonly actionRuns: number | undefined;
}

/** A small named function: undefined when the answer passes, a failure otherwise. */
export type Check = (input: CheckInput) => CheckFailure | undefined;

/** The media type of a Content-Type header, lower case, without parameters. */
export function mediaTypeOf(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const essence = (contentType.split(';', 1)[0] ?? '').trim().toLowerCase();
  return essence === '' ? undefined : essence;
}

export function isJsonMediaType(mediaType: string | undefined): boolean {
  return mediaType !== undefined && (mediaType === 'application/json' || mediaType.endsWith('+json'));
}

/** What a redirect usually means for an API call (they are never followed: a POST would change). */
export function redirectMeaning(location: string): { means: string; fix: string } {
  if (/^https:/i.test(location)) return { means: 'the tenant wants https', fix: 'use the https:// base URL as --target' };
  if (/login|logon|signin|sign-in|sso|auth|returnurl/i.test(location)) {
    return {
      means: 'a login front end answers instead of the API',
      fix: 'point --target at the REST API itself, which takes the key in Authorization, not at the web login in front of it',
    };
  }
  return {
    means: 'something in front of the tenant moves the API elsewhere',
    fix: 'use the base URL the redirect points to, if that is the tenant',
  };
}

/** The status code is the expected one (vendor page: 200, 400 Bad Request, 401 Unauthorized). */
export const statusCode: Check = ({ response, expectation }) => {
  if (response.status === expectation.status) return undefined;
  if (response.status >= 300 && response.status < 400) {
    // Redirects are named, never followed: a client would not re-send a POST with its key.
    const location = response.headers.location;
    const meaning = location !== undefined ? `: ${redirectMeaning(location).means}` : '';
    return {
      check: 'status-code',
      message: `redirect ${response.status} to ${location ?? '(no Location header)'} instead of ${expectation.status}${meaning} (not followed)`,
      expected: String(expectation.status),
      actual: `${response.status}, Location: ${location ?? '(absent)'}`,
    };
  }
  return {
    check: 'status-code',
    message: `status ${response.status} instead of ${expectation.status}`,
    expected: String(expectation.status),
    actual: String(response.status),
  };
};

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
    return {
      check: 'exact-body',
      message: `the body is not ${labels}`,
      expected: candidates.map((candidate) => showText(candidate.text)).join('\n or '),
      actual: showText(actual),
    };
  }
  return {
    check: 'exact-body',
    message: `the body is not ${labels}; against ${best.candidate.label}, ${best.difference.summary}`,
    expected: candidates.length > 1 ? candidates.map((candidate) => showText(candidate.text)).join('\n or ') : best.difference.expected,
    actual: candidates.length > 1 ? showText(actual) : best.difference.actual,
  };
};

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
    return {
      check: 'envelope-schema',
      message: `the ${response.status} body is not JSON, so it cannot be the spec's envelope`,
      expected: `a JSON body (${listed.join(', ')})`,
      actual: text === '' ? 'an empty body' : text.slice(0, 200),
    };
  }
  const declared = mediaTypeOf(response.headers['content-type']);
  const mediaType = declared !== undefined && listed.includes(declared) ? declared : (listed[0] as string);
  // A method the spec does not describe (HEAD, TRACE) gets the 405 the spec gives every other method.
  const described = specMethods.find((each) => each === method.toLowerCase()) ?? 'options';
  const result = contract.validators.response(described, response.status, mediaType, value);
  if (result.valid) return undefined;
  return {
    check: 'envelope-schema',
    message: `the ${response.status} body does not fit the spec's schema`,
    expected: `the spec's ${described.toUpperCase()} ${response.status} ${mediaType} schema`,
    actual: result.errors.join('; '),
  };
};

/** The methods the spec describes on the Execute path. */
const specMethods = ['post', 'get', 'put', 'patch', 'delete', 'options'] as const;

/** A body comes with a Content-Type the spec lists for the status (parameters such as charset aside). */
export const contentType: Check = ({ response, expectation }) => {
  if (expectation.body.kind === 'any' || response.body.length === 0 || expectation.mediaTypes.length === 0) return undefined;
  if (response.status !== expectation.status) return undefined;
  const declared = mediaTypeOf(response.headers['content-type']);
  if (declared !== undefined && expectation.mediaTypes.includes(declared)) return undefined;
  return {
    check: 'content-type',
    message:
      declared === undefined
        ? 'the answer has a body but no Content-Type'
        : `Content-Type ${declared} is not one the spec lists for ${expectation.status}`,
    expected: expectation.mediaTypes.join(' or '),
    actual: response.headers['content-type'] ?? '(none)',
  };
};

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
    return {
      check: 'json-body',
      message: `the body is declared ${declared ?? 'JSON'} but does not parse: ${(error as Error).message}`,
      expected: 'a JSON value, or no body',
      actual: text.slice(0, 200),
    };
  }
};

/** No key of the run comes back, in a header or in the body: answers end up in logs and tickets. */
export const keyNotEchoed: Check = ({ response, secrets }) => {
  const body = response.body.toString('latin1');
  for (const secret of secrets) {
    if (secret.value.length < 4) continue;
    const where = Object.entries(response.headers).find(([, value]) => value.includes(secret.value))?.[0];
    const inBody = response.body.includes(Buffer.from(secret.value, 'utf8')) || body.includes(secret.value);
    if (where !== undefined || inBody) {
      return {
        check: 'key-not-echoed',
        message: `the answer echoes ${secret.placeholder} back`,
        expected: 'no key in the answer',
        actual: where !== undefined ? `in header ${where}` : 'in the body',
      };
    }
  }
  return undefined;
};

/**
 * The Action ran once when the answer is a success and never otherwise, counted through the
 * target's inspection API (`GET /_mock/executions`) when it has one: a refused request must not
 * create a record.
 */
export const actionExecutions: Check = ({ expectation, actionRuns }) => {
  if (actionRuns === undefined) return undefined;
  const expected = expectation.runsAction ? 1 : 0;
  if (actionRuns === expected) return undefined;
  return {
    check: 'action-executions',
    message:
      expected === 0
        ? `the Action ran ${actionRuns} time(s) although the request must run nothing`
        : `the Action ran ${actionRuns} time(s) instead of once`,
    expected: `${expected} execution(s)`,
    actual: `${actionRuns} execution(s)`,
  };
};

/** Every check, in the order failures are reported. */
export const checks: readonly Check[] = [
  statusCode,
  exactBody,
  envelopeSchema,
  contentType,
  responseHeaders,
  jsonBody,
  keyNotEchoed,
  actionExecutions,
];

/** Runs the checks; a redirect where none is expected is the one failure (its body is a login page or empty). */
export function runChecks(input: CheckInput, list: readonly Check[] = checks): CheckFailure[] {
  const failures = list.flatMap((check) => check(input) ?? []);
  const redirect = input.response.status >= 300 && input.response.status < 400;
  return redirect ? failures.filter((failure) => failure.check === 'status-code' || failure.check === 'key-not-echoed') : failures;
}
