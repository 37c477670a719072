import type { RenderedAnswer, RenderedAnswers } from './answers';

/** What a `Prefer` header asks for: nothing, a named answer of the spec, or one the spec lacks. */
export type Preference =
  | { readonly kind: 'none' }
  | { readonly kind: 'answer'; readonly answer: RenderedAnswer }
  | { readonly kind: 'unknown'; readonly status: 404; readonly headers: Readonly<Record<string, string>>; readonly body: string };

/**
 * Prism's `Prefer: code=400, example=bodyTooLong` (RFC 7240 preference syntax), honoured only
 * when the server runs with --prefer: a real tenant ignores the header. `code` alone picks that
 * status's first example. A code or example the spec does not have is answered as Prism answers
 * it (404, application/problem+json, type NOT_FOUND), naming the known examples; the request
 * never runs the Action.
 */
export function preference(header: string | undefined, answers: RenderedAnswers): Preference {
  if (header === undefined) return { kind: 'none' };
  const params = new Map<string, string>();
  for (const part of header.split(',')) {
    const [key, ...rest] = part.split('=');
    if (key !== undefined && rest.length > 0) params.set(key.trim().toLowerCase(), rest.join('=').trim().replace(/^"|"$/g, ''));
  }
  const example = params.get('example');
  const code = params.get('code');
  if (example === undefined && code === undefined) return { kind: 'none' };
  for (const answer of answers.values()) {
    if (example !== undefined && answer.name !== example) continue;
    if (code !== undefined && String(answer.status) !== code) continue;
    return { kind: 'answer', answer };
  }
  const known = [...answers.values()].map((answer) => `${answer.name} (${answer.status})`).join(', ');
  const asked = [code !== undefined ? `code ${code}` : '', example !== undefined ? `example ${example}` : '']
    .filter((each) => each !== '')
    .join(' and ');
  const problem = {
    type: 'https://stoplight.io/prism/errors#NOT_FOUND',
    title: 'The server cannot find the requested content',
    status: 404,
    detail: `The spec has no answer for ${asked} (Prefer header). Known examples: ${known}.`,
  };
  const body = JSON.stringify(problem);
  return {
    kind: 'unknown',
    status: 404,
    headers: { 'Content-Type': 'application/problem+json', 'Content-Length': String(new TextEncoder().encode(body).length) },
    body,
  };
}
