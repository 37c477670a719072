import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Cassette } from './cassette';
import { findReplay, sizeFromFraming } from './replay';

/**
 * `serve --replay FILE` at the node:http edge (docs/decisions.md #37): a request that matches a
 * recorded exchange gets the recorded answer, status, headers and body bytes as recorded; every
 * answer says where it came from in `x-ism-source: replay` or `model`. Returns whether it answered.
 */
export function answerFromReplay(
  cassette: Cassette,
  req: IncomingMessage,
  res: ServerResponse,
  request: { path: string; extension: string | undefined; keyAccepted: boolean; maxCharacters: number },
): boolean {
  const size = sizeFromFraming(req.headers['content-length'], req.headers['transfer-encoding'], request.maxCharacters);
  const recorded =
    size === undefined
      ? undefined
      : findReplay(cassette, {
          method: req.method ?? '',
          path: request.path,
          extension: request.extension,
          authorization: req.headers.authorization,
          keyAccepted: request.keyAccepted,
          contentType: req.headers['content-type'],
          size,
        });
  if (recorded === undefined) {
    res.setHeader('x-ism-source', 'model');
    return false;
  }
  // The body is not read: the connection closes after the answer unless there was none to read.
  const unread = size !== 'empty';
  const headers: string[] = recorded.headers.flat();
  headers.push('Content-Length', String(recorded.body.length), 'x-ism-source', 'replay');
  if (unread) headers.push('Connection', 'close');
  res.writeHead(recorded.status, headers);
  res.end(recorded.body);
  return true;
}
