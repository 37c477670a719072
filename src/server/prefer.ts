import type { RenderedAnswer, RenderedAnswers } from './answers';

/**
 * Prism's `Prefer: code=400, example=bodyTooLong` (RFC 7240 preference syntax), honoured only
 * when the server runs with --prefer: a real tenant ignores the header. `code` alone picks that
 * status's first example. An unknown code or example is ignored and the request runs normally.
 */
export function preferredAnswer(header: string | undefined, answers: RenderedAnswers): RenderedAnswer | undefined {
  if (header === undefined) return undefined;
  const params = new Map<string, string>();
  for (const part of header.split(',')) {
    const [key, ...rest] = part.split('=');
    if (key !== undefined && rest.length > 0) params.set(key.trim().toLowerCase(), rest.join('=').trim().replace(/^"|"$/g, ''));
  }
  const example = params.get('example');
  const code = params.get('code');
  for (const answer of answers.values()) {
    if (example !== undefined && answer.name !== example) continue;
    if (code !== undefined && String(answer.status) !== code) continue;
    if (example !== undefined || code !== undefined) return answer;
  }
  return undefined;
}
