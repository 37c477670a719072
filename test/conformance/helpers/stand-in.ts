import http from 'node:http';
import { isUtf8 } from 'node:buffer';
import type { AddressInfo } from 'node:net';
import { XMLValidator } from 'fast-xml-parser';
import type { Answer, AnswerName, Contract } from '../../../src/contract';

/**
 * A stand-in tenant for the suite's own tests: a small, correct implementation of the vendor page
 * (plus our inferred rules), whose every decision is one replaceable function. A fault is one
 * function swapped for a plausible wrong one; the suite must catch each.
 */
export const standInKeys = { apiKey: 'STANDIN0ACTIVE0KEY00000000000A11', deactivatedApiKey: 'STANDIN0RETIRED0KEY0000000000D22' } as const;

interface Webhook {
  readonly extension: string;
  readonly active: boolean;
  readonly format: 'json' | 'xml';
}

export interface Rendered {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface Request {
  readonly method: string;
  readonly authorization: string | undefined;
  readonly extension: string | undefined;
  readonly contentType: string | undefined;
  readonly contentLength: number;
  readonly bytes: Buffer;
}

/** Every decision of the stand-in. The correct one follows the spec; a fault replaces one entry. */
export interface Behaviour {
  /** Order of checks (inferred): method, authorization, extension, known and active, size, format. */
  readonly order: readonly Step[];
  allowedMethod(method: string): boolean;
  authorize(authorization: string | undefined): boolean;
  /** Runs when a request has no Authorization header, before it is refused. */
  beforeRefusingMissingKey(run: () => void): void;
  extensionMissing(extension: string | undefined): boolean;
  findWebhook(extension: string): Webhook | undefined;
  /** What to do with a registered webhook: undefined runs it, else an answer name. */
  registered(webhook: Webhook): AnswerName | undefined;
  /** Answer for an extension the tenant does not have; undefined runs the JSON webhook instead. */
  unknown(): AnswerName | undefined;
  countCharacters(text: string, bytes: Buffer): number;
  tooLong(count: number, limit: number): boolean;
  /** Checked on Content-Length before the body is read. */
  tooLongDeclared(contentLength: number, limit: number): boolean;
  format(request: Request, webhook: Webhook): AnswerName | undefined;
  render(answer: Answer, request: Request): Rendered;
}

export type Step = 'method' | 'auth' | 'extension' | 'webhook' | 'size' | 'format';

export const tenantWebhooks: readonly Webhook[] = [
  { extension: 'MyTestWebhook', active: true, format: 'json' },
  { extension: 'MyXmlWebhook', active: true, format: 'xml' },
  { extension: 'NonExistentWebhook', active: false, format: 'json' },
];

export function correctBehaviour(): Behaviour {
  return {
    order: ['method', 'auth', 'extension', 'webhook', 'size', 'format'],
    allowedMethod: (method) => method === 'POST',
    authorize: (authorization) => authorization === `rest_api_key=${standInKeys.apiKey}`,
    beforeRefusingMissingKey: () => undefined,
    extensionMissing: (extension) => extension === undefined || extension === '',
    findWebhook: (extension) => tenantWebhooks.find((webhook) => webhook.extension === extension),
    registered: (webhook) => (webhook.active ? undefined : 'nonExistentWebhook'),
    unknown: () => 'extensionDoesNotExist',
    countCharacters: (text) => text.length,
    tooLong: (count, limit) => count > limit,
    tooLongDeclared: (contentLength, limit) => contentLength > limit * 3,
    format: formatProblem,
    render: (answer) => ({
      status: answer.status,
      headers: { 'Content-Type': `${answer.contentType}; charset=utf-8`, ...answer.headers },
      body: answer.body,
    }),
  };
}

function formatProblem(request: Request, webhook: Webhook): AnswerName | undefined {
  const type = (request.contentType?.split(';')[0] ?? '').trim().toLowerCase();
  const declared = type === 'application/json' ? 'json' : type === 'application/xml' || type === 'text/xml' ? 'xml' : undefined;
  if (declared === undefined) return 'unsupportedContentType';
  const charset = /charset="?([\w-]+)/i.exec(request.contentType ?? '')?.[1];
  if ((charset !== undefined && !/^utf-?8$/i.test(charset)) || !isUtf8(request.bytes)) return 'invalidEncoding';
  // A UTF-8 byte order mark is not part of the text.
  const text = request.bytes.toString('utf8').replace(/^\uFEFF/, '');
  const first = /\S/.exec(text)?.[0];
  const looks = first === '<' ? 'xml' : first === '{' || first === '[' ? 'json' : undefined;
  if ((looks !== undefined && looks !== declared) || declared !== webhook.format) return 'formatMismatch';
  if (declared === 'xml') return XMLValidator.validate(text) === true ? undefined : 'invalidXml';
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'invalidJson';
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? undefined : 'jsonNotObject';
}

export interface StandIn {
  readonly baseUrl: string;
  close(): Promise<void>;
}

/**
 * How an answer goes on the wire: the default writes it whole with a Content-Length; a deployment
 * in front of a tenant (IIS, a load balancer) may chunk it, add headers, reset or stall.
 */
export type Delivery = (res: http.ServerResponse, rendered: Rendered, answer: Answer) => void;

export const plainDelivery: Delivery = (res, rendered) => {
  res.writeHead(rendered.status, { ...rendered.headers, 'Content-Length': String(Buffer.byteLength(rendered.body)) }).end(rendered.body);
};

/** Starts a stand-in on 127.0.0.1 and a free port, with the inspection API of the reference. */
export async function startStandIn(
  contract: Contract,
  behaviour: Behaviour = correctBehaviour(),
  deliver: Delivery = plainDelivery,
): Promise<StandIn> {
  const executions: { id: number }[] = [];
  const limit = contract.maxCharacters;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stand-in');
      if (url.pathname === '/_mock/executions') {
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ executions }));
        return;
      }
      if (url.pathname !== contract.catalogue.path) {
        res.writeHead(404).end();
        return;
      }
      const request: Request = {
        method: req.method ?? '',
        authorization: req.headers.authorization,
        extension: url.searchParams.get('extension') ?? undefined,
        contentType: req.headers['content-type'],
        contentLength: Number(req.headers['content-length'] ?? 0),
        bytes: Buffer.concat(chunks),
      };
      const run = (): void => {
        executions.push({ id: executions.length + 1 });
      };
      const answer = contract.catalogue.get(decide(request, behaviour, limit, run));
      deliver(res, behaviour.render(answer, request), answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function decide(request: Request, b: Behaviour, limit: number, run: () => void): AnswerName {
  let webhook: Webhook | undefined;
  for (const step of b.order) {
    switch (step) {
      case 'method':
        if (!b.allowedMethod(request.method)) return 'methodNotAllowed';
        break;
      case 'auth':
        if (request.authorization === undefined) b.beforeRefusingMissingKey(run);
        if (!b.authorize(request.authorization)) return 'invalidApiKey';
        break;
      case 'extension':
        if (b.extensionMissing(request.extension)) return 'missingExtension';
        break;
      case 'webhook': {
        const found = b.findWebhook(request.extension ?? '');
        if (found) {
          const refused = b.registered(found);
          if (refused) return refused;
          webhook = found;
        } else {
          const refused = b.unknown();
          if (refused) return refused;
          webhook = tenantWebhooks[0];
        }
        break;
      }
      case 'size':
        if (b.tooLongDeclared(request.contentLength, limit)) return 'bodyTooLong';
        if (b.tooLong(b.countCharacters(request.bytes.toString('utf8'), request.bytes), limit)) return 'bodyTooLong';
        break;
      case 'format': {
        const problem = b.format(request, webhook ?? (tenantWebhooks[0] as Webhook));
        if (problem) return problem;
        break;
      }
    }
  }
  run();
  return 'executed';
}
