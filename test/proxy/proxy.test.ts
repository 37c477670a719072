import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadContract } from '../../src/contract';
import { loadCassette, openCassetteRecorder } from '../../src/proxy/cassette';
import { createProxyServer, type ProxyServerOptions } from '../../src/proxy/create-proxy-server';
import type { AccessLogEvent } from '../../src/node/options';
import { call, replied } from './helpers/call';
import { answeringUpstream, badUpstream, standInKey, testCaFile, vendorBodies, webhook, type Upstream } from './helpers/stand-ins';

const contract = loadContract();
const executePath = '/api/rest/Webhooks/Execute';
const keyed = { Authorization: `rest_api_key=${standInKey}`, 'Content-Type': 'application/json' };

interface Running {
  readonly url: string;
  readonly upstream: Upstream;
  readonly log: AccessLogEvent[];
  close(): Promise<void>;
}

async function through(upstream: Upstream, options: Partial<ProxyServerOptions> = {}): Promise<Running> {
  const log: AccessLogEvent[] = [];
  const proxy = createProxyServer({ contract, upstream: new URL(upstream.url), log: (event) => log.push(event), ...options });
  const url = await proxy.listen(0);
  return {
    url,
    upstream,
    log,
    close: async () => {
      await proxy.close();
      await upstream.close();
    },
  };
}

/** The journal's calls, as `/_mock/calls` shows them. */
async function calls(url: string): Promise<{ answer: string; status: number; requestHeaders: [string, string][] }[]> {
  return JSON.parse(replied(await call(url, '/_mock/calls', { method: 'GET' })).body.toString()).calls;
}

/** Waits until the access log holds `count` lines (a line is written when the answer has gone out). */
async function logged(running: Running, count: number): Promise<AccessLogEvent[]> {
  while (running.log.length < count) await new Promise((resolve) => setImmediate(resolve));
  return running.log;
}

