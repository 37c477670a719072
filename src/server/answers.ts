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
      headers: { ...answer.headers, 'Content-Type': `${answer.contentType}; charset=utf-8`, 'Content-Length': utf8.encode(answer.body).length },
      body: answer.body,
    });
  }
  return rendered;
}

export function lookupAnswer(answers: RenderedAnswers, name: AnswerName): RenderedAnswer {
  return answers.get(name) as RenderedAnswer;
}
