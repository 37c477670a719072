import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultAnswer, FaultDecision } from '../faults';
import type { RenderedAnswer, RenderedAnswers } from './answers';
import { mustCloseUnread } from './unread-body';
import { faultAnswerHeaders } from '../core/fault-answer-headers';

/** `drop: dribble` sends the answer's body this many bytes at a time... */
export const dribbleBytes = 8;
/** ...one piece every this many milliseconds. */
export const dribbleIntervalMs = 25;

type Send = (
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  headers: Readonly<Record<string, string | number>>,
  body: string,
  close: boolean,
) => void;

export interface FaultEdgeDeps {
  readonly answers: RenderedAnswers;
  /** How long `drop: hang` holds a connection before the server cuts it (its request timeout). */
  readonly hangMs: number;
  /** The edge's one way of sending an answer (connection bookkeeping included). */
  readonly send: Send;
}

/** The node:http side of fault injection: what a decision does to the socket. */
export interface FaultEdge {
  /** A decision that replaces the pipeline (no Action runs): an answer, a 429, or a drop. */
  instead(req: IncomingMessage, res: ServerResponse, decision: FaultDecision): void;
  /** A decision applied to the pipeline's answer, once the pipeline (and maybe the Action) has run. */
  after(req: IncomingMessage, res: ServerResponse, decision: FaultDecision, answer: RenderedAnswer, close: boolean): void;
}

/**
 * The socket effects of fault rules. The decisions are src/faults' (no I/O there); this file
 * only waits, answers, resets, closes, holds or dribbles. Every timer it starts ends with the
 * connection, so a client that gives up leaves nothing behind.
 */
export function createFaultEdge({ answers, hangMs, send }: FaultEdgeDeps): FaultEdge {
  const executed = answers.get('executed') as RenderedAnswer;
  const tooMany = answers.get('tooManyRequests') as RenderedAnswer;

  // Every answer a rule gives, its own or a named one of the spec, cannot act as a page (docs/decisions.md #18).
  const render = (answer: FaultAnswer): RenderedAnswer => {
    if ('name' in answer) {
      const named = answers.get(answer.name) as RenderedAnswer;
      return { ...named, headers: { ...named.headers, ...faultAnswerHeaders } };
    }
    const body = answer.body ?? '';
    const headers = {
      ...answer.headers,
      ...faultAnswerHeaders,
      'Content-Type': answer.contentType ?? 'text/plain; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
    };
    return { name: 'fault', status: answer.status, headers, body };
  };

  /** Runs `then` after `ms`, unless the connection goes first. */
  const later = (req: IncomingMessage, ms: number, then: () => void): void => {
    const socket = req.socket;
    const timer = setTimeout(() => {
      socket.off('close', cancel);
      then();
    }, ms);
    const cancel = (): void => clearTimeout(timer);
    socket.once('close', cancel);
  };

  const drop = (req: IncomingMessage, res: ServerResponse, kind: string, answer: RenderedAnswer, close: boolean): void => {
    const socket = req.socket;
    switch (kind) {
      case 'reset':
        // A TCP RST before any byte of an answer (ECONNRESET at the client).
        socket.resetAndDestroy();
        return;
      case 'close':
        // The status line and headers, Content-Length included, then the connection ends: the body never comes.
        res.writeHead(answer.status, { ...answer.headers, Connection: 'close' });
        res.flushHeaders();
        socket.end();
        return;
      case 'hang': {
        // Never answer; the body is read and dropped so the client is not held back by TCP, and
        // the connection is cut at the server's own request timeout if the client has not left.
        req.resume();
        later(req, hangMs, () => socket.destroy());
        return;
      }
      default: {
        // dribble: the headers at once, then the body a few bytes at a time.
        const body = Buffer.from(answer.body);
        res.writeHead(answer.status, close ? { ...answer.headers, Connection: 'close' } : answer.headers);
        res.flushHeaders();
        const piece = (offset: number): void => {
          if (offset + dribbleBytes >= body.length) {
            res.end(body.subarray(offset));
            return;
          }
          res.write(body.subarray(offset, offset + dribbleBytes));
          later(req, dribbleIntervalMs, () => piece(offset + dribbleBytes));
        };
        piece(0);
      }
    }
  };

  return {
    instead(req, res, decision) {
      const close = mustCloseUnread(req);
      if (decision.effect === 'rateLimited') {
        send(req, res, tooMany.status, { ...tooMany.headers, 'Retry-After': String(decision.retryAfterSeconds) }, tooMany.body, close);
      } else if (decision.effect === 'answer') {
        const answer = render(decision.answer);
        send(req, res, answer.status, answer.headers, answer.body, close);
      } else if (decision.effect === 'drop') {
        // Before the Action: a close shows the headers of the answer a call that ran would get.
        drop(req, res, decision.drop, executed, close);
      }
    },
    after(req, res, decision, answer, close) {
      if (decision.effect === 'latency') {
        later(req, decision.ms, () => send(req, res, answer.status, answer.headers, answer.body, close));
      } else if (decision.effect === 'answer') {
        const replaced = render(decision.answer);
        send(req, res, replaced.status, replaced.headers, replaced.body, close);
      } else if (decision.effect === 'drop') {
        drop(req, res, decision.drop, answer, close);
      }
    },
  };
}
