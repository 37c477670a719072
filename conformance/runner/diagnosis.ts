import type { Contract } from '../../src/contract';
import { redirectMeaning } from '../judging/checks';
import type { TransportKind } from '../targets/send-request';
import type { PlaceholderValues } from '../scenario/placeholders';
import type { ScenarioResult } from './scenario-result';

/*
 * The run as a whole, read from the pattern of its answers: a wrong base URL, a web server that
 * is not the ISM API, a login front end, a refused key. Each kind is data: what it says and what to
 * do; a `setupProblem` ends the run with exit code 2 (the command could not do its job as asked:
 * fix --target or the key, then run again).
 */

export type DiagnosisKind =
  | 'unreachable'
  | 'plain-http'
  | 'redirected'
  | 'extension-not-configured'
  | 'wrong-base-url'
  | 'not-ism'
  | 'server-errors'
  | 'key-refused'
  | 'connection-failures';

export interface Diagnosis {
  readonly kind: DiagnosisKind;
  /** One sentence a newcomer reads as the answer: what the answers show. */
  readonly message: string;
  /** What to do about it. */
  readonly fix: string;
  /** The run as given cannot judge the tenant (not the ISM API, or a refused key): exit 2. */
  readonly setupProblem: boolean;
  /** Seen in the first answers, the rest of the run would only repeat it: stop. */
  readonly stopsEarly: boolean;
}

const transportPhrases: Record<TransportKind, string> = {
  refused: 'connection refused',
  'reset-before-headers': 'connection reset before any answer',
  'reset-after-headers': 'connection reset after headers',
  'timeout-before-headers': 'timed out waiting for an answer',
  'timeout-in-body': 'timed out waiting for the body',
  'plain-http': 'https to a plain-http server',
  other: 'other connection failures',
};

/** What one answer looks like from outside. */
type Sign = 'ism' | 'success' | 'redirect' | 'not-found' | 'web-page' | 'server-error' | 'other';

/** Answers needed before a wrong-target pattern stops the run early. */
export const earlyAnswers = 3;

/** How the diagnosis reads answers, resolved once per run from the spec and the run's values. */
export interface AnswerReading {
  /** Whether a body is one of the spec's error envelopes. */
  readonly isEnvelope: (text: string) => boolean;
  /** Whether a body is one of the spec's two unknown-extension answers (either wording). */
  readonly isUnknownExtension: (text: string) => boolean;
  /** The run's --extension, exactly as configured. */
  readonly extension: string | undefined;
}

export function answerReading(contract: Contract, values: PlaceholderValues): AnswerReading {
  const messages = (['nonExistentWebhook', 'extensionDoesNotExist'] as const).map((name) => messageOf(contract.catalogue.get(name).body));
  return {
    isEnvelope: envelopeTest(contract),
    isUnknownExtension: (text) => {
      const message = messageOf(text);
      return message !== undefined && messages.includes(message);
    },
    extension: values.extension,
  };
}

function messageOf(text: string): string | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && 'Message' in value && typeof value.Message === 'string'
      ? value.Message
      : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a body is one of the spec's error envelopes (SystemError, AuthError), validated from the spec. */
export function envelopeTest(contract: Contract): (text: string) => boolean {
  const statuses = [...contract.catalogue.answers.values()]
    .filter((answer) => answer.status >= 400)
    .map((answer) => [answer.status, answer.contentType] as const);
  return (text) => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return false;
    }
    return statuses.some(([status, mediaType]) => contract.validators.response('post', status, mediaType, value).valid);
  };
}

function signOf(result: ScenarioResult, isEnvelope: (text: string) => boolean): Sign | undefined {
  const response = result.response;
  if (!response) return undefined;
  const { status, headers, body } = response;
  if (status >= 300 && status < 400) return 'redirect';
  if (isEnvelope(body)) return 'ism';
  if (status === 404) return 'not-found';
  const html = /^text\/html\b/i.test(headers['content-type'] ?? '') || /^\s*<(!doctype|html)/i.test(body);
  if (html) return 'web-page';
  if (status >= 500) return 'server-error';
  if (status >= 200 && status < 300) return 'success';
  return 'other';
}

/** Keyed requests: a POST with the run's key in the documented form (redacted to its placeholder). */
const keyed = (result: ScenarioResult): boolean =>
  result.request?.method === 'POST' &&
  result.request.headers.some(([name, value]) => name.toLowerCase() === 'authorization' && value === 'rest_api_key=$ISM_API_KEY');

/** Keyed requests to exactly the run's --extension (one `extension` parameter, same letter case). */
const toExtension = (result: ScenarioResult, extension: string | undefined): boolean => {
  if (extension === undefined || !result.request || !keyed(result)) return false;
  try {
    const given = new URL(result.request.url).searchParams.getAll('extension');
    return given.length === 1 && given[0] === extension;
  } catch {
    return false;
  }
};

/** Diagnoses that need no answers: one failed connection already shows them. */
export const needsNoAnswers = (diagnosis: Diagnosis): boolean => diagnosis.kind === 'unreachable' || diagnosis.kind === 'plain-http';

