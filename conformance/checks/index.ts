import { actionExecutions } from './action-executions';
import type { Check, CheckFailure, CheckInput } from './check';
import { contentType } from './content-type';
import { envelopeSchema } from './envelope-schema';
import { exactBody } from './exact-body';
import { jsonBody } from './json-body';
import { keyNotEchoed } from './key-not-echoed';
import { responseHeaders } from './response-headers';
import { statusCode } from './status-code';

/** Every check, in the order failures are reported. */
export const checks: readonly Check[] = [statusCode, exactBody, envelopeSchema, contentType, responseHeaders, jsonBody, keyNotEchoed, actionExecutions];

export function runChecks(input: CheckInput, list: readonly Check[] = checks): CheckFailure[] {
  return list.flatMap((check) => check(input) ?? []);
}

export * from './check';
export { actionExecutions, contentType, envelopeSchema, exactBody, jsonBody, keyNotEchoed, responseHeaders, statusCode };
