import type { Answer } from '../../../src/contract';
import { correctBehaviour, standInKeys, tenantWebhooks, type Behaviour, type Rendered, type Request } from './stand-in';

/**
 * One wrong detail of the vendor page, as an implementer could get it wrong, and the scenarios
 * the suite must fail on because of it.
 */
export interface StandInFault {
  readonly name: string;
  readonly behaviour: Behaviour;
  readonly failing: readonly string[];
}

const correct = correctBehaviour();

/** The body of an answer with one member changed, key order kept (never a retyped body). */
function edited(answer: Answer, edit: (value: Record<string, unknown>) => Record<string, unknown>): string {
  return JSON.stringify(edit({ ...(answer.value as Record<string, unknown>) }));
}

function renderWith(change: (answer: Answer, rendered: Rendered, request: Request) => Partial<Rendered> | undefined): Behaviour['render'] {
  return (answer, request) => {
    const rendered = correct.render(answer, request);
    return { ...rendered, ...(change(answer, rendered, request) ?? {}) };
  };
}

const messageOf = (answer: Answer): string => String((answer.value as { Message?: unknown }).Message ?? '');

/** Faults on documented behaviour: the live profile (with --allow-side-effects) must fail on each. */
export const documentedFaults: readonly StandInFault[] = [
  {
    name: 'the missing-extension message loses its trailing space',
    behaviour: {
      ...correct,
      render: renderWith((answer) =>
        answer.name === 'missingExtension' ? { body: edited(answer, (v) => ({ ...v, Message: messageOf(answer).trimEnd() })) } : undefined,
      ),
    },
    failing: ['missing-extension'],
  },
  {
    name: 'ErrorCode without its trailing hyphen',
    behaviour: {
      ...correct,
      render: renderWith((answer) =>
        answer.status === 400 ? { body: edited(answer, (v) => ({ ...v, ErrorCode: String(v.ErrorCode).replace(/-$/, '') })) } : undefined,
      ),
    },
    failing: ['missing-extension', 'body-over-limit', 'mistyped-extension', 'non-existent-webhook'],
  },
  {
    name: '"Invalid Webhook Extension Provided." loses its trailing space',
    behaviour: {
      ...correct,
      render: renderWith((answer) =>
        answer.name === 'nonExistentWebhook'
          ? { body: edited(answer, (v) => ({ ...v, Message: messageOf(answer).trimEnd() })) }
          : undefined,
      ),
    },
    failing: ['non-existent-webhook'],
  },
  {
    name: 'a typographic apostrophe in "doesn\'t"',
    behaviour: {
      ...correct,
      render: renderWith((answer) =>
        answer.name === 'extensionDoesNotExist'
          ? { body: edited(answer, (v) => ({ ...v, Message: messageOf(answer).replace("'", '\u2019') })) }
          : undefined,
      ),
    },
    failing: ['mistyped-extension', 'extension-other-letter-case'],
  },
  {
    name: 'the body-too-long message writes 100000 without the comma',
    behaviour: {
      ...correct,
      render: renderWith((answer) =>
        answer.name === 'bodyTooLong'
          ? { body: edited(answer, (v) => ({ ...v, Message: messageOf(answer).replace('100,000', '100000') })) }
          : undefined,
      ),
    },
    failing: ['body-over-limit'],
  },
  {
    name: 'the 401 body pretty-printed as the vendor page shows it',
    behaviour: {
      ...correct,
      render: renderWith((answer) => (answer.status === 401 ? { body: JSON.stringify(answer.value, null, 2) } : undefined)),
    },
    failing: ['incorrect-api-key', 'no-authorization-header'],
  },
  {
    name: 'the 401 description retyped in title case',
    behaviour: {
      ...correct,
      render: renderWith((answer) =>
        answer.status === 401
          ? { body: edited(answer, (v) => ({ ...v, description: 'Invalid Session Key or Authentication Token' })) }
          : undefined,
      ),
    },
    failing: ['incorrect-api-key', 'deactivated-api-key', 'no-authorization-header'],
  },
  {
    name: 'an extra Details member in every 400 envelope',
    behaviour: {
      ...correct,
      render: renderWith((answer) => (answer.status === 400 ? { body: edited(answer, (v) => ({ ...v, Details: null })) } : undefined)),
    },
    failing: ['missing-extension', 'body-over-limit'],
  },
  {
    name: 'error answers served as text/plain',
    behaviour: {
      ...correct,
      render: renderWith((answer, rendered) =>
        answer.status >= 400 ? { headers: { ...rendered.headers, 'Content-Type': 'text/plain; charset=utf-8' } } : undefined,
      ),
    },
    failing: ['missing-extension', 'incorrect-api-key'],
  },
  {
    name: 'a refused key answered 403 Forbidden',
    behaviour: { ...correct, render: renderWith((answer) => (answer.status === 401 ? { status: 403 } : undefined)) },
    failing: ['incorrect-api-key', 'deactivated-api-key', 'no-authorization-header'],
  },
  {
    name: 'an unknown extension answered 404 Not Found',
    behaviour: { ...correct, render: renderWith((answer) => (answer.name === 'extensionDoesNotExist' ? { status: 404 } : undefined)) },
    failing: ['mistyped-extension', 'extension-other-letter-case'],
  },
  {
    name: 'the missing extension answered with the non-existent-webhook message',
    behaviour: {
      ...correct,
      extensionMissing: () => false,
      findWebhook: (extension) => (extension === '' ? { extension: '', active: false, format: 'json' } : correct.findWebhook(extension)),
    },
    failing: ['missing-extension'],
  },
  {
    name: 'the limit off by one: exactly 100,000 characters refused',
    behaviour: { ...correct, tooLong: (count, limit) => count >= limit },
    failing: ['body-at-limit'],
  },
  {
    name: 'the limit off by one: 100,001 characters accepted',
    behaviour: { ...correct, tooLong: (count, limit) => count > limit + 1 },
    failing: ['body-over-limit'],
  },
  {
    name: 'bytes counted instead of characters',
    behaviour: { ...correct, countCharacters: (_text, bytes) => bytes.length },
    failing: ['body-at-limit-two-byte-characters'],
  },
  {
    name: 'Content-Length (bytes) compared with the character limit before reading',
    behaviour: { ...correct, tooLongDeclared: (contentLength, limit) => contentLength > limit },
    failing: ['body-at-limit-two-byte-characters'],
  },
  {
    name: 'the extension compared without regard to letter case',
    behaviour: {
      ...correct,
      findWebhook: (extension) => tenantWebhooks.find((webhook) => webhook.extension.toLowerCase() === extension.toLowerCase()),
    },
    failing: ['extension-other-letter-case'],
  },
  {
    name: "the key's Activated box ignored",
    behaviour: {
      ...correct,
      authorize: (authorization) => correct.authorize(authorization) || authorization === `rest_api_key=${standInKeys.deactivatedApiKey}`,
    },
    failing: ['deactivated-api-key'],
  },
  {
    name: 'only the rest_api_key= prefix checked',
    behaviour: { ...correct, authorize: (authorization) => authorization?.startsWith('rest_api_key=') ?? false },
    failing: ['incorrect-api-key', 'deactivated-api-key'],
  },
  {
    name: 'the Action runs before a request without Authorization is refused',
    behaviour: { ...correct, beforeRefusingMissingKey: (run) => run() },
    failing: ['no-authorization-header'],
  },
  {
    name: "the webhook's active flag ignored (a deactivated webhook runs)",
    behaviour: { ...correct, registered: () => undefined },
    failing: ['non-existent-webhook'],
  },
  {
    name: 'an unknown extension runs the default webhook',
    behaviour: { ...correct, unknown: () => undefined },
    failing: ['mistyped-extension', 'extension-other-letter-case'],
  },
  {
    name: 'success answered 202 Accepted',
    behaviour: { ...correct, render: renderWith((answer) => (answer.status === 200 ? { status: 202 } : undefined)) },
    failing: ['execute-configured-webhook', 'body-at-limit'],
  },
  {
    name: 'success body declared JSON but plain text',
    behaviour: { ...correct, render: renderWith((answer) => (answer.status === 200 ? { body: 'OK' } : undefined)) },
    failing: ['execute-configured-webhook'],
  },
  {
    name: 'the key echoed back in a response header',
    behaviour: {
      ...correct,
      render: renderWith((_answer, rendered, request) => ({
        headers: { ...rendered.headers, 'X-Authorized-As': request.authorization ?? '' },
      })),
    },
    failing: ['execute-configured-webhook'],
  },
];

