import { execFileSync } from 'node:child_process';
import { generateBody } from '../../conformance';
import { buildRequest } from '../../conformance/targets/build-request';
import { curlCommand } from '../../conformance/runner/exchange';
import { createRedactor } from '../../src/redact';
import type { BodySpec, Scenario } from '../../conformance/scenario/scenario';

// Body generators give exact bytes, and the curl line of a failure reproduces them with the key
// replaced by $ISM_API_KEY.
test.each([
  ['100,001 a', { kind: 'generate', generator: 'json-object', characters: 100_001, fill: 'a', last: '' }, 100_001, 100_001],
  [
    '100,000 é: characters, not bytes',
    { kind: 'generate', generator: 'json-object', characters: 100_000, fill: 'é', last: '' },
    100_000,
    199_986,
  ],
  [
    '100,000 code units of emoji',
    { kind: 'generate', generator: 'json-object', characters: 100_000, fill: '😀', last: '' },
    100_000,
    199_986,
  ],
  [
    '100,001 code units of emoji, padded by one a',
    { kind: 'generate', generator: 'json-object', characters: 100_001, fill: '😀', last: '' },
    100_001,
    199_987,
  ],
  [
    '99,999 a and one emoji last: 100,001 code units, 100,000 code points',
    { kind: 'generate', generator: 'json-object', characters: 100_001, fill: 'a', last: '😀' },
    100_001,
    100_003,
  ],
  ['100,001 characters of {', { kind: 'generate', generator: 'repeat', characters: 100_001, fill: '{', last: '' }, 100_001, 100_001],
] as [string, BodySpec, number, number][])('generates %s', (_label, spec, characters, bytes) => {
  const body = generateBody(spec);
  expect(body.bytes.toString('utf8').length).toBe(characters);
  expect(body.bytes.length).toBe(bytes);
  if (spec.kind === 'generate' && spec.generator === 'json-object') expect(typeof JSON.parse(body.bytes.toString('utf8'))).toBe('object');
  expect(body.description).toContain(`exactly ${characters.toLocaleString('en-US')} characters`);
});

test('raw parts keep invalid UTF-8 bytes as they are', () => {
  const body = generateBody({ kind: 'parts', parts: [{ text: '{"a":"' }, { hex: 'ff fe c3 28' }, { text: '"}' }] });
  expect([...body.bytes.subarray(6, 10)]).toEqual([0xff, 0xfe, 0xc3, 0x28]);
});

const key = 'LIVE0KEY0A1B2C3D4E5F60718293A4B5';
const scenario = (
  body: BodySpec,
  headers: Record<string, string> = { Authorization: 'rest_api_key={api-key}', 'Content-Type': 'application/json' },
): Scenario => ({
  id: 'x',
  file: 'x.yaml',
  summary: 'Given x, when y, then z.',
  provenance: 'inferred',
  source: 'test',
  runsAction: false,
  request: { method: 'POST', query: 'extension={extension}', path: undefined, headers, body },
  expect: { status: 400, body: { kind: 'any' } },
  live: undefined,
  prism: { kind: 'skip', reason: 'test' },
});

function curlFor(body: BodySpec, headers?: Record<string, string>): { curl: string; bytes: Buffer } {
  const built = buildRequest(scenario(body, headers), 'https://host.example.com/HEAT', '/api/rest/Webhooks/Execute', {
    'api-key': key,
    extension: 'My Hook',
  });
  if (!built.ok) throw new Error('not built');
  const secrets = [{ value: key, placeholder: '$ISM_API_KEY' }];
  return { curl: createRedactor(secrets)(curlCommand(built.request, secrets, 10_000)), bytes: built.request.wire.body };
}

test('a small body is inlined, the key is an environment variable, the URL keeps /HEAT', () => {
  const { curl } = curlFor({ kind: 'text', text: `{"it's":"x"}` });
  expect(curl).toBe(
    `curl -i -sS --max-time 10 'https://host.example.com/HEAT/api/rest/Webhooks/Execute?extension=My%20Hook' -H "Authorization: rest_api_key=$ISM_API_KEY" -H 'Content-Type: application/json' --data-binary '{"it'\\''s":"x"}'`,
  );
});

test('a request without Content-Type tells curl not to add its own', () => {
  expect(curlFor({ kind: 'text', text: '{}' }, { Authorization: 'rest_api_key={api-key}' }).curl).toContain(
    `-H 'Content-Type:' --data-binary '{}'`,
  );
});

test.each([
  ['a generated body of 100,000 é', { kind: 'generate', generator: 'json-object', characters: 100_000, fill: 'é', last: '' }],
  ['a generated body that ends in an emoji', { kind: 'generate', generator: 'json-object', characters: 100_001, fill: 'a', last: '😀' }],
  ['raw bytes that are not UTF-8', { kind: 'parts', parts: [{ text: `{"it's %s \\ x":"` }, { hex: 'ff fe c3 28' }, { text: '"}' }] }],
] as [string, BodySpec][])('the curl line pipes in exactly the same bytes: %s', (_label, body) => {
  const { curl, bytes } = curlFor(body);
  const [producer, rest] = curl.split(' | curl ');
  expect(rest).toContain('--data-binary @-');
  const printed = execFileSync('sh', ['-c', producer ?? ''], { maxBuffer: 1024 * 1024 });
  expect(printed.equals(bytes)).toBe(true);
});

test('redaction replaces every occurrence, longest key first', () => {
  const redact = createRedactor([
    { value: 'ABCD', placeholder: '$SHORT' },
    { value: 'ABCDEF', placeholder: '$LONG' },
  ]);
  expect(redact('x ABCDEF y ABCD z')).toBe('x $LONG y $SHORT z');
});

test('the exact bytes go out: any method, a Host, a Content-Length in bytes, no chunking', async () => {
  const net = await import('node:net');
  const { sendRequest } = await import('../../conformance/targets/send-request');
  let raw = Buffer.alloc(0);
  const server = net.createServer((socket) => {
    socket.on('data', (chunk: Buffer) => {
      raw = Buffer.concat([raw, chunk]);
      if (raw.includes(Buffer.from([0xc3, 0x28, 0x22, 0x7d]))) socket.end('HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as import('node:net').AddressInfo;
  try {
    const body = generateBody({ kind: 'parts', parts: [{ text: '{"a":"é' }, { hex: 'ff c3 28' }, { text: '"}' }] }).bytes;
    const sent = await sendRequest(
      { method: 'PATCH', url: `http://127.0.0.1:${port}/HEAT/x?extension=A`, headers: [['Authorization', 'rest_api_key=k']], body },
      2000,
    );
    expect(sent.ok && sent.response.status).toBe(204);
    const head = raw.subarray(0, raw.indexOf('\r\n\r\n')).toString('latin1');
    expect(head).toBe(
      `PATCH /HEAT/x?extension=A HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: rest_api_key=k\r\nContent-Length: ${body.length}\r\nConnection: close`,
    );
    expect(raw.subarray(raw.indexOf('\r\n\r\n') + 4).equals(body)).toBe(true);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
