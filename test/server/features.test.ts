import request from 'supertest';
import { formatAccessLog } from '../../src/node/access-log';
import type { AccessLogEvent } from '../../src/node';
import { isLoopback } from '../../src/loopback';
import { body, defaultTenant, executePath, keys, startTenant } from '../helpers/tenant';

const call = (url: string, extension = 'MyTestWebhook', payload = '{"Subject":"s"}') =>
  request(url)
    .post(`${executePath}?extension=${extension}`)
    .set('Authorization', keys.header)
    .set('Content-Type', 'application/json')
    .send(payload);

describe('the inspection API', () => {
  test.each([
    ['JSON', 'MyTestWebhook', 'application/json', '{"Subject":"Disk full","Priority":"1","Description":{"deep":[1,{"x":"é 中"}]}}'],
    ['JSON with a BOM and a lone surrogate', 'MyTestWebhook', 'application/json', '\ufeff{"Subject":"a\\ud800b","Source":"🖨"}'],
    ['XML', 'MyXmlWebhook', 'application/xml', '<Incident><Subject>Disk &amp; fan</Subject><Priority>2</Priority></Incident>'],
  ])('an execution shows the very record its call inserted (%s)', async (_label, extension, type, payload) => {
    const { tenant, url } = await startTenant();
    try {
      const answer = await request(url)
        .post(`${executePath}?extension=${extension}`)
        .set('Authorization', keys.header)
        .set('Content-Type', type)
        .send(payload);
      expect(answer.status).toBe(200);
      const [execution] = tenant.tenant.executions();
      const [record] = tenant.tenant.records();
      expect(record?.fields.Subject).not.toBe('');
      expect(execution?.record).toEqual(record);
      expect(execution?.webhookBody.text).toBe(payload.replace(/^\ufeff/, ''));
    } finally {
      await tenant.close();
    }
  });

  test('shows what the last call delivered and created, and forgets on DELETE', async () => {
    const { tenant, url } = await startTenant({ clock: () => Date.UTC(2026, 0, 2, 3, 4, 5), newRecordId: () => 'ABC' });
    try {
      await call(url, 'MyTestWebhook', '{"Subject":"Disk full","Priority":"1"}');
      const executions = await request(url).get('/_mock/executions');
      expect(executions.status).toBe(200);
      expect(executions.body.executions).toEqual([
        {
          id: 1,
          receivedAt: '2026-01-02T03:04:05.000Z',
          durationMs: 0,
          method: 'POST',
          extension: 'MyTestWebhook',
          requestHeaders: expect.arrayContaining([
            ['Authorization', `rest_api_key=…${keys.active.slice(-4)}`],
            ['Content-Type', 'application/json'],
          ]),
          apiKey: { name: 'integration', hint: `…${keys.active.slice(-4)}` },
          action: 'Create Incident from JSON',
          webhookBody: { Subject: 'Disk full', Priority: '1' },
          record: {
            recId: 'ABC',
            businessObject: 'Incident',
            createdAt: '2026-01-02T03:04:05.000Z',
            fields: { Subject: 'Disk full', Symptom: '', Priority: '1', Source: '' },
          },
        },
      ]);
      expect(executions.text).not.toContain(keys.active);
      const records = await request(url).get('/_mock/records?businessObject=Incident');
      expect(records.body.records).toHaveLength(1);
      expect((await request(url).get('/_mock/records?businessObject=Change')).body.records).toEqual([]);
      expect((await request(url).delete('/_mock/executions')).status).toBe(204);
      expect((await request(url).get('/_mock/executions')).body.executions).toEqual([]);
      expect((await request(url).delete('/_mock/records')).status).toBe(204);
      expect((await request(url).get('/_mock/records')).body.records).toEqual([]);
      expect((await request(url).get('/_mock/health')).body).toEqual({ status: 'ok', tenant: 'reference' });
      expect((await request(url).get('/_mock/nothing')).status).toBe(404);
    } finally {
      await tenant.close();
    }
  });

  test('answers 404 when switched off', async () => {
    const { tenant, url } = await startTenant({ inspection: 'off' });
    try {
      expect((await request(url).get('/_mock/executions')).status).toBe(404);
    } finally {
      await tenant.close();
    }
  });

  test.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['10.0.0.5', false],
    ['192.168.1.2', false],
    ['::ffff:10.0.0.5', false],
    ['fe80::1', false],
    ['[::1]', true],
    ['localhost', true],
    ['127.example.com', false],
    [undefined, false],
  ])('%s counts as loopback: %s', (address, expected) => {
    expect(isLoopback(address)).toBe(expected);
  });
});

