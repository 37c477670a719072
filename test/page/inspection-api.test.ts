import http from 'node:http';
import request from 'supertest';
import { stalledStream } from '../helpers/stalled-stream';
import { contract, defaultTenant, executePath, keys, startTenant } from '../helpers/tenant';

// The server side of the inspection page: its files, its JSON, and its event stream.

const call = (url: string, payload = '{"Subject":"s"}') =>
  request(url)
    .post(`${executePath}?extension=MyTestWebhook`)
    .set('Authorization', keys.header)
    .set('Content-Type', 'application/json')
    .send(payload);

interface StreamEvent {
  readonly event: string;
  // biome-ignore lint/suspicious/noExplicitAny: JSON read in a test, its shape asserted field by field
  readonly data: any;
}

/** Opens `GET /_mock/events` and collects its events; `count(n)` resolves once n have come (or the stream ended). */
async function openEvents(
  url: string,
): Promise<{ events: StreamEvent[]; count(n: number): Promise<StreamEvent[]>; ended: Promise<void>; close(): void }> {
  const events: StreamEvent[] = [];
  const waiting: { n: number; resolve: () => void }[] = [];
  const wake = (): void => {
    for (const wait of [...waiting]) if (events.length >= wait.n) wait.resolve();
  };
  let req!: http.ClientRequest;
  let ended!: Promise<void>;
  await new Promise<void>((opened, reject) => {
    req = http.get(`${url}/_mock/events`, (res) => {
      opened();
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.+)$/m.exec(block)?.[1];
          if (event !== undefined && data !== undefined) events.push({ event, data: JSON.parse(data) });
        }
        wake();
      });
      ended = new Promise((resolve) =>
        res.on('close', () => {
          for (const wait of waiting) wait.resolve();
          resolve();
        }),
      );
    });
    req.on('error', reject);
  });
  return {
    events,
    count: (n) =>
      new Promise((resolve) => {
        waiting.push({ n, resolve: () => resolve(events) });
        wake();
      }),
    ended,
    close: () => req.destroy(),
  };
}

