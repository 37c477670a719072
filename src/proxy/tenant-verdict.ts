import type { Contract } from '../contract';

/**
 * The upstream's answer judged against the contract (docs/decisions.md #36). A documented answer
 * must match the spec's example byte for byte; an inferred one is an observation (the vendor is
 * silent, so a difference is news, not a failure); anything that is not the ISM API is named with
 * the words of the conformance run's diagnosis (conformance/runner/diagnosis.ts: `not-ism`,
 * `redirected`, `wrong-base-url`, `server-errors`, `connection-failures`). That module judges a
 * whole run and lives in the suite, which the library never imports, so the one-answer signs are
 * read here again, in its terms.
 */

export type VerdictKind =
  /** A documented answer of the spec, exactly. */
  | 'documented'
  /** An inferred answer of the spec, exactly: the tenant agrees with our guess. */
  | 'inferred'
  /** 200: the webhook ran (the body is undocumented). */
  | 'executed'
  /** An ISM error envelope the spec does not name exactly (another message, an inferred case answered otherwise). */
  | 'observed'
  | 'redirected'
  | 'wrong-base-url'
  | 'not-ism'
  | 'server-errors'
  | 'connection-failures'
  /** Something else: a status and body that are none of the above. */
  | 'other';

export interface TenantVerdict {
  readonly kind: VerdictKind;
  /** The spec's example name, for `documented` and `inferred`. */
  readonly answer?: string;
  /** One line a person reads: what the tenant answered, in the contract's terms. */
  readonly summary: string;
}

export interface UpstreamAnswer {
  readonly status: number;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

/** How an upstream exchange ended without an answer (the proxy answers 502/504 then). */
export interface UpstreamFailure {
  readonly failure: string;
}

/** A label for the access log and the call journal: `documented:invalidApiKey`, `not-ism`, ... */
export function verdictLabel(verdict: TenantVerdict): string {
  return verdict.answer === undefined ? verdict.kind : `${verdict.kind}:${verdict.answer}`;
}

/** Judges one upstream answer (or failure) against the contract's catalogue and validators. */
export function judgeTenant(contract: Contract, upstream: UpstreamAnswer | UpstreamFailure): TenantVerdict {
  if ('failure' in upstream) return { kind: 'connection-failures', summary: `no answer from the upstream: ${upstream.failure}` };
  const { status, headers } = upstream;
  const text = new TextDecoder().decode(upstream.body);
  const mediaType = (headers['content-type'] ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
  for (const answer of contract.catalogue.answers.values()) {
    if (answer.status !== status || answer.body !== text || answer.provenance === 'simulated') continue;
    const kind = answer.provenance === 'documented' ? 'documented' : 'inferred';
    return { kind, answer: answer.name, summary: `${status} ${answer.name} (${kind}), exactly as the spec says` };
  }
  if (/^text\/html$/.test(mediaType) || /^\s*<(!doctype|html)/i.test(text))
    return {
      kind: 'not-ism',
      summary: `${status} web page${headers.server ? ` from "${headers.server}"` : ''}: not the ISM API (a login page or a front end answered)`,
    };
  if (status >= 300 && status < 400)
    return { kind: 'redirected', summary: `${status} redirect to ${headers.location ?? '(no Location)'}: not the API's answer` };
  if (status >= 500) return { kind: 'server-errors', summary: `${status}: the tenant, or a gateway in front of it, failed` };
  if (status >= 200 && status < 300) return { kind: 'executed', summary: `${status}: the webhook ran (the 200 body is undocumented)` };
  const envelope = envelopeOf(contract, status, mediaType, text);
  if (envelope !== undefined) return { kind: 'observed', summary: `${status} ${envelope}: an ISM answer the spec does not name exactly` };
  if (status === 404)
    return {
      kind: 'wrong-base-url',
      summary: '404 without the ISM envelope: nothing answers at this path (check --upstream, /HEAT on premises)',
    };
  return { kind: 'other', summary: `${status} ${mediaType || 'without a Content-Type'}: not an answer the contract describes` };
}

/** The error code of an ISM error envelope (validated against the spec's error schemas), if the body is one. */
function envelopeOf(contract: Contract, status: number, mediaType: string, text: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const fits = [...contract.catalogue.answers.values()].some(
    (answer) => answer.status >= 400 && contract.validators.response('post', answer.status, answer.contentType, value).valid,
  );
  if (!fits || typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const code = record.ErrorCode ?? record.code;
  return typeof code === 'string' ? code : `${status} ${mediaType}`;
}
