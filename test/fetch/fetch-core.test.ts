/**
 * The fetch edge decides as the node:http edge does, from the same core (issue 20): fault rules
 * (given as options or through `POST /_mock/faults`), CORS and the `/_mock` JSON API, in process.
 * A drop fails as a network error does; a latency is waited.
 */
import { createTenantFetch, type TenantFetchOptions } from '../../src/fetch';
import { body, contract, defaultTenant, keys, status } from '../helpers/tenant';

const config = defaultTenant();
const base = 'https://tenant.example.test';
const executeUrl = `${base}${contract.catalogue.path}?extension=MyTestWebhook`;
const post = (url = executeUrl, init: RequestInit = {}) =>
  new Request(url, {
    method: 'POST',
    headers: { Authorization: keys.header, 'Content-Type': 'application/json' },
    body: '{"Subject":"in process"}',
    ...init,
  });
const make = (options: TenantFetchOptions = {}) => createTenantFetch({ contract, tenant: config, ...options });
const read = async (response: Response) => [response.status, await response.text()];

describe('fault rules given as options', () => {
  test.each([
    ['an answer of its own', { answer: { status: 503, body: 'down' } }, [503, 'down']],
    ['a named answer of the spec', { answer: { name: 'invalidApiKey' } }, [status('invalidApiKey'), body('invalidApiKey')]],
    ['a latency, then the tenant answer', { latency: { ms: 20 } }, [200, body('executed')]],
    ['a dribble: the whole answer, in pieces', { drop: 'dribble' }, [200, body('executed')]],
    ['a rate limit of one call: the second is refused', { rateLimit: { requests: 1, perSeconds: 60 } }, [429, body('tooManyRequests')]],
  ] as const)('%s', async (_name, rule, want) => {
    const handle = make({ faults: [rule] });
    const first = await handle(post());
    const answer = 'rateLimit' in rule ? await handle(post()) : first;
    expect(await read(answer)).toEqual(want);
  });

  test.each([
    ['reset', (handle: (r: Request) => Promise<Response>) => handle(post())],
    ['close', async (handle: (r: Request) => Promise<Response>) => (await handle(post())).text()],
  ] as const)('drop: %s fails as a network error does (a TypeError)', async (drop, call) => {
    const handle = make({ faults: [{ drop }] });
    await expect(call(handle)).rejects.toThrow(TypeError);
  });

  test('drop: hang never answers; the caller’s abort ends it', async () => {
    const handle = make({ faults: [{ drop: 'hang' }] });
    const controller = new AbortController();
    const pending = handle(post(executeUrl, { signal: controller.signal }));
    controller.abort(new Error('gave up'));
    await expect(pending).rejects.toThrow('gave up');
  });

  // Issue 21 item 3: the spec declares injected answers (429) on the Execute operation only.
  test.each([
    ['GET', executeUrl, 405],
    ['PUT', executeUrl, 405],
    ['POST', `${base}${contract.catalogue.path}`, status('missingExtension')],
  ])('a rule with no match leaves %s %s to its own answer (%i)', async (method, url, want) => {
    const handle = make({ faults: [{ rateLimit: { requests: 0, perSeconds: 60 } }, { drop: 'reset' }] });
    const response = await handle(post(url, { method, body: method === 'GET' ? null : '{}' }));
    expect(response.status).toBe(want);
  });

  test('a rule that names a method applies to it', async () => {
    const handle = make({ faults: [{ match: { method: 'GET' }, answer: { status: 503 } }] });
    expect((await handle(post(executeUrl, { method: 'GET', body: null }))).status).toBe(503);
  });

  test('a rule naming an answer the spec lacks is refused at start', () => {
    expect(() => make({ faults: [{ answer: { name: 'noSuchAnswer' } }] } as unknown as TenantFetchOptions)).toThrow(
      /faults\[0\]\.answer\.name: 'noSuchAnswer' is not a named answer of the spec/,
    );
  });
});

describe('the /_mock API in process', () => {
  test('POST /_mock/faults adds a rule that then applies; GET /_mock/calls lists every call', async () => {
    const handle = make();
    const added = await handle(
      new Request(`${base}/_mock/faults`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{"drop":"reset","times":1}',
      }),
    );
    expect(added.status).toBe(201);
    await expect(handle(post())).rejects.toThrow(TypeError);
    expect((await handle(post())).status).toBe(200);
    const calls = (await (await handle(new Request(`${base}/_mock/calls`))).json()) as { calls: { answer: string; status: number }[] };
    expect(calls.calls.map(({ answer, status }) => [answer, status])).toEqual([
      ['executed', 200],
      ['drop:reset', 0],
    ]);
    const executions = (await (await handle(new Request(`${base}/_mock/executions`))).json()) as { executions: unknown[] };
    expect(executions.executions).toHaveLength(1);
  });

  test.each([
    ['any (the default in process)', {}, 200],
    ['off', { inspection: 'off' as const }, 404],
  ])('inspection %s: GET /_mock/health answers %i', async (_name, options, want) => {
    expect((await make(options)(new Request(`${base}/_mock/health`))).status).toBe(want);
  });
});

test('CORS as serve --cors: a preflight is 204 and every answer allows any origin', async () => {
  const handle = make({ cors: true });
  const preflight = await handle(new Request(executeUrl, { method: 'OPTIONS', headers: { 'Access-Control-Request-Method': 'POST' } }));
  expect(preflight.status).toBe(204);
  expect(preflight.headers.get('access-control-allow-methods')).toBe('POST');
  const answer = await handle(post());
  expect([answer.status, answer.headers.get('access-control-allow-origin')]).toEqual([200, '*']);
});

// The screening of docs/decisions.md #17 and #18 is the core's, so it holds in process too.
describe('the core’s screening holds on the fetch edge', () => {
  test.each([
    ['a /_mock write that is not JSON', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: '{"drop":"reset"}' }, 415],
    ['a /_mock read from a page of another origin', { headers: { Origin: 'https://elsewhere.example' } }, 403],
  ])('%s: %i', async (_name, init, want) => {
    const response = await make()(new Request(`${base}/_mock/faults`, init));
    expect(response.status).toBe(want);
  });

  test('a fault rule’s answer cannot act as a page', async () => {
    const response = await make({ faults: [{ answer: { status: 503, body: '<script>1</script>', contentType: 'text/html' } }] })(post());
    expect([response.status, response.headers.get('content-security-policy')]).toEqual([503, "sandbox; default-src 'none'"]);
  });
});