describe('an answering upstream: the answer comes back unchanged, judged', () => {
  test.each([
    [
      'a documented 401',
      'iis',
      { Authorization: 'Bearer abc', 'Content-Type': 'application/json' },
      `?extension=${webhook}`,
      '{}',
      401,
      vendorBodies.invalidKey,
      'documented:invalidApiKey caller:bearer-token',
    ],
    [
      'a documented 400 (mistyped extension)',
      'iis',
      keyed,
      '?extension=blahblahWebhook',
      '{}',
      400,
      vendorBodies.doesNotExist,
      'documented:extensionDoesNotExist',
    ],
    [
      'a documented 400 (no extension)',
      'iis',
      keyed,
      '',
      '{}',
      400,
      vendorBodies.missingExtension,
      'documented:missingExtension caller:no-extension',
    ],
    ['a success (the 200 body is undocumented)', 'iis', keyed, `?extension=${webhook}`, '{"a":1}', 200, '""', 'executed'],
    [
      'an inferred case answered otherwise',
      'differs',
      keyed,
      `?extension=${webhook}`,
      '{nope',
      400,
      undefined,
      'observed caller:content-type',
    ],
    ['a 5xx', 'iis', keyed, `?extension=${webhook}`, '{nope', 500, undefined, 'server-errors caller:content-type'],
    ['a login front end', 'login', keyed, `?extension=${webhook}`, '{}', 200, undefined, 'not-ism'],
  ] as const)('%s', async (_name, kind, headers, query, body, status, expectedBody, answer) => {
    const running = await through(await answeringUpstream(kind));
    try {
      const reply = replied(await call(running.url, `${executePath}${query}`, { headers, body }));
      expect(reply.status).toBe(status);
      if (expectedBody !== undefined) expect(reply.body.toString()).toBe(expectedBody);
      const upstreamHeaders = kind === 'login' ? ['Server', 'BIG-IP'] : ['Server', 'Microsoft-IIS/10.0', 'X-Powered-By', 'ASP.NET'];
      for (let i = 0; i < upstreamHeaders.length; i += 2)
        expect(reply.headers[(upstreamHeaders[i] as string).toLowerCase()]).toBe(upstreamHeaders[i + 1]);
      const [line] = await logged(running, 1);
      expect(line?.answer).toBe(answer);
      const [shown] = await calls(running.url);
      expect(shown?.answer).toBe(answer);
      expect(JSON.stringify(shown)).not.toContain(standInKey);
      // The upstream got the request as sent: the caller's key, the body, the query.
      expect(running.upstream.received[0]?.url).toBe(`${executePath}${query}`);
      expect(running.upstream.received[0]?.body.toString()).toBe(body);
    } finally {
      await running.close();
    }
  });

  test('the upstream base path, Set-Cookie and the header order pass through; the journal hides Cookie', async () => {
    const upstream = await answeringUpstream('iis');
    const running = await through({ ...upstream, url: `${upstream.url}/HEAT/` });
    try {
      const reply = replied(
        await call(running.url, `${executePath}?extension=${webhook}`, { headers: { ...keyed, Cookie: 'SID=secret-cookie' }, body: '{}' }),
      );
      expect(reply.status).toBe(200);
      expect(upstream.received[0]?.url).toBe(`/HEAT${executePath}?extension=${webhook}`);
      expect(reply.headers['set-cookie']).toEqual(['ASP.NET_SessionId=abc123; path=/; HttpOnly']);
      expect(reply.rawHeaders.filter((_, i) => i % 2 === 0).slice(0, 4)).toEqual([
        'Server',
        'X-Powered-By',
        'X-AspNet-Version',
        'Cache-Control',
      ]);
      const [shown] = await calls(running.url);
      expect(JSON.stringify(shown)).not.toContain('secret-cookie');
      expect(JSON.stringify(shown)).not.toContain(standInKey);
    } finally {
      await running.close();
    }
  });

  test('an extension in another case than one the tenant executed is named', async () => {
    const running = await through(await answeringUpstream('iis'));
    try {
      await call(running.url, `${executePath}?extension=${webhook}`, { headers: keyed, body: '{}' });
      await call(running.url, `${executePath}?extension=mytestwebhook`, { headers: keyed, body: '{}' });
      const log = await logged(running, 2);
      expect(log[1]?.answer).toBe('documented:extensionDoesNotExist caller:extension-case');
    } finally {
      await running.close();
    }
  });

  test('--strict-caller refuses a request with findings and does not forward it', async () => {
    const running = await through(await answeringUpstream('iis'), { strictCaller: true });
    try {
      const reply = replied(
        await call(running.url, `${executePath}?extension=${webhook}`, { headers: { Authorization: standInKey }, body: '{}' }),
      );
      expect(reply.status).toBe(400);
      const kinds = JSON.parse(reply.body.toString()).findings.map((finding: { kind: string }) => finding.kind);
      expect(kinds).toEqual(['bare-key', 'content-type']);
      expect(running.upstream.received).toHaveLength(0);
      expect(reply.body.toString()).not.toContain(standInKey);
    } finally {
      await running.close();
    }
  });

  test('a body over 100,000 characters is named (counted as the tenant counts) and still forwarded', async () => {
    const running = await through(await answeringUpstream('iis'));
    try {
      const body = JSON.stringify({ text: 'é'.repeat(100_000) });
      const reply = replied(await call(running.url, `${executePath}?extension=${webhook}`, { headers: keyed, body }));
      expect(reply.body.toString()).toBe(vendorBodies.tooLong);
      expect((await logged(running, 1))[0]?.answer).toBe('documented:bodyTooLong caller:body-too-long');
    } finally {
      await running.close();
    }
  });
});

describe('an https upstream with a private CA', () => {
  test.each([
    ['trusted with --upstream-ca', fs.readFileSync(testCaFile, 'utf8'), 200, undefined],
    ['untrusted without it', undefined, 502, /not trusted/],
  ] as const)('%s', async (_name, ca, status, reason) => {
    const running = await through(await answeringUpstream('iis', 'https'), { upstreamCa: ca });
    try {
      const reply = replied(await call(running.url, `${executePath}?extension=${webhook}`, { headers: keyed, body: '{}' }));
      expect(reply.status).toBe(status);
      if (reason) expect(JSON.parse(reply.body.toString()).reason).toMatch(reason);
    } finally {
      await running.close();
    }
  });
});

