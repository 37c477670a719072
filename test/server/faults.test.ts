import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { FaultRuleConfig } from '../../src/faults';
import { createTenantServer, TenantFileError, type TenantServer } from '../../src/node';
import { dribbleIntervalMs } from '../../src/node/fault-effects';
import { parseTenantText } from '../../src/tenant';
import { body, contract, defaultTenant, executePath, keys, startTenant } from '../helpers/tenant';

/** What came back: an answer (maybe cut short), or an error before any answer. */
interface Exchange {
  status?: number;
  headers?: http.IncomingHttpHeaders;
  text: string;
  /** The answer's body ended as its headers said. */
  complete: boolean;
  error?: string;
  elapsedMs: number;
}

function exchange(
  url: string,
  path = `${executePath}?extension=MyTestWebhook`,
  init: { method?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<Exchange> {
  const started = performance.now();
  const payload = init.body ?? JSON.stringify({ Subject: 'Printer out of toner', Priority: '3' });
  return new Promise((resolve) => {
    const result: Exchange = { text: '', complete: false, elapsedMs: 0 };
    const finish = (): void => resolve({ ...result, elapsedMs: performance.now() - started });
    const req = http.request(`${url}${path}`, {
      method: init.method ?? 'POST',
      agent: false,
      headers: {
        Authorization: keys.header,
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(payload),
        ...init.headers,
      },
    });
    req.on('response', (res) => {
      result.status = res.statusCode;
      result.headers = res.headers;
      res.setEncoding('utf8');
      res.on('data', (piece: string) => {
        result.text += piece;
      });
      res.on('end', () => {
        result.complete = true;
        finish();
      });
      res.on('error', (error: NodeJS.ErrnoException) => {
        result.error = error.code ?? error.message;
        finish();
      });
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      result.error = error.code ?? error.message;
      finish();
    });
    req.end(payload);
  });
}

let now = 1_700_000_000_000;
let server: TenantServer;
let url: string;
beforeEach(async () => ({ tenant: server, url } = await startTenant({ clock: () => now, seed: 1, timeouts: { request: 400 } })));
afterEach(() => server.close());

const rule = (config: FaultRuleConfig): void => {
  server.faults.add(config);
};
const records = (): number => server.tenant.records('Incident').length;
const executions = () => server.tenant.executions();

describe('each effect, at the edge', () => {
  test('latency: waits, then answers as the tenant would (the Action has run)', async () => {
    rule({ name: 'slow', latency: { ms: 300 } });
    const got = await exchange(url);
    expect(got).toMatchObject({ status: 200, text: body('executed'), complete: true });
    expect(got.elapsedMs).toBeGreaterThanOrEqual(290); // a lower bound: a loaded machine only makes it later
    expect(executions().map((execution) => execution.faultRule)).toEqual(['slow']);
  });

  test("answer: the rule's own answer instead of the pipeline, no record", async () => {
    rule({ answer: { status: 503, headers: { 'Retry-After': '2' }, body: '<h1>down</h1>', contentType: 'text/html' } });
    const got = await exchange(url);
    expect(got).toMatchObject({ status: 503, text: '<h1>down</h1>', complete: true });
    expect(got.headers?.['retry-after']).toBe('2');
    expect(got.headers?.['content-type']).toBe('text/html');
    expect(records()).toBe(0);
  });

  test('answer: { name } forces a named answer of the spec, byte for byte', async () => {
    rule({ answer: { name: 'bodyTooLong' } });
    const got = await exchange(url);
    expect(got).toMatchObject({ status: 400, text: body('bodyTooLong') });
    expect(records()).toBe(0);
  });

  test.each<[string, FaultRuleConfig, (got: Exchange) => void]>([
    ['drop: reset, before any answer', { drop: 'reset' }, (got) => expect([got.status, got.error]).toEqual([undefined, 'ECONNRESET'])],
    ['drop: close, after the headers', { drop: 'close' }, (got) => expect(got).toMatchObject({ status: 200, complete: false, text: '' })],
  ])('%s: no record without afterAction, one record with it', async (_label, config, check) => {
    rule({ ...config, times: 1 });
    check(await exchange(url));
    expect(records()).toBe(0);
    rule({ ...config, name: 'after', afterAction: true, times: 1 });
    check(await exchange(url));
    expect(records()).toBe(1);
    expect(executions().map((execution) => execution.faultRule)).toEqual(['after']);
  });

  test('answer with afterAction: the Action runs, then the failure', async () => {
    rule({ name: 'gateway', afterAction: true, answer: { status: 502, body: 'Bad Gateway' } });
    const got = await exchange(url);
    expect(got).toMatchObject({ status: 502, text: 'Bad Gateway' });
    expect(records()).toBe(1);
    expect(executions()[0]?.faultRule).toBe('gateway');
  });

  test('drop: dribble sends the right answer a few bytes at a time', async () => {
    rule({ drop: 'dribble' });
    const got = await exchange(url);
    expect(got).toMatchObject({ status: 200, text: body('executed'), complete: true });
    // 21 bytes in pieces of 8: two waits at least.
    expect(got.elapsedMs).toBeGreaterThanOrEqual(2 * dribbleIntervalMs - 2);
    expect(records()).toBe(1);
  });

  test('drop: hang never answers, and the server cuts the connection at its request timeout', async () => {
    rule({ drop: 'hang' });
    const got = await exchange(url);
    expect([got.status, got.error]).toEqual([undefined, 'ECONNRESET']);
    expect(records()).toBe(0);
    await expect(connections(server)).resolves.toBe(0);
  });

  test('drop: hang, a client that gives up first leaves no connection behind', async () => {
    rule({ drop: 'hang' });
    const req = http.request(`${url}${executePath}?extension=MyTestWebhook`, {
      method: 'POST',
      agent: false,
      headers: { Authorization: keys.header },
    });
    req.on('error', () => undefined);
    req.end('{}');
    await until(async () => (await connections(server)) === 1);
    req.destroy();
    await until(async () => (await connections(server)) === 0);
    await expect(connections(server)).resolves.toBe(0);
  });
});

describe('rateLimit (an injected clock)', () => {
  test('past the allowance per key: 429, Retry-After, the spec body; a slot frees when the window moves', async () => {
    rule({ name: 'limit', rateLimit: { requests: 2, perSeconds: 60 } });
    const first = [await exchange(url), await exchange(url)];
    expect(first.map((got) => got.status)).toEqual([200, 200]);
    now += 15_000;
    const refused = await exchange(url);
    expect(refused).toMatchObject({ status: 429, text: body('tooManyRequests') });
    expect(refused.headers?.['retry-after']).toBe('45');
    expect(records()).toBe(2);
    now += 45_000;
    expect((await exchange(url)).status).toBe(200);
  });

  test('the 429 is the spec example marked simulated', () => {
    expect(contract.catalogue.get('tooManyRequests')).toMatchObject({ status: 429, provenance: 'simulated' });
  });
});

// Issue 21 item 3: an injected answer can occur where the spec says (POST on the Execute path, with
// an extension); a rule with no `match` leaves other requests to their own answers.
describe('where a rule with no match applies', () => {
  test.each([
    ['GET', `${executePath}?extension=MyTestWebhook`, 405],
    ['DELETE', `${executePath}?extension=MyTestWebhook`, 405],
    ['OPTIONS', `${executePath}?extension=MyTestWebhook`, 405],
    ['POST', executePath, 400],
    ['POST', `${executePath}?extension=`, 400],
    ['POST', `${executePath}?extension=MyTestWebhook`, 429],
  ])('%s %s: %i', async (method, path, want) => {
    rule({ rateLimit: { requests: 0, perSeconds: 60 } });
    const got = await exchange(url, path, { method });
    expect(got.status).toBe(want);
    if (want === 405) expect(got.headers?.allow).toBe('POST');
  });

  test('a rule that names a method applies to that method', async () => {
    rule({ match: { method: 'GET' }, answer: { status: 503 } });
    expect((await exchange(url, `${executePath}?extension=MyTestWebhook`, { method: 'GET' })).status).toBe(503);
  });
});

describe('/_mock/faults', () => {
  const api = (method: string, path = '/_mock/faults', payload?: string) =>
    exchange(url, path, { method, body: payload ?? '', headers: payload === undefined ? {} : { 'Content-Type': 'application/json' } });

  test('POST a rule (201 with its id), GET the list, DELETE one, DELETE all', async () => {
    const posted = await api(
      'POST',
      '/_mock/faults',
      JSON.stringify({ name: 'down', match: { extension: 'MyTestWebhook' }, answer: { status: 503 } }),
    );
    expect(posted.status).toBe(201);
    const { id } = JSON.parse(posted.text) as { id: string };
    expect((await exchange(url)).status).toBe(503);
    const listed = JSON.parse((await api('GET')).text) as { faultRules: { id: string; name: string; hits: number }[] };
    expect(listed.faultRules).toEqual([expect.objectContaining({ id, name: 'down', hits: 1 })]);
    expect((await api('DELETE', `/_mock/faults/${id}`)).status).toBe(204);
    expect((await api('DELETE', `/_mock/faults/${id}`)).status).toBe(404);
    expect((await api('DELETE', '/_mock/faults/%E0%A4%A')).status).toBe(404);
    expect((await exchange(url)).status).toBe(200);
    await api('POST', '/_mock/faults', '{"drop":"reset"}');
    expect((await api('DELETE')).status).toBe(204);
    expect(JSON.parse((await api('GET')).text)).toEqual({ order: 'first matching rule decides', faultRules: [] });
  });

  test.each([
    ['a rule that does not validate', '{\n  "drop": "explode"\n}', 400, /"line": 2/],
    ['an unknown answer name', '{"answer": {"name": "nope"}}', 400, /is not a named answer of the spec/],
    ['a rule too large', JSON.stringify({ answer: { status: 503, body: 'x'.repeat(70_000) } }), 413, /at most 65536 bytes/],
  ])('%s: %d, with what to fix', async (_label, payload, status, text) => {
    const got = await api('POST', '/_mock/faults', payload);
    expect(got.status).toBe(status);
    expect(got.text).toMatch(text);
    expect(server.faults.size).toBe(0);
  });

  test('the executions name the rule that hit', async () => {
    await api('POST', '/_mock/faults', '{"name":"slowish","latency":{"ms":1}}');
    await exchange(url);
    const shown = JSON.parse((await api('GET', '/_mock/executions')).text) as { executions: { faultRule?: string }[] };
    expect(shown.executions.map((execution) => execution.faultRule)).toEqual(['slowish']);
  });

  test('the same access rule as the rest of the inspection API', async () => {
    const closed = createTenantServer({ contract, tenant: defaultTenant(), inspection: 'off' });
    const closedUrl = await closed.listen(0);
    try {
      expect((await exchange(closedUrl, '/_mock/faults', { method: 'POST', body: '{"drop":"reset"}' })).status).toBe(404);
      expect(closed.faults.size).toBe(0);
    } finally {
      await closed.close();
    }
  });
});

describe('faults: in the tenant file', () => {
  const tenantText = (faults: string): string =>
    `apiKeys:\n  - name: integration\n    referenceId: A1B2C3D4E5F60718293A4B5C6D7E8F90\n    activated: true\nwebhooks: []\nactions: []\nfaults:\n${faults}`;

  test('loads, and the server starts with the rules', () => {
    const loaded = parseTenantText(
      tenantText('  - name: flaky\n    match: { key: integration }\n    probability: 0.5\n    drop: reset\n'),
      't.yaml',
    );
    expect(loaded.ok && loaded.config.faults).toEqual([{ name: 'flaky', match: { key: 'integration' }, probability: 0.5, drop: 'reset' }]);
    const started = createTenantServer({ contract, tenant: loaded.ok ? loaded.config : defaultTenant() });
    expect(started.faults.list().map((listed) => listed.name)).toEqual(['flaky']);
  });

  test.each([
    ['an unknown effect value', '  - drop: explode\n', { line: 8, column: 11, where: 'faults[0].drop' }],
    [
      'an answer and a drop',
      '  - drop: reset\n    answer: { status: 503 }\n',
      { line: 8, where: 'faults[0].drop', message: 'the rule has both answer and drop' },
    ],
    [
      'a rate limit with a latency',
      '  - rateLimit: { requests: 1, perSeconds: 1 }\n    latency: { ms: 5 }\n',
      { line: 9, where: 'faults[0].latency', message: 'rateLimit goes alone, not with latency' },
    ],
    [
      'a key the tenant does not have',
      '  - match: { key: nobody }\n    drop: reset\n',
      { line: 8, where: 'faults[0].match.key', message: "no key named 'nobody' or ending in it" },
    ],
  ])('%s: file, line, column and fix', (_label, faults, problem) => {
    const loaded = parseTenantText(tenantText(faults), 't.yaml');
    expect(loaded.ok ? [] : loaded.problems[0]).toMatchObject({ file: 't.yaml', ...problem, fix: expect.any(String) });
  });

  test('an answer name the spec does not have stops the start', () => {
    const config = { ...defaultTenant(), faults: [{ answer: { name: 'nope' } }] };
    expect(() => createTenantServer({ contract, tenant: config })).toThrow(TenantFileError);
  });
});

function connections(tenant: TenantServer): Promise<number> {
  return new Promise((resolve, reject) => tenant.server.getConnections((error, count) => (error ? reject(error) : resolve(count))));
}

/** Polls until `check` holds (at most 5 s: jest's own timeout is the real bound). */
async function until(check: () => Promise<boolean>): Promise<void> {
  for (let tries = 0; tries < 250 && !(await check()); tries++) await new Promise((resolve) => setTimeout(resolve, 20));
}
