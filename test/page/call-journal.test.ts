import request from 'supertest';
import { CallRecord, createCallJournal } from '../../src/core/call-journal';
import type { AccessLogEvent } from '../../src/node/options';
import { executePath, keys, startTenant } from '../helpers/tenant';

// GET /_mock/calls: every answer, fed from the one place the access log is written.

const execute = (url: string, authorization: string, method = 'POST', extension = 'MyTestWebhook') =>
  request(url)
    [method === 'POST' ? 'post' : 'get'](`${executePath}?extension=${extension}`)
    .set('Authorization', authorization)
    .set('Content-Type', 'application/json')
    .set('X-Copy', keys.active)
    .send(method === 'POST' ? '{"Subject":"s"}' : undefined);

const hint = `…${keys.active.slice(-4)}`;

describe('GET /_mock/calls', () => {
  test.each([
    ['a call whose Action ran', keys.header, 'POST', 'MyTestWebhook', 200, 'executed', hint, 1],
    ['a wrong key', `rest_api_key=${'W'.repeat(32)}`, 'POST', 'MyTestWebhook', 401, 'invalidApiKey', undefined, undefined],
    // The same 401 as a wrong key, but the tenant knows the key: its hint tells the two apart on the page.
    [
      'a deactivated key',
      keys.deactivatedHeader,
      'POST',
      'MyTestWebhook',
      401,
      'invalidApiKey',
      `…${keys.deactivated.slice(-4)}`,
      undefined,
    ],
    ['an unknown extension', keys.header, 'POST', 'Nope', 400, 'extensionDoesNotExist', hint, undefined],
    ['the wrong method', keys.header, 'GET', 'MyTestWebhook', 405, 'methodNotAllowed', undefined, undefined],
  ])(
    '%s is listed with what the access log says of it, and no key',
    async (_name, authorization, method, extension, status, answer, keyHint, executionId) => {
      const logged: AccessLogEvent[] = [];
      const { tenant, url } = await startTenant({ log: (event) => logged.push(event) });
      try {
        expect((await execute(url, authorization, method, extension)).status).toBe(status);
        const res = await request(url).get('/_mock/calls');
        expect(res.body.calls).toEqual([
          {
            id: 1,
            time: expect.any(String),
            method,
            path: executePath,
            extension,
            status,
            answer,
            durationMs: expect.any(Number),
            keyHint,
            executionId,
            requestHeaders: expect.any(Array),
          },
        ]);
        const headers = Object.fromEntries(res.body.calls[0].requestHeaders);
        expect(headers).toMatchObject({ Authorization: keyHint === undefined ? '[redacted]' : `rest_api_key=${keyHint}`, 'X-Copy': hint });
        const [line] = logged;
        expect([res.body.calls[0].time, res.body.calls[0].durationMs, res.body.calls[0].keyHint]).toEqual([
          line?.time,
          line?.durationMs,
          line?.key,
        ]);
        expect(res.text).not.toContain(keys.active);
        expect(res.text).not.toContain('W'.repeat(32));
      } finally {
        await tenant.close();
      }
    },
  );

  test('newest first; inspection answers are not listed; DELETE empties it; the execution it names is there', async () => {
    const { tenant, url } = await startTenant();
    try {
      await execute(url, 'rest_api_key=wrong');
      await execute(url, keys.header);
      await request(url).get('/_mock/health');
      const { calls } = (await request(url).get('/_mock/calls')).body;
      expect(calls.map((call: { id: number; status: number }) => [call.id, call.status])).toEqual([
        [2, 200],
        [1, 401],
      ]);
      expect((await request(url).get(`/_mock/executions/${calls[0].executionId}`)).body.record.fields.Subject).toBe('s');
      expect((await request(url).delete('/_mock/calls')).status).toBe(204);
      expect((await request(url).get('/_mock/calls')).body).toEqual({ calls: [] });
      // /_mock/executions keeps its meaning: only the call whose Action ran.
      expect((await request(url).get('/_mock/executions')).body.executions).toHaveLength(1);
    } finally {
      await tenant.close();
    }
  });

  test('--inspection off: no journal, and the route answers 404', async () => {
    const { tenant, url } = await startTenant({ inspection: 'off' });
    try {
      await execute(url, keys.header);
      expect((await request(url).get('/_mock/calls')).status).toBe(404);
    } finally {
      await tenant.close();
    }
  });
});

describe('the journal is bounded', () => {
  const call = (path: string, headers = ''): CallRecord => {
    const record = new CallRecord(0, 'POST', path, headers);
    record.answer = 'invalidApiKey';
    record.finish(Date.UTC(2026, 0, 1), 401);
    return record;
  };

  test.each([
    ['by count', { count: 3 }, 10, 3],
    // A call counts as the characters of its texts (path, answer, headers) and 64 for the rest:
    // about 81 here, so 1,000 keep 12.
    ['by bytes', { bytes: 1000 }, 100, 12],
  ])('%s', (_name, limits, added, kept) => {
    const journal = createCallJournal(limits);
    for (let i = 0; i < added; i++) journal.add(call(`/p${i}`));
    const ids = journal.list().map((entry) => entry.id);
    const [least, most] = (typeof kept === 'number' ? [kept, kept] : kept) as [number, number];
    expect(ids.length).toBeGreaterThanOrEqual(least);
    expect(ids.length).toBeLessThanOrEqual(most);
    // The newest, consecutive.
    expect(ids).toEqual(Array.from(ids, (_, i) => added - i));
  });

  test('request headers count in the bytes', () => {
    const journal = createCallJournal({ bytes: 50_000 });
    for (let i = 0; i < 10; i++) journal.add(call('/p', `X-Big\n${'y'.repeat(10_000)}`));
    // Each counts about 10,100: four fit in 50,000.
    expect(journal.list()).toHaveLength(4);
  });

  test('a long path is cut, so one call weighs a few hundred bytes at most', () => {
    const journal = createCallJournal({ bytes: 4000 });
    for (let i = 0; i < 10; i++) journal.add(call(`/${'x'.repeat(50_000)}`));
    const calls = journal.list();
    expect(calls[0]?.path).toHaveLength(201);
    expect(calls.length).toBeGreaterThan(1);
  });
});
