import { shellSingle } from '../scenario/body-generators';
import type { BuiltRequest } from '../targets/build-request';
import type { Secret } from '../../src/redact';

/**
 * A `curl` command that sends the same request, with every key replaced by its environment
 * variable (`$ISM_API_KEY`), so it can be pasted into a shell where the key is set. Large or raw
 * bodies are piped in from a command that prints exactly the same bytes.
 */
export function curlCommand(request: BuiltRequest, secrets: readonly Secret[], timeoutMs: number): string {
  const { wire, body } = request;
  const args = ['curl', '-i', '-sS', '--max-time', String(Math.max(1, Math.ceil(timeoutMs / 1000)))];
  if (wire.method !== 'POST' || body.bytes.length === 0) args.push('-X', wire.method);
  args.push(quote(wire.url, secrets));
  const names = wire.headers.map(([name]) => name.toLowerCase());
  for (const [name, value] of wire.headers) args.push('-H', quote(`${name}: ${value}`, secrets));
  let producer: string | undefined;
  if (body.bytes.length > 0) {
    // curl adds a form Content-Type to --data-binary; remove it when the scenario sends none.
    if (!names.includes('content-type')) args.push('-H', shellSingle('Content-Type:'));
    const text = body.bytes.toString('utf8');
    if (body.bytes.length <= 512 && Buffer.from(text, 'utf8').equals(body.bytes) && /^[\x20-\x7e]*$/.test(text)) {
      args.push('--data-binary', shellSingle(text));
    } else if (body.shell) {
      producer = body.shell;
      args.push('--data-binary', '@-');
    } else {
      args.push('--data-binary', `@body.bin  # ${body.description}`);
    }
  }
  const curl = args.join(' ');
  return producer ? `${producer} | ${curl}` : curl;
}

/** Single quotes, or double quotes around `$ISM_API_KEY` where a secret appears. */
function quote(text: string, secrets: readonly Secret[]): string {
  const present = secrets.filter((secret) => secret.value.length > 0 && text.includes(secret.value));
  if (present.length === 0) return shellSingle(text);
  let out = text.replace(/[\\"$`]/g, (ch) => `\\${ch}`);
  for (const secret of [...present].sort((a, b) => b.value.length - a.value.length)) {
    const escaped = secret.value.replace(/[\\"$`]/g, (ch) => `\\${ch}`);
    out = out.split(escaped).join(secret.placeholder);
  }
  return `"${out}"`;
}