describe('the page and its JSON', () => {
  test.each([
    ['/_mock/', 'text/html; charset=utf-8', '<h1>Reference tenant'],
    ['/_mock/page.css', 'text/css; charset=utf-8', 'prefers-color-scheme: dark'],
    ['/_mock/page.js', 'text/javascript; charset=utf-8', "new EventSource('events')"],
  ])('GET %s is served by the package, locked to this server', async (path, type, content) => {
    const { tenant, url } = await startTenant();
    try {
      const res = await request(url)
        .get(path)
        .buffer(true)
        .parse((r, done) => {
          let text = '';
          r.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
          r.on('end', () => done(null, text));
        });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe(type);
      expect(res.headers['content-security-policy']).toContain("default-src 'none'");
      expect(res.headers['content-security-policy']).toContain("connect-src 'self'");
      expect(res.body as string).toContain(content);
      expect(res.body as string).not.toMatch(/https?:\/\//);
    } finally {
      await tenant.close();
    }
  });

  test.each([
    ['off', '/_mock/'],
    ['off', '/_mock/events'],
    ['off', '/_mock/tenant'],
  ] as const)('--inspection %s: %s answers 404', async (inspection, path) => {
    const { tenant, url } = await startTenant({ inspection });
    try {
      expect((await request(url).get(path)).status).toBe(404);
    } finally {
      await tenant.close();
    }
  });

  test('GET /_mock/tenant names keys by name and hint, never the key', async () => {
    const { tenant, url } = await startTenant();
    try {
      const res = await request(url).get('/_mock/tenant');
      expect(res.body.apiKeys).toEqual([
        { name: 'integration', hint: `…${keys.active.slice(-4)}`, activated: true },
        { name: 'retired-integration', hint: `…${keys.deactivated.slice(-4)}`, activated: false },
      ]);
      expect(res.body.webhooks[0]).toEqual({
        extension: 'MyTestWebhook',
        active: true,
        format: 'json',
        action: 'Create Incident from JSON',
      });
      expect(res.body.executePath).toBe(executePath);
      expect(res.body.faultRules).toEqual([]);
      expect(res.text).not.toContain(keys.active);
      expect(res.text).not.toContain(keys.deactivated);
    } finally {
      await tenant.close();
    }
  });

  test('GET /_mock/executions/ID: the body as received, headers and body redacted; 404 once gone', async () => {
    const { tenant, url } = await startTenant();
    try {
      const payload = `{"Subject":"x","Description":"${keys.active}"}`;
      await call(url, payload).set('X-Ticket', keys.active);
      const res = await request(url).get('/_mock/executions/1');
      expect(res.status).toBe(200);
      const hint = `…${keys.active.slice(-4)}`;
      expect(res.body).toMatchObject({
        id: 1,
        method: 'POST',
        answer: 'executed',
        status: 200,
        answerBody: contract.catalogue.get('executed').body,
      });
      expect(res.body.body).toEqual({ format: 'json', text: `{"Subject":"x","Description":"${hint}"}` });
      expect(res.body.requestHeaders).toEqual(
        expect.arrayContaining([
          ['Authorization', `rest_api_key=${hint}`],
          ['X-Ticket', hint],
        ]),
      );
      expect(res.body.record.fields.Symptom).toBe(hint);
      expect(res.text).not.toContain(keys.active);
      await request(url).delete('/_mock/executions');
      expect((await request(url).get('/_mock/executions/1')).status).toBe(404);
    } finally {
      await tenant.close();
    }
  });
});

describe('GET /_mock/events', () => {
  test('a snapshot, then the executions and calls added, then what was cleared', async () => {
    const { tenant, url } = await startTenant();
    try {
      await call(url, '{"Subject":"before"}');
      const stream = await openEvents(url);
      await stream.count(1);
      await call(url, '{"Subject":"after"}');
      await stream.count(2);
      await request(url).delete('/_mock/executions');
      await request(url).delete('/_mock/records');
      const events = await stream.count(5);
      stream.close();
      // One flush carries the execution and the call journal's row for the same answer.
      expect(events.map((event) => event.event)).toEqual(['snapshot', 'executions', 'calls', 'executions-cleared', 'records-cleared']);
      const [snapshot, added] = events;
      expect(snapshot?.data.tenant.name).toBe('reference');
      expect(snapshot?.data.executions.map((row: { id: number }) => row.id)).toEqual([1]);
      expect(snapshot?.data.records.map((record: { fields: { Subject: string } }) => record.fields.Subject)).toEqual(['before']);
      expect(added?.data).toMatchObject({ executions: [{ id: 2, record: { fields: { Subject: 'after' } } }], skipped: 0 });
    } finally {
      await tenant.close();
    }
  });

  test('the active fault rules: in the snapshot, then a faults event when one is added, hit (and retired) or deleted', async () => {
    const { tenant, url } = await startTenant();
    try {
      tenant.faults.add({ name: 'slow', match: { extension: 'Other' }, latency: { ms: 1 } });
      const stream = await openEvents(url);
      await stream.count(1);
      const posted = await request(url)
        .post('/_mock/faults')
        .set('Content-Type', 'application/json')
        .send('{"name":"down","match":{"extension":"MyTestWebhook"},"times":2,"answer":{"status":503}}');
      const { id } = posted.body as { id: string };
      await stream.count(2);
      expect((await call(url)).status).toBe(503);
      await stream.count(4);
      expect((await call(url)).status).toBe(503); // the second hit retires it
      await stream.count(6);
      await request(url).delete('/_mock/faults/f1');
      const events = await stream.count(7);
      stream.close();
      const faults = events.filter((event) => event.event === 'faults').map((event) => event.data);
      expect(events[0]?.data.tenant.faultRules).toEqual([
        { id: 'f1', name: 'slow', match: { extension: 'Other' }, effect: 'latency 1 ms', probability: 1, hits: 0 },
      ]);
      expect(
        faults.map((data) =>
          data.faultRules.map((rule: { id: string; effect: string; hits: number; remaining?: number }) => [
            rule.id,
            rule.effect,
            rule.hits,
            rule.remaining,
          ]),
        ),
      ).toEqual([
        [
          ['f1', 'latency 1 ms', 0, undefined],
          [id, 'answer 503', 0, 2],
        ],
        [
          ['f1', 'latency 1 ms', 0, undefined],
          [id, 'answer 503', 1, 1],
        ],
        [['f1', 'latency 1 ms', 0, undefined]],
        [],
      ]);
      expect(faults.map((data) => data.total)).toEqual([2, 2, 1, 0]);
      const calls = events.filter((event) => event.event === 'calls').flatMap((event) => event.data.calls);
      expect(calls.map((got: { answer: string; faultRule: string }) => [got.answer, got.faultRule])).toEqual([
        ['fault:down', 'down'],
        ['fault:down', 'down'],
      ]);
      expect((await request(url).get('/_mock/tenant')).body.faultRules).toEqual([]);
    } finally {
      await tenant.close();
    }
  });

  test.each(['close', 'closeNow'] as const)('%s() ends open streams instead of waiting for them', async (stop) => {
    const { tenant, url } = await startTenant();
    const stream = await openEvents(url);
    await stream.count(1);
    if (stop === 'close') await tenant.close();
    else tenant.closeNow();
    await stream.ended;
    await tenant.close(); // after closeNow: no connection is left to wait for
    expect(stream.events.map((event) => event.event)).toEqual(['snapshot']);
    expect(tenant.server.listening).toBe(false);
  });

  test('a page that does not read is dropped, so its buffer stays bounded', async () => {
    const stalled = await stalledStream({ flushMs: 1, maxBufferedBytes: 64 * 1024 });
    try {
      expect(stalled.streams.size).toBe(1);
      await stalled.flood(300, 2);
      expect(stalled.streams.size).toBe(0);
    } finally {
      await stalled.close();
    }
  });
});

describe('GET /_mock/executions: a key is its hint in every value, and the list stays JSON', () => {
  const digits = '1234567890123456';
  const tenant = {
    ...defaultTenant(),
    apiKeys: [...defaultTenant().apiKeys, { name: 'digits', referenceId: digits, activated: true }],
  };
  const escaped = [...keys.active].map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
  test.each([
    ['a key of digits written as a number', `{"Subject":"s","Ticket":${digits}}`, { Subject: 's', Ticket: `…${digits.slice(-4)}` }],
    ['a key written with JSON escapes', `{"Subject":"${escaped}"}`, { Subject: `…${keys.active.slice(-4)}` }],
    ['a body with no key, as sent', '{ "Subject" : "s",  "Big": 98765432109876543210 }', undefined],
  ])('%s', async (_label, payload, shown) => {
    const { tenant: server, url } = await startTenant({ tenant });
    try {
      expect((await call(url, payload)).status).toBe(200);
      const res = await request(url).get('/_mock/executions');
      const list = JSON.parse(res.text);
      expect(list.executions[0].webhookBody).toEqual(shown ?? JSON.parse(payload));
      if (shown === undefined) expect(res.text).toContain(payload);
      expect(res.text).not.toContain(digits);
      expect(JSON.stringify(list).toLowerCase()).not.toContain(keys.active.toLowerCase());
    } finally {
      await server.close();
    }
  });
});
