import type { IncomingMessage } from 'node:http';
import type { AnswerName } from '../contract';
import { parseWebhookBody } from '../tenant/body-format';
import { checkDeclaredLength, readBodyWithinLimit } from '../tenant/body-limit';
import type { Tenant } from '../tenant/tenant';
import type { RequestTarget } from './request-target';

/** What the pipeline decided: a named answer of the spec, and what the access log may show. */
export interface Outcome {
  readonly answer: AnswerName;
  /** The key's hint (`…8F90`) once authorized. */
  readonly key?: string;
  /** True when the request body was left unread (the connection is then closed). */
  readonly bodyUnread: boolean;
}

/** A programming error caught on the way: the server answers 500 and keeps serving. */
export interface Fault {
  readonly fault: unknown;
}

/** Bodies at most this long that are left unread are drained so the connection can be reused. */
const drainableBytes = 64 * 1024;

/**
 * The checks in the order of contract-facts item 1 (inferred): method, authorization, extension
 * present, extension known and active, size, declared format, then the Action. Each check is its
 * own module; this function only sequences them, and stops at the first that answers. `done` is
 * called exactly once: at once for an early answer, after the body for the rest.
 */
export function runPipeline(
  req: IncomingMessage,
  target: RequestTarget,
  tenant: Tenant,
  maxCharacters: number,
  receivedAt: number,
  done: (outcome: Outcome | Fault) => void,
): void {
  const early = (answer: AnswerName, key?: string): void => done({ answer, key, bodyUnread: !drainable(req) });

  if (req.method !== 'POST') return early('methodNotAllowed');

  const auth = tenant.authorize(req.headers.authorization);
  if (!auth.ok) return early('invalidApiKey');
  const key = auth.key.hint;

  if (target.extension === undefined) return early('missingExtension', key);

  const found = tenant.lookup(target.extension);
  if (found.kind === 'inactive') return early('nonExistentWebhook', key);
  if (found.kind === 'unknown') return early('extensionDoesNotExist', key);

  if (checkDeclaredLength(req.headers['content-length'], maxCharacters) === 'too-long') return early('bodyTooLong', key);
  readBodyWithinLimit(req, maxCharacters, (read) => {
    if (!read.ok) return done({ answer: 'bodyTooLong', key, bodyUnread: true });
    let outcome: Outcome | Fault;
    try {
      const parsed = parseWebhookBody(req.headers['content-type'], read.bytes, read.text, found.webhook.format);
      if (parsed.ok) tenant.execute({ webhook: found.webhook, action: found.action, key: auth.key, body: parsed.body, receivedAt, request: { method: req.method ?? 'POST', rawHeaders: req.rawHeaders } });
      outcome = { answer: parsed.ok ? 'executed' : parsed.problem, key, bodyUnread: false };
    } catch (error) {
      // Runs inside the request stream's 'end' event: a throw here would end the process.
      outcome = { fault: error };
    }
    return done(outcome);
  });
}

/** A body Node may drain after an early answer without cost: a small declared length. */
function drainable(req: IncomingMessage): boolean {
  if (req.complete) return true;
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] === undefined && length !== undefined && /^\d+$/.test(length) && Number(length) <= drainableBytes;
}
