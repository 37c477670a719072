import type { Secret } from '../../src/redact';
import { showText } from '../../src/text-diff';
import { shellSingle } from '../scenario/body-generators';
import type { BuiltRequest } from '../targets/build-request';
import type { CheckFailure } from '../judging/checks';
import { formatMs, sendRequest, type SendResult } from '../targets/send-request';
import { executionsBetween, type Inspection } from '../targets/target';
import type { RequestSummary, ResponseSummary } from './scenario-result';
import type { RunSettings } from '../run-setup';

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

/**
 * A `curl` command that sends the same request, with every key replaced by its environment
 * variable (`$ISM_API_KEY`), so it can be pasted into a shell where the key is set. Large or raw
 * bodies are piped in from a command that prints exactly the same bytes.
 */
export function curlCommand(request: BuiltRequest, secrets: readonly Secret[], timeoutMs: number): string {
  const { wire, body } = request;
  const args = ['curl', '-i', '-sS', '--max-time', String(Math.max(1, Math.ceil(timeoutMs / 1000)))];
  if (wire.method !== 'POST' || body.bytes.length === 0) args.push('-X', wire.method);
  args.push(quote(wire.url, secrets));
  const names = wire.headers.map(([name]) => name.toLowerCase());
  for (const [name, value] of wire.headers) args.push('-H', quote(`${name}: ${value}`, secrets));
  let producer: string | undefined;
  if (body.bytes.length > 0) {
    // curl adds a form Content-Type to --data-binary; remove it when the scenario sends none.
    if (!names.includes('content-type')) args.push('-H', shellSingle('Content-Type:'));
    const text = body.bytes.toString('utf8');
    if (body.bytes.length <= 512 && Buffer.from(text, 'utf8').equals(body.bytes) && /^[\x20-\x7e]*$/.test(text)) {
      args.push('--data-binary', shellSingle(text));
    } else if (body.shell) {
      producer = body.shell;
      args.push('--data-binary', '@-');
    } else {
      args.push('--data-binary', `@body.bin  # ${body.description}`);
    }
  }
  const curl = args.join(' ');
  return producer ? `${producer} | ${curl}` : curl;
}

/** Single quotes, or double quotes around `$ISM_API_KEY` where a secret appears. */
function quote(text: string, secrets: readonly Secret[]): string {
  const present = secrets.filter((secret) => secret.value.length > 0 && text.includes(secret.value));
  if (present.length === 0) return shellSingle(text);
  let out = text.replace(/[\\"$`]/g, (ch) => `\\${ch}`);
  for (const secret of [...present].sort((a, b) => b.value.length - a.value.length)) {
    const escaped = secret.value.replace(/[\\"$`]/g, (ch) => `\\${ch}`);
    out = out.split(escaped).join(secret.placeholder);
  }
  return `"${out}"`;
}
