import { curlCommand } from '../report/curl-command';
import { showText } from '../../src/text-diff';
import type { BuiltRequest } from '../http/build-request';
import { sendRequest, type SendResult } from '../http/send-request';
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

export function responseSummary(sent: SendResult, settings: RunSettings): ResponseSummary | undefined {
  if (!sent.ok) return undefined;
  const redact = settings.redact;
  const text = sent.response.body.toString('utf8');
  return {
    status: sent.response.status,
    headers: Object.fromEntries(Object.entries(sent.response.headers).map(([name, value]) => [name, redact(value)])),
    body: redact(text.length > 2000 ? `${text.slice(0, 2000)}… (${text.length} characters)` : text),
  };
}

export function curlFor(request: BuiltRequest, settings: RunSettings): string {
  return settings.redact(curlCommand(request, settings.secrets, settings.timeoutMs));
}