/** Reads the results so far; undefined when nothing stands out. */
export function diagnose(results: readonly ScenarioResult[], reading: AnswerReading): Diagnosis | undefined {
  const { isEnvelope } = reading;
  const transport = results.flatMap((result) => result.failures).filter((failure) => failure.check === 'transport');
  const answered = results.filter((result) => result.response !== undefined);
  if (answered.length === 0) {
    if (transport.some((failure) => failure.kind === 'plain-http'))
      return {
        kind: 'plain-http',
        message: 'the target speaks plain http, not https: it answered the TLS handshake in http (OpenSSL: wrong version number)',
        fix: 'write --target with http:// for this port, or point it at the port that serves https',
        setupProblem: true,
        stopsEarly: true,
      };
    const refused = transport.find((failure) => failure.kind === 'refused');
    if (refused)
      return {
        kind: 'unreachable',
        message: `the target is unreachable: ${refused.message}`,
        fix: 'check the host and port of --target, and that the tenant (or `ism-webhooks serve`) is running',
        setupProblem: true,
        stopsEarly: true,
      };
    return undefined;
  }
  const signs = answered.map((result) => signOf(result, isEnvelope));
  const all = (...kinds: Sign[]): boolean => signs.every((sign) => sign !== undefined && kinds.includes(sign));
  const count = `${answered.length} of ${answered.length}`;
  if (all('redirect')) return redirected(answered, count);
  if (all('not-found')) {
    return {
      kind: 'wrong-base-url',
      message: `wrong base URL: every answer (${count}) is 404 without the ISM error envelope, so nothing answers at /api/rest/Webhooks/Execute under --target`,
      fix: 'pass the tenant base URL only (the suite adds /api/rest/Webhooks/Execute); on premises it ends in /HEAT: --target https://host.example.com/HEAT',
      setupProblem: true,
      stopsEarly: true,
    };
  }
  if (all('not-found', 'web-page', 'other', 'server-error') && signs.includes('web-page')) {
    const server = answered.map((result) => result.response?.headers.server).find((value) => value !== undefined);
    return {
      kind: 'not-ism',
      message: `not the ISM API: no answer (${count}) carries the ISM error envelope; they are web pages${server ? ` from a server calling itself "${server}"` : ''} (a web server or a proxy page answers at this URL)`,
      fix: 'point --target at the ISM tenant itself (its base URL, /HEAT on premises), not a web server, portal or proxy in front of it',
      setupProblem: true,
      stopsEarly: true,
    };
  }
  if (all('server-error')) {
    return {
      kind: 'server-errors',
      message: `every answer (${count}) is a 5xx server error: the tenant, or a gateway in front of it, is failing`,
      fix: "check the tenant is up and healthy (its own logs, or the gateway's), then run again",
      setupProblem: false,
      stopsEarly: true,
    };
  }
  const keyedAnswers = answered.filter(keyed);
  if (keyedAnswers.length > 0 && keyedAnswers.every((result) => result.response?.status === 401)) {
    return {
      kind: 'key-refused',
      message: `your key was refused: every request with your API key (${keyedAnswers.length} of ${keyedAnswers.length}) got 401`,
      fix: "pass the Reference ID of an Activated REST API key of this tenant (--api-key or ISM_API_KEY), not the key's name and not a deactivated key",
      setupProblem: true,
      stopsEarly: true,
    };
  }
  const toIt = answered.filter((result) => toExtension(result, reading.extension));
  if (toIt.length > 0 && toIt.every((result) => reading.isUnknownExtension(result.response?.body ?? ''))) {
    return {
      kind: 'extension-not-configured',
      message: `the extension '${reading.extension}' is not configured on the target: every request to it with your key (${toIt.length} of ${toIt.length}) was answered that the webhook extension does not exist or is invalid`,
      fix: 'pass --extension with the extension of an active JSON webhook of this tenant, exactly as ISM shows it: extensions are case-sensitive',
      setupProblem: true,
      stopsEarly: true,
    };
  }
  if (transport.length > 0) {
    const counts = new Map<string, number>();
    for (const failure of transport) {
      const phrase = transportPhrases[failure.kind ?? 'other'];
      counts.set(phrase, (counts.get(phrase) ?? 0) + 1);
    }
    const kinds = [...counts].map(([phrase, n]) => `${phrase}: ${n}`).join('; ');
    return {
      kind: 'connection-failures',
      message: `${transport.length} of ${results.length - results.filter((result) => result.outcome === 'skipped').length} requests got no complete answer (${kinds})`,
      fix: 'a load balancer, proxy or firewall in front of the tenant may be cutting connections; run the curl line of one of them to see it',
      setupProblem: false,
      stopsEarly: false,
    };
  }
  return undefined;
}

function redirected(answered: readonly ScenarioResult[], count: string): Diagnosis {
  const location = answered.map((result) => result.response?.headers.location).find((value) => value !== undefined) ?? '(no Location)';
  const meaning = redirectMeaning(location);
  return {
    kind: 'redirected',
    message: `redirected: every answer (${count}) is a redirect, first to ${location}: ${meaning.means}`,
    fix: meaning.fix,
    setupProblem: true,
    stopsEarly: true,
  };
}
