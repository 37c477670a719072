import { loadContract } from '../../src/contract';
import { checkCaller, type CallerRequest } from '../../src/proxy/caller-check';
import { judgeTenant } from '../../src/proxy/tenant-verdict';

const contract = loadContract();
const text = (body: string): CallerRequest['body'] => ({ ok: true, bytes: new TextEncoder().encode(body), text: body });
const base: CallerRequest = {
  method: 'POST',
  authorization: 'rest_api_key=ABCDEFGHIJKLMNOP',
  contentType: 'application/json',
  extension: 'MyTestWebhook',
  body: text('{}'),
};

describe('the caller against the contract', () => {
  test.each([
    ['a request as documented', {}, []],
    ['no Authorization', { authorization: undefined }, ['no-authorization']],
    ['a Bearer token', { authorization: 'Bearer eyJ' }, ['bearer-token']],
    ['a bare key', { authorization: 'ABCDEFGHIJKLMNOP' }, ['bare-key']],
    ['rest_api_key with a colon', { authorization: 'rest_api_key: ABCDEFGHIJKLMNOP' }, ['bare-key']],
    ['another method', { method: 'PUT' }, ['method']],
    ['no extension', { extension: undefined }, ['no-extension']],
    ['an extension in another case than an executed one', { extension: 'mytestwebhook' }, ['extension-case']],
    ['a body over the limit, as the tenant counts', { body: { ok: false, reason: 'too-long' } }, ['body-too-long']],
    ['no Content-Type', { contentType: undefined }, ['content-type']],
    ['JSON declared, XML sent', { body: text('<a/>') }, ['content-type']],
    ['a JSON array', { body: text('[1]') }, ['content-type']],
    ['XML declared and sent', { contentType: 'application/xml', body: text('<a/>') }, []],
  ] as const)('%s', (_name, change, kinds) => {
    const findings = checkCaller({ ...base, ...change } as CallerRequest, new Set(['MyTestWebhook']), 100_000);
    expect(findings.map((finding) => finding.kind)).toEqual(kinds);
  });

  test('each finding names the answer a tenant gives it, when the spec has one', () => {
    const [finding] = checkCaller({ ...base, body: text('[1]') }, new Set(), 100_000);
    expect(finding?.expected).toBe('jsonNotObject');
  });
});

const answer = (status: number, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) => ({
  status,
  headers,
  body: new TextEncoder().encode(body),
});

describe('the tenant against the contract', () => {
  test.each([
    ['a documented answer, exactly', answer(401, contract.catalogue.get('invalidApiKey').body), 'documented', 'invalidApiKey'],
    ['an inferred answer, exactly', answer(400, contract.catalogue.get('jsonNotObject').body), 'inferred', 'jsonNotObject'],
    ['a documented status with other words', answer(400, '{"ErrorCode":"UnhandledSystemException-","Message":"x"}'), 'observed', undefined],
    ['a success', answer(200, ''), 'executed', undefined],
    ['a login page', answer(200, '<!DOCTYPE html><html></html>', { 'content-type': 'text/html' }), 'not-ism', undefined],
    ['a redirect', answer(302, '', { location: 'https://sso.example.com/login' }), 'redirected', undefined],
    ['a bare 404', answer(404, 'Not Found', { 'content-type': 'text/plain' }), 'wrong-base-url', undefined],
    ['a 503', answer(503, 'Service Unavailable', { 'content-type': 'text/plain' }), 'server-errors', undefined],
    ['a 418', answer(418, 'teapot', { 'content-type': 'text/plain' }), 'other', undefined],
    ['no answer at all', { failure: 'the upstream reset the connection before answering' }, 'connection-failures', undefined],
  ] as const)('%s', (_name, upstream, kind, name) => {
    const verdict = judgeTenant(contract, upstream);
    expect([verdict.kind, verdict.answer]).toEqual([kind, name]);
    expect(verdict.summary.length).toBeGreaterThan(0);
  });
});
