import type { AnswerName, Catalogue } from '../contract/catalogue';

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
  const utf8 = new TextEncoder();
  const rendered = new Map<string, RenderedAnswer>();
  for (const answer of catalogue.answers.values()) {
    rendered.set(answer.name, {
      name: answer.name,
      status: answer.status,
      headers: {
        ...answer.headers,
        'Content-Type': `${answer.contentType}; charset=utf-8`,
        'Content-Length': utf8.encode(answer.body).length,
      },
      body: answer.body,
    });
  }
  return rendered;
}

export function lookupAnswer(answers: RenderedAnswers, name: AnswerName): RenderedAnswer {
  return answers.get(name) as RenderedAnswer;
}

/** An answer that is not a spec example: the edges' own plain-text refusals. */
export interface PlainAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

const plain = (status: number, body: string): PlainAnswer => ({ status, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body });

/**
 * Not the Execute path (404); a target whose authority is malformed (400); a body in too many
 * pieces (400, see maxBodyPieces); a programming error (500, answer `error`).
 */
export const plainAnswers = {
  notFound: plain(404, 'Not Found'),
  badRequest: plain(400, 'Bad Request'),
  tooFragmented: plain(400, 'Bad Request'),
  error: plain(500, 'Internal Server Error'),
} as const;
