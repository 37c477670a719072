import type { IncomingMessage } from 'node:http';
import { faultsAnswer, maxRuleBytes, type FaultRules, type FaultsApiAnswer } from '../faults';
import { type InspectionAccess, mayInspect } from './inspection';
import { mustCloseUnread } from './unread-body';

/**
 * `/_mock/faults` at the node edge: the same access rule as the rest of the inspection API
 * (404 to clients it does not serve), and the POST body read up to `maxRuleBytes` (a larger one
 * is refused unread with 413). The answer is src/faults'.
 */
export function faultsRoute(
  req: IncomingMessage,
  route: string,
  access: InspectionAccess,
  rules: FaultRules,
  answerNames: ReadonlySet<string>,
  reply: (answer: FaultsApiAnswer, bodyUnread: boolean) => void,
): void {
  const method = req.method ?? 'GET';
  if (!mayInspect(access, req.socket.remoteAddress)) {
    reply({ status: 404, body: JSON.stringify({ error: 'not found' }, null, 2) }, true);
    return;
  }
  if (method !== 'POST') {
    reply(faultsAnswer({ method, route, body: '' }, rules, answerNames), mustCloseUnread(req));
    return;
  }
  const tooLarge: FaultsApiAnswer = {
    status: 413,
    body: JSON.stringify({ error: `a fault rule is at most ${maxRuleBytes} bytes`, fix: 'send one rule at a time' }, null, 2),
  };
  if (Number(req.headers['content-length'] ?? 0) > maxRuleBytes) {
    reply(tooLarge, true);
    return;
  }
  const pieces: Buffer[] = [];
  let size = 0;
  const onData = (piece: Buffer): void => {
    size += piece.length;
    if (size <= maxRuleBytes) {
      pieces.push(piece);
      return;
    }
    // A chunked upload past the bound: answered at once, the rest never read (the connection closes).
    req.off('data', onData);
    req.off('end', onEnd);
    reply(tooLarge, true);
  };
  const onEnd = (): void => reply(faultsAnswer({ method, route, body: Buffer.concat(pieces).toString('utf8') }, rules, answerNames), false);
  req.on('data', onData);
  req.on('end', onEnd);
}
