import { curlCommand } from '../reporters/curl-command';
import { showText } from '../../src/text-diff';
import type { BuiltRequest } from '../targets/build-request';
import type { CheckFailure } from '../checks';
import { formatMs, sendRequest, type SendResult } from '../targets/send-request';
import { executionsBetween, type Inspection } from '../targets/inspection';
import type { RequestSummary, ResponseSummary } from './scenario-result';
import type { RunSettings } from './run-settings';

/** One request sent and what came back, with what the inspection API saw. */
export interface Exchange {
  readonly sent: SendResult;
  /** Executions that appeared during the request; undefined when the target cannot tell. */
  readonly actionRuns: number | undefined;
}

export async function exchange(request: BuiltRequest, settings: RunSettings, inspection: Inspection | undefined): Promise<Exchange> {
  const before = inspection ? await inspection.snapshot() : undefined;
  const sent = await sendRequest(request.wire, settings.timeoutMs);
  const after = before && inspection ? await inspection.snapshot() : undefined;
  return { sent, actionRuns: before && after ? executionsBetween(before, after) : undefined };
}

export function requestSummary(request: BuiltRequest, settings: RunSettings): RequestSummary {
  const redact = settings.redact;
  return {
    method: request.wire.method,
    url: redact(request.wire.url),
    headers: request.wire.headers.map(([name, value]) => [name, redact(value)] as const),
    body: redact(request.body.bytes.length <= 300 ? showText(request.body.bytes.toString('utf8')) : request.body.description),
  };
}

/** The answer, or what arrived of it before a transport failure (`complete: false`). */
export function responseSummary(sent: SendResult, settings: RunSettings): ResponseSummary | undefined {
  const answer = sent.ok ? sent.response : sent.partial;
  if (!answer) return undefined;
  const redact = settings.redact;
  const text = answer.body.toString('utf8');
  return {
    status: answer.status,
    headers: Object.fromEntries(Object.entries(answer.headers).map(([name, value]) => [name, redact(value)])),
    body: redact(text.length > 2000 ? `${text.slice(0, 2000)}… (${text.length} characters)` : text),
    complete: sent.ok,
  };
}

/**
 * A transport failure as a check failure: it names what went wrong and what did arrive. It is
 * never an observation: a scenario without a complete answer fails in every profile.
 */
export function transportFailure(sent: Exclude<SendResult, { ok: true }>, timeoutMs: number): CheckFailure {
  const partial = sent.partial;
  const arrived = partial
    ? `status ${partial.status}, ${Object.keys(partial.headers).length} header(s) and ${partial.body.length} byte(s) of body arrived, then nothing more (${formatMs(sent.durationMs)} in all)`
    : `nothing arrived, not even a status line (${formatMs(sent.durationMs)} in all)`;
  return {
    check: 'transport',
    kind: sent.kind,
    message: sent.error,
    expected: `a complete HTTP answer within ${formatMs(timeoutMs)}`,
    actual: arrived,
  };
}

export function curlFor(request: BuiltRequest, settings: RunSettings): string {
  return settings.redact(curlCommand(request, settings.secrets, settings.timeoutMs));
}