describe('--prefer', () => {
  test.each([
    ['code and example', 'code=400, example=bodyTooLong', 400, 'bodyTooLong'],
    ['code only: its first example', 'code=400', 400, 'missingExtension'],
    ['the 401', 'code=401, example=invalidApiKey', 401, 'invalidApiKey'],
  ] as const)('honours %s when on', async (_label, prefer, status, name) => {
    const { tenant, url } = await startTenant({ prefer: true });
    try {
      const res = await call(url).set('Prefer', prefer);
      expect(res.status).toBe(status);
      expect(res.text).toBe(body(name));
      expect(res.headers['preference-applied']).toBe(`code=${status}, example=${name}`);
      expect(tenant.tenant.executions()).toHaveLength(0);
    } finally {
      await tenant.close();
    }
  });

  test.each([
    ['an unknown example', 'code=400, example=noSuchExample', 'code 400 and example noSuchExample'],
    ['an unknown code', 'code=418', 'code 418'],
    ['an example under another code', 'code=401, example=bodyTooLong', 'code 401 and example bodyTooLong'],
  ])('answers %s as Prism does (404 problem+json naming the known examples), never running the Action', async (_label, header, asked) => {
    const { tenant, url } = await startTenant({ prefer: true });
    try {
      const res = await call(url).set('Prefer', header);
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toBe('application/problem+json');
      expect(res.headers['preference-applied']).toBeUndefined();
      const problem = JSON.parse(res.text) as { type: string; detail: string };
      expect(problem.type).toBe('https://stoplight.io/prism/errors#NOT_FOUND');
      expect(problem.detail).toContain(`no answer for ${asked} (Prefer header). Known examples: executed (200), missingExtension (400), `);
      expect(problem.detail).toContain('bodyTooLong (400)');
      expect(tenant.tenant.executions()).toHaveLength(0);
    } finally {
      await tenant.close();
    }
  });

  test.each([
    ['off (the default): a tenant ignores the header', false, 'code=400, example=bodyTooLong'],
    ['on, with a header that names nothing', true, 'respond-async'],
  ])('runs the request normally when %s', async (_label, prefer, header) => {
    const { tenant, url } = await startTenant({ prefer });
    try {
      const res = await call(url).set('Prefer', header);
      expect(res.status).toBe(200);
      expect(res.text).toBe(body('executed'));
      expect(tenant.tenant.executions()).toHaveLength(1);
    } finally {
      await tenant.close();
    }
  });
});

test('the execution log and the records are bounded (newest kept)', async () => {
  const config = defaultTenant();
  const { tenant, url } = await startTenant({ tenant: { ...config, limits: { executions: 3, records: 2 } } });
  try {
    for (let i = 1; i <= 5; i++) await call(url, 'MyTestWebhook', `{"Subject":"call ${i}"}`);
    expect(tenant.tenant.executions().map((execution) => execution.id)).toEqual([3, 4, 5]);
    expect(tenant.tenant.records().map((record) => record.fields.Subject)).toEqual(['call 4', 'call 5']);
  } finally {
    await tenant.close();
  }
});

test('the access log names the answer and a key hint, never the key or the body', async () => {
  const events: AccessLogEvent[] = [];
  const { tenant, url } = await startTenant({ log: (event) => events.push(event) });
  try {
    await call(url, 'MyTestWebhook', '{"Subject":"secret body"}');
    await request(url).post(`${executePath}?extension=MyTestWebhook`).set('Authorization', keys.deactivatedHeader).send('{}');
    await call(url, 'Evil%0AInjected');
  } finally {
    await tenant.close();
  }
  expect(events.map((event) => [event.status, event.answer])).toEqual([
    [200, 'executed'],
    [401, 'invalidApiKey'],
    [400, 'extensionDoesNotExist'],
  ]);
  const lines = events.map((event) => formatAccessLog(event));
  for (const text of [JSON.stringify(events), ...lines]) {
    expect(text).not.toContain(keys.active);
    expect(text).not.toContain(keys.deactivated);
    expect(text).not.toContain('secret body');
  }
  expect(lines[0]).toContain(`key=…${keys.active.slice(-4)}`);
  expect(lines[2]).toContain('extension=Evil\\x0aInjected');
  expect(lines.every((line) => !line.includes('\n'))).toBe(true);
});

describe('--cors', () => {
  test('on: a preflight is answered 204 and runs nothing; answers allow any origin', async () => {
    const { tenant, url } = await startTenant({ cors: true });
    try {
      const preflight = await request(url)
        .options(`${executePath}?extension=MyTestWebhook`)
        .set('Origin', 'http://localhost:3000')
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization, content-type');
      expect(preflight.status).toBe(204);
      expect(preflight.headers).toMatchObject({
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'POST',
        'access-control-allow-headers': 'Authorization, Content-Type, Prefer',
      });
      const res = await call(url).set('Origin', 'http://localhost:3000');
      expect(res.status).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(tenant.tenant.executions()).toHaveLength(1);
    } finally {
      await tenant.close();
    }
  });

  test('off (the default): OPTIONS is the 405 of the spec, and no CORS header is sent', async () => {
    const { tenant, url } = await startTenant();
    try {
      const preflight = await request(url).options(`${executePath}?extension=MyTestWebhook`).set('Access-Control-Request-Method', 'POST');
      expect(preflight.status).toBe(405);
      expect(preflight.text).toBe(body('methodNotAllowed'));
      expect((await call(url)).headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await tenant.close();
    }
  });
});