describe('a bad upstream gets a 502 or 504 with the reason', () => {
  test.each([
    ['down', 502, /refused the connection/],
    ['slow', 504, /did not answer within 300 ms/],
    ['endless', 502, /larger than 65536 bytes/],
    ['huge-headers', 502, /headers are larger than 16384 bytes/],
    ['reset', 502, /reset the connection/],
  ] as const)('%s', async (kind, status, reason) => {
    const running = await through(await badUpstream(kind), { upstreamBounds: { timeoutMs: 300, maxBodyBytes: 65536 } });
    try {
      const reply = replied(await call(running.url, `${executePath}?extension=${webhook}`, { headers: keyed, body: '{}' }));
      expect(reply.status).toBe(status);
      expect(JSON.parse(reply.body.toString()).reason).toMatch(reason);
      expect((await logged(running, 1))[0]?.answer).toBe('connection-failures');
    } finally {
      await running.close();
    }
  });
});

describe('one upstream only', () => {
  test('an absolute-form target for another host is refused, not forwarded', async () => {
    const running = await through(await answeringUpstream('iis'));
    try {
      const reply = replied(
        await call(running.url, `http://example.com${executePath}?extension=${webhook}`, { headers: keyed, body: '{}' }),
      );
      expect(reply.status).toBe(403);
      expect(running.upstream.received).toHaveLength(0);
    } finally {
      await running.close();
    }
  });

  test('--base-path: requests under it are forwarded below the upstream URL, others are 404 and not forwarded', async () => {
    const running = await through(await answeringUpstream('iis'), { basePath: '/HEAT' });
    try {
      expect(running.url).toMatch(/\/HEAT$/);
      expect(replied(await call(running.url, `${executePath}?extension=${webhook}`, { headers: keyed, body: '{}' })).status).toBe(404);
      expect(replied(await call(running.url, `/HEAT${executePath}?extension=${webhook}`, { headers: keyed, body: '{}' })).status).toBe(200);
      expect(running.upstream.received.map((request) => request.url)).toEqual([`${executePath}?extension=${webhook}`]);
    } finally {
      await running.close();
    }
  });

  test("an OData read is the upstream's to answer, not the proxy's tenant of no records", async () => {
    const running = await through(await answeringUpstream('iis'));
    try {
      const target = "/api/odata/businessobject/incidents?$filter=Subject%20eq%20'x'";
      await call(running.url, target, { method: 'GET', headers: { Authorization: keyed.Authorization } });
      expect(running.upstream.received.map((request) => request.url)).toEqual([target]);
      expect((await logged(running, 1))[0]?.answer).not.toMatch(/^odata:/);
    } finally {
      await running.close();
    }
  });

  test('CONNECT is refused', async () => {
    const running = await through(await answeringUpstream('iis'));
    try {
      // node:http's client hands a CONNECT answer to a 'connect' listener: the status line is read off the socket.
      const net = await import('node:net');
      const port = new URL(running.url).port;
      const status = await new Promise<string>((resolve) => {
        const socket = net.connect(Number(port), '127.0.0.1', () =>
          socket.write('CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n'),
        );
        socket.once('data', (data) => {
          resolve(data.toString().split('\r\n')[0] ?? '');
          socket.destroy();
        });
      });
      expect(status).toBe('HTTP/1.1 405 Method Not Allowed');
      expect(running.upstream.received).toHaveLength(0);
    } finally {
      await running.close();
    }
  });
});