/** Faults on inferred behaviour: observed (exit 0) in the live profile, failures with --strict. */
export const inferredFaults: readonly StandInFault[] = [
  {
    name: 'a Bearer token accepted',
    behaviour: { ...correct, authorize: (authorization) => correct.authorize(authorization?.replace(/^Bearer /, 'rest_api_key=')) },
    failing: ['bearer-authorization'],
  },
  {
    name: 'a bare key accepted',
    behaviour: { ...correct, authorize: (authorization) => correct.authorize(authorization) || authorization === standInKeys.apiKey },
    failing: ['bare-key-authorization'],
  },
  {
    name: 'code points counted instead of UTF-16 code units',
    behaviour: { ...correct, countCharacters: (text) => [...text].length },
    failing: ['astral-characters-over-limit'],
  },
  {
    name: 'a JSON array accepted',
    behaviour: {
      ...correct,
      format: (request, webhook) => (request.bytes.toString('utf8').startsWith('[') ? undefined : correct.format(request, webhook)),
    },
    failing: ['json-not-an-object'],
  },
  {
    name: '405 without the Allow header',
    behaviour: {
      ...correct,
      render: renderWith((answer, rendered) =>
        answer.status === 405 ? { headers: { 'Content-Type': rendered.headers['Content-Type'] ?? '' } } : undefined,
      ),
    },
    failing: ['method-get-not-allowed'],
  },
  {
    name: 'an empty extension= treated as an unknown one',
    behaviour: { ...correct, extensionMissing: (extension) => extension === undefined },
    failing: ['empty-extension'],
  },
  {
    name: 'the size checked before the extension',
    behaviour: { ...correct, order: ['method', 'auth', 'extension', 'size', 'webhook', 'format'] },
    failing: ['extension-checked-before-size'],
  },
  {
    name: 'the extension checked before the key',
    behaviour: { ...correct, order: ['method', 'extension', 'auth', 'webhook', 'size', 'format'] },
    failing: ['authorization-checked-before-extension'],
  },
];
