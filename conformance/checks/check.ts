import type { Contract } from '../../src/contract';
import type { WireResponse } from '../http/send-request';
import type { Expectation } from '../judging/expectation';
import type { Secret } from '../redaction';

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
export type FailureKind = (typeof checkNames)[number] | 'transport' | 'difference';

/** One way an answer differs from what was expected: a value, printed with a curl line. */
export interface CheckFailure {
  readonly check: FailureKind;
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
