import type { ServerResponse } from 'node:http';
import type { AnswerName, Catalogue } from '../contract';

/** A spec example ready to send: its exact bytes are rendered once, at start-up. */
export interface RenderedAnswer {
  readonly name: string;
  readonly status: number;
  readonly headers: Readonly<Record<string, string | number>>;
  /** Sent as a string: Node then writes headers and body in one write, not a writev. */
  readonly body: string;
}

export type RenderedAnswers = ReadonlyMap<string, RenderedAnswer>;

export function renderAnswers(catalogue: Catalogue): RenderedAnswers {
  const rendered = new Map<string, RenderedAnswer>();
  for (const answer of catalogue.answers.values()) {
    rendered.set(answer.name, {
      name: answer.name,
      status: answer.status,
      headers: { ...answer.headers, 'Content-Type': `${answer.contentType}; charset=utf-8`, 'Content-Length': Buffer.byteLength(answer.body) },
      body: answer.body,
    });
  }
  return rendered;
}

export function lookupAnswer(answers: RenderedAnswers, name: AnswerName): RenderedAnswer {
  return answers.get(name) as RenderedAnswer;
}

/**
 * Sends an answer. When the request body was not read to its end, the connection is closed after
 * the answer, so that an unread upload (up to 1 GB) is never drained or buffered.
 */
export function send(res: ServerResponse, answer: RenderedAnswer, extraHeaders?: Readonly<Record<string, string>>, close = false): void {
  const headers = close ? { ...answer.headers, ...extraHeaders, Connection: 'close' } : extraHeaders ? { ...answer.headers, ...extraHeaders } : answer.headers;
  res.writeHead(answer.status, headers);
  res.end(answer.body);
}
