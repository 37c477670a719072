import type { AnswerName } from '../contract/catalogue';
import { parseWebhookBody } from '../tenant/body-format';
import { checkDeclaredLength, type BodyRead } from '../tenant/body-limit';
import type { Tenant } from '../tenant/tenant';
import type { RequestTarget } from './request-target';

/** The request headers the core reads. */
export type HeaderName =
  | 'authorization'
  | 'content-type'
  | 'content-length'
  | 'transfer-encoding'
  | 'prefer'
  | 'access-control-request-method'
  | 'host'
  | 'origin'
  | 'sec-fetch-site'
  | 'sec-fetch-mode';

/** The text of a small body (`POST /_mock/faults`), or `too-large` when it is longer than asked (the rest is left unread). */
export type TextRead = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: 'too-large' | 'aborted' };

/** What the pipeline decided: a named answer of the spec, and what the access log may show. */
export interface Outcome {
  readonly answer: AnswerName;
  /** The key's hint (`…8F90`) once authorized, or a deactivated key's on its 401. */
  readonly key?: string;
  /** True when the request body was left unread (the connection is then closed). */
  readonly bodyUnread: boolean;
  /** The execution the Action's run was logged as, when it ran. */
  readonly executionId?: number;
}

/** A programming error caught on the way: the tenant answers 500 (answer `error`) and keeps serving. */
export interface Failure {
  readonly error: unknown;
}

/** The answer could no longer be sent (the connection is closing), so the Action was not run. */
export interface NotRun {
  readonly notRun: true;
}

/** A body in more pieces than `maxBodyPieces`: refused with a bare 400, the connection closed. */
export interface TooFragmented {
  readonly tooFragmented: true;
}

/**
 * What the pipeline reads of a request, given by each edge over its own request object (node:http's
 * IncomingMessage, a fetch Request): one object per edge, not one per request.
 */
export interface RequestReader<R> {
  method(req: R): string;
  /** The request target as sent: origin-form (`/path?query`) or absolute-form (`http://host/path?query`). */
  target(req: R): string;
  /** The first value of a request header (RFC 9110: a repeated `Authorization` is read by its first value). */
  header(req: R, name: HeaderName): string | undefined;
  /** The client's address, when the edge has one (a socket's peer); undefined in process. */
  remoteAddress(req: R): string | undefined;
  /** The request headers as received, packed for the logs (`packHeaders`). */
  headers(req: R): string;
  /** Reads the body within the limit (see BodyCollector) and calls `done` once. */
  readBody(req: R, maxCharacters: number, done: (read: BodyRead) => void): void;
  /** Reads a small body as UTF-8 text, up to `maxBytes`, and calls `done` once. */
  readText(req: R, maxBytes: number, done: (read: TextRead) => void): void;
  /** Whether an answer that leaves the body unread must close the connection. */
  mustCloseUnread(req: R): boolean;
  /**
   * Whether an answer can still be sent (the connection is not closing or gone): checked after
   * the body, just before the Action would run.
   */
  canAnswer(req: R): boolean;
}

/**
 * The checks in the order of docs/decisions.md #1 (inferred): method, authorization, extension
 * present, extension known and active, size, declared format, then the Action. Each check is its
 * own module; this function only sequences them, and stops at the first that answers. `done` is
 * called exactly once: at once for an early answer, after the body for the rest. It touches no
 * socket and no Node built-in: `reader` is the edge's way to the request, and its word on whether
 * an answer can still be sent. It makes one closure per request (the body's callback): it runs
 * on every request.
 */
export function runPipeline<R>(
  reader: RequestReader<R>,
  req: R,
  target: RequestTarget,
  tenant: Tenant,
  maxCharacters: number,
  receivedAt: number,
  done: (outcome: Outcome | Failure | NotRun | TooFragmented) => void,
): void {
  if (reader.method(req) !== 'POST') return done(early(reader, req, 'methodNotAllowed', undefined));

  const auth = tenant.authorize(reader.header(req, 'authorization'));
  // The same 401 either way; a deactivated key's hint is kept for the call journal (the page tells them apart).
  if (!auth.ok) return done(early(reader, req, 'invalidApiKey', auth.deactivated?.hint));
  const key = auth.key.hint;

  if (target.extension === undefined) return done(early(reader, req, 'missingExtension', key));

  const found = tenant.lookup(target.extension);
  if (found.kind === 'inactive') return done(early(reader, req, 'nonExistentWebhook', key));
  if (found.kind === 'unknown') return done(early(reader, req, 'extensionDoesNotExist', key));

  if (checkDeclaredLength(reader.header(req, 'content-length'), maxCharacters) === 'too-long')
    return done(early(reader, req, 'bodyTooLong', key));
  reader.readBody(req, maxCharacters, (read) => {
    if (!read.ok)
      return done(read.reason === 'too-fragmented' ? { tooFragmented: true } : { answer: 'bodyTooLong', key, bodyUnread: true });
    // Never run an Action whose answer cannot be sent (a request pipelined behind an answer that
    // closes the connection, or a connection already gone).
    if (!reader.canAnswer(req)) return done(notRun);
    let outcome: Outcome | Failure;
    try {
      const parsed = parseWebhookBody(reader.header(req, 'content-type'), read.bytes, read.text, found.webhook.format);
      const executionId = parsed.ok
        ? tenant.execute({
            webhook: found.webhook,
            action: found.action,
            key: auth.key,
            body: parsed.body,
            receivedAt,
            request: { method: reader.method(req), headers: reader.headers(req) },
          })
        : undefined;
      outcome = parsed.ok
        ? { answer: 'executed', key, bodyUnread: false, executionId }
        : { answer: parsed.problem, key, bodyUnread: false };
    } catch (error) {
      // Runs inside the request stream's 'end' event: a throw here would end the process.
      outcome = { error };
    }
    return done(outcome);
  });
}

/** An answer given before the body is read. */
function early<R>(reader: RequestReader<R>, req: R, answer: AnswerName, key: string | undefined): Outcome {
  return { answer, key, bodyUnread: reader.mustCloseUnread(req) };
}

const notRun: NotRun = { notRun: true };