describe("the core's guard holds on the proxy (docs/decisions.md #17)", () => {
  const rule = JSON.stringify({ name: 'r', match: {}, answer: { name: 'tooManyRequests' } });
  test.each([
    ['a foreign Host at /_mock/faults', '/_mock/faults', { Host: 'evil.example', 'Content-Type': 'application/json' }, 403],
    [
      'a cross-site page posting to /_mock/faults',
      '/_mock/faults',
      { 'Content-Type': 'application/json', Origin: 'http://evil.example', 'Sec-Fetch-Site': 'cross-site' },
      403,
    ],
    ['a form post to /_mock/faults', '/_mock/faults', { 'Content-Type': 'text/plain' }, 415],
    ['a foreign Host on a forwarded path', `${executePath}?extension=${webhook}`, { ...keyed, Host: 'evil.example' }, 403],
  ] as const)('%s is refused, adds no rule and forwards nothing', async (_name, target, headers, status) => {
    const running = await through(await answeringUpstream('iis'));
    try {
      const reply = replied(await call(running.url, target, { headers, body: rule }));
      expect(reply.status).toBe(status);
      expect((await logged(running, 1))[0]?.answer).toBe('blocked');
      const rules = JSON.parse(replied(await call(running.url, '/_mock/faults', { method: 'GET' })).body.toString());
      expect(rules.faultRules).toEqual([]);
      expect(running.upstream.received).toHaveLength(0);
    } finally {
      await running.close();
    }
  });

  test('a name given in allowedHosts (proxy --allowed-hosts) is served and forwarded', async () => {
    const running = await through(await answeringUpstream('iis'), { allowedHosts: ['tenant'] });
    try {
      const reply = replied(
        await call(running.url, `${executePath}?extension=${webhook}`, { headers: { ...keyed, Host: 'tenant:4012' }, body: '{}' }),
      );
      expect(reply.status).toBe(200);
      expect(running.upstream.received).toHaveLength(1);
    } finally {
      await running.close();
    }
  });

  test('the same rule from the proxy itself is taken', async () => {
    const running = await through(await answeringUpstream('iis'));
    try {
      const reply = replied(await call(running.url, '/_mock/faults', { headers: { 'Content-Type': 'application/json' }, body: rule }));
      expect(reply.status).toBe(201);
      const answered = replied(await call(running.url, `${executePath}?extension=${webhook}`, { headers: keyed, body: '{}' }));
      expect(answered.status).toBe(429);
      expect(running.upstream.received).toHaveLength(0);
    } finally {
      await running.close();
    }
  });
});

describe('fault rules apply to real traffic', () => {
  test.each([
    ['an answer instead of forwarding', { answer: { name: 'tooManyRequests' } }, 0, 429],
    ['latency before forwarding', { latency: { ms: 20 } }, 1, 200],
    ['a drop after the upstream executed', { drop: 'reset', afterAction: true }, 1, 'ECONNRESET'],
  ] as const)('%s', async (_name, effect, forwarded, outcome) => {
    const running = await through(await answeringUpstream('iis'), { faults: [{ name: 'rule', match: {}, ...effect } as never] });
    try {
      const reply = await call(running.url, `${executePath}?extension=${webhook}`, { headers: keyed, body: '{}' });
      expect('error' in reply ? reply.error : reply.status).toBe(outcome);
      expect(running.upstream.received).toHaveLength(forwarded);
      expect((await logged(running, 1))[0]?.faultRule).toBe('rule');
    } finally {
      await running.close();
    }
  });
});

describe('--record', () => {
  test('writes each distinct exchange once, as it arrives, without the key or cookies, and loads back', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ism-proxy-'));
    const file = path.join(dir, 'tenant.cassette.yaml');
    const upstream = await answeringUpstream('iis');
    const recorder = openCassetteRecorder(file, upstream.url);
    if (!recorder.ok) throw new Error('recorder');
    const running = await through(upstream, { recorder: recorder.value });
    try {
      await call(running.url, `${executePath}?extension=${webhook}`, { headers: keyed, body: '{}' });
      await call(running.url, `${executePath}?extension=${webhook}`, { headers: keyed, body: '{"b":2}' });
      // Before any stop: what was answered is on disk.
      const partial = loadCassette(file);
      expect(partial.ok && partial.value.exchanges).toHaveLength(1);
      await call(running.url, `${executePath}?extension=${webhook}`, {
        headers: { ...keyed, Authorization: 'rest_api_key=WRONGKEY00000000000' },
        body: '{}',
      });
      await logged(running, 3);
    } finally {
      await running.close();
    }
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toContain(standInKey);
    expect(text).not.toContain('WRONGKEY');
    expect(text).not.toMatch(/set-cookie|SessionId=/i);
    const loaded = loadCassette(file);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    expect(loaded.value.exchanges.map((exchange) => [exchange.match.key, exchange.status, exchange.server, exchange.verdict])).toEqual([
      ['accepted', 200, 'Microsoft-IIS/10.0', 'executed'],
      ['refused', 401, 'Microsoft-IIS/10.0', 'documented:invalidApiKey'],
    ]);
    expect(Buffer.from(loaded.value.exchanges[1]?.body ?? []).toString()).toBe(vendorBodies.invalidKey);
  });
});
