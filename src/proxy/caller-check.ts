import type { AnswerName } from '../contract/catalogue';
import { declaredFormat, parseWebhookBody } from '../tenant/body-format';
import type { BodyRead } from '../tenant/body-limit';

/**
 * The caller judged against the contract, one request at a time: what it sent that a tenant
 * would refuse or read differently. Findings are values, shown with the exchange; the proxy
 * forwards the request anyway unless `--strict-caller` (docs/decisions.md #36).
 */

export type CallerFindingKind =
  | 'method'
  | 'no-authorization'
  | 'bearer-token'
  | 'bare-key'
  | 'no-extension'
  | 'extension-case'
  | 'body-too-long'
  | 'content-type';

export interface CallerFinding {
  readonly kind: CallerFindingKind;
  /** One sentence: what the caller sent, and what the tenant does with it. */
  readonly message: string;
  /** The spec's answer a tenant gives to it, when the contract names one. */
  readonly expected?: AnswerName;
}

export interface CallerRequest {
  readonly method: string;
  readonly authorization: string | undefined;
  readonly contentType: string | undefined;
  /** The `extension` query parameter; undefined when absent or empty. */
  readonly extension: string | undefined;
  /** The body as the tenant's own counting reads it (src/tenant/body-limit.ts's BodyCollector). */
  readonly body: BodyRead;
}

/** The documented header form: `Authorization: rest_api_key=<Reference ID>` (vendor page "Using REST API Key"). */
const keyPrefix = 'rest_api_key=';

/**
 * Checks one request. `knownExtensions`: the extensions the upstream has executed so far (a 200),
 * so a caller using `mytestwebhook` for `MyTestWebhook` is named (the extension is case-sensitive,
 * vendor page).
 */
export function checkCaller(request: CallerRequest, knownExtensions: ReadonlySet<string>, maxCharacters: number): CallerFinding[] {
  const findings: CallerFinding[] = [];
  if (request.method !== 'POST')
    findings.push({ kind: 'method', message: `${request.method} is not POST: Execute takes POST only`, expected: 'methodNotAllowed' });
  const auth = request.authorization?.trim();
  if (auth === undefined || auth === '') {
    findings.push({
      kind: 'no-authorization',
      message: 'no Authorization header: send Authorization: rest_api_key=KEY',
      expected: 'invalidApiKey',
    });
  } else if (/^bearer\s/i.test(auth)) {
    findings.push({
      kind: 'bearer-token',
      message: 'a Bearer token: webhooks take a REST API key only, as Authorization: rest_api_key=KEY',
      expected: 'invalidApiKey',
    });
  } else if (!auth.startsWith(keyPrefix)) {
    findings.push({
      kind: 'bare-key',
      message: /^rest_api_key\s*[:= ]/i.test(auth)
        ? 'the key is not in the form rest_api_key=KEY (lower case, an equals sign, no space)'
        : 'a bare key: write it as Authorization: rest_api_key=KEY',
      expected: 'invalidApiKey',
    });
  }
  if (request.extension === undefined) {
    findings.push({ kind: 'no-extension', message: 'no extension= parameter: name the webhook', expected: 'missingExtension' });
  } else if (!knownExtensions.has(request.extension)) {
    const lower = request.extension.toLowerCase();
    const known = [...knownExtensions].find((extension) => extension.toLowerCase() === lower);
    if (known !== undefined)
      findings.push({
        kind: 'extension-case',
        message: `extension '${request.extension}' differs only in case from '${known}', which this tenant executed: extensions are case-sensitive`,
        expected: 'extensionDoesNotExist',
      });
  }
  if (!request.body.ok) {
    if (request.body.reason === 'too-long')
      findings.push({
        kind: 'body-too-long',
        message: `the body is over ${maxCharacters.toLocaleString('en-US')} characters (counted as UTF-16 code units, as the tenant counts)`,
        expected: 'bodyTooLong',
      });
    return findings;
  }
  const declared = declaredFormat(request.contentType);
  if (request.method === 'POST') {
    const parsed = parseWebhookBody(request.contentType, request.body.bytes, request.body.text, declared ?? 'json');
    if (!parsed.ok)
      findings.push({
        kind: 'content-type',
        message:
          declared === undefined
            ? `Content-Type ${request.contentType === undefined ? 'is missing' : `'${request.contentType}' is neither JSON nor XML`}: declare application/json or application/xml`
            : `the body does not match its declared ${declared.toUpperCase()} Content-Type (${parsed.problem})`,
        expected: parsed.problem,
      });
  }
  return findings;
}
