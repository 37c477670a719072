import { loadContract } from '../../src/contract';
import {
  actionExecutions,
  contentType,
  envelopeSchema,
  exactBody,
  jsonBody,
  keyNotEchoed,
  responseHeaders,
  statusCode,
  type Check,
} from '../../conformance';
import type { WireResponse } from '../../conformance/targets/send-request';
import type { Expectation } from '../../conformance/judging/judging-for';

// Each check on its own: passes the right answer, fails one wrong detail with expected and actual.
const contract = loadContract();
const { catalogue } = contract;
const answer = (name: Parameters<typeof catalogue.get>[0]) => catalogue.get(name);
const secrets = [{ value: 'K3Y0000000000000000000000000000K', placeholder: '$ISM_API_KEY' }];

const expecting = (name: Parameters<typeof catalogue.get>[0], overrides: Partial<Expectation> = {}): Expectation => ({
  status: answer(name).status,
  body: { kind: 'exact', candidates: [{ label: `the spec's example ${name}`, text: answer(name).body }] },
  mediaTypes: catalogue.mediaTypes.get(answer(name).status) ?? [],
  headers: answer(name).headers,
  envelope: true,
  runsAction: name === 'executed',
  basis: 'test',
  ...overrides,
});

const response = (
  status: number,
  body: string,
  headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' },
): WireResponse => ({ status, headers, body: Buffer.from(body, 'utf8'), durationMs: 1 });
const documented = (name: Parameters<typeof catalogue.get>[0]): WireResponse =>
  response(answer(name).status, answer(name).body, {
    'content-type': 'application/json',
    ...Object.fromEntries(Object.entries(answer(name).headers).map(([k, v]) => [k.toLowerCase(), v])),
  });
const trimmed = answer('missingExtension').body.replace('URL. "', 'URL."');

type Row = [string, Check, Expectation, WireResponse, string, number | undefined, RegExp | undefined];
const rows: Row[] = [
  [
    'status-code passes the documented status',
    statusCode,
    expecting('invalidApiKey'),
    documented('invalidApiKey'),
    'GET',
    undefined,
    undefined,
  ],
  [
    'status-code fails 403 for 401',
    statusCode,
    expecting('invalidApiKey'),
    response(403, answer('invalidApiKey').body),
    'POST',
    undefined,
    /status 403 instead of 401/,
  ],
  [
    'exact-body passes the byte-exact body',
    exactBody,
    expecting('missingExtension'),
    documented('missingExtension'),
    'POST',
    undefined,
    undefined,
  ],
  [
    'exact-body fails a missing trailing space and says where',
    exactBody,
    expecting('missingExtension'),
    response(400, trimmed),
    'POST',
    undefined,
    /first difference at character 192: expected " " \(U\+0020\), got "\\"" \(U\+0022\)/,
  ],
  [
    'exact-body accepts either of two candidates',
    exactBody,
    expecting('nonExistentWebhook', {
      body: {
        kind: 'exact',
        candidates: [
          { label: 'a', text: answer('nonExistentWebhook').body },
          { label: 'b', text: answer('extensionDoesNotExist').body },
        ],
      },
    }),
    documented('extensionDoesNotExist'),
    'POST',
    undefined,
    undefined,
  ],
  [
    'envelope-schema passes the SystemError envelope',
    envelopeSchema,
    expecting('bodyTooLong'),
    documented('bodyTooLong'),
    'POST',
    undefined,
    undefined,
  ],
  [
    'envelope-schema fails an extra member',
    envelopeSchema,
    expecting('bodyTooLong'),
    response(400, '{"ErrorCode":"x","Message":"y","Details":null}'),
    'POST',
    undefined,
    /must NOT have additional properties \(Details\)/,
  ],
  [
    'envelope-schema fails the wrong envelope for the status',
    envelopeSchema,
    expecting('invalidApiKey'),
    response(401, answer('missingExtension').body),
    'POST',
    undefined,
    /does not fit the spec's schema/,
  ],
  [
    'envelope-schema fails a body that is not JSON',
    envelopeSchema,
    expecting('bodyTooLong'),
    response(400, 'Bad Request'),
    'POST',
    undefined,
    /is not JSON/,
  ],
  [
    'envelope-schema allows an empty 200',
    envelopeSchema,
    expecting('executed', { body: { kind: 'schema-only' } }),
    response(200, '', {}),
    'POST',
    undefined,
    undefined,
  ],
  [
    'content-type passes application/json with a charset',
    contentType,
    expecting('bodyTooLong'),
    documented('bodyTooLong'),
    'POST',
    undefined,
    undefined,
  ],
  [
    'content-type fails text/html',
    contentType,
    expecting('bodyTooLong'),
    response(400, answer('bodyTooLong').body, { 'content-type': 'text/html' }),
    'POST',
    undefined,
    /Content-Type text\/html is not one the spec lists for 400/,
  ],
  [
    'content-type fails a body without Content-Type',
    contentType,
    expecting('bodyTooLong'),
    response(400, answer('bodyTooLong').body, {}),
    'POST',
    undefined,
    /has a body but no Content-Type/,
  ],
  [
    'response-headers passes Allow: POST',
    responseHeaders,
    expecting('methodNotAllowed'),
    documented('methodNotAllowed'),
    'GET',
    undefined,
    undefined,
  ],
  [
    'response-headers fails a missing Allow',
    responseHeaders,
    expecting('methodNotAllowed'),
    response(405, answer('methodNotAllowed').body),
    'GET',
    undefined,
    /header Allow missing or different/,
  ],
  [
    'json-body passes an empty 200',
    jsonBody,
    expecting('executed', { body: { kind: 'any' } }),
    response(200, ''),
    'POST',
    undefined,
    undefined,
  ],
  [
    'json-body passes plain text that is not declared JSON',
    jsonBody,
    expecting('executed', { body: { kind: 'any' } }),
    response(200, 'OK', { 'content-type': 'text/plain' }),
    'POST',
    undefined,
    undefined,
  ],
  [
    'json-body fails a body declared JSON that does not parse',
    jsonBody,
    expecting('executed', { body: { kind: 'any' } }),
    response(200, 'OK'),
    'POST',
    undefined,
    /declared application\/json but does not parse/,
  ],
  [
    'key-not-echoed passes an answer without the key',
    keyNotEchoed,
    expecting('executed'),
    documented('executed'),
    'POST',
    undefined,
    undefined,
  ],
  [
    'key-not-echoed fails the key in a header',
    keyNotEchoed,
    expecting('executed'),
    response(200, '{}', { 'x-key': `rest_api_key=${secrets[0]?.value ?? ''}` }),
    'POST',
    undefined,
    /echoes \$ISM_API_KEY back/,
  ],
  [
    'key-not-echoed fails the key in the body',
    keyNotEchoed,
    expecting('invalidApiKey'),
    response(401, `{"message":"${secrets[0]?.value ?? ''}"}`),
    'POST',
    undefined,
    /echoes \$ISM_API_KEY back/,
  ],
  [
    'action-executions passes one execution for a success',
    actionExecutions,
    expecting('executed'),
    documented('executed'),
    'POST',
    1,
    undefined,
  ],
  [
    'action-executions fails an execution for a refusal',
    actionExecutions,
    expecting('invalidApiKey'),
    documented('invalidApiKey'),
    'POST',
    1,
    /ran 1 time\(s\) although the request must run nothing/,
  ],
  [
    'action-executions fails no execution for a success',
    actionExecutions,
    expecting('executed'),
    documented('executed'),
    'POST',
    0,
    /ran 0 time\(s\) instead of once/,
  ],
  [
    'action-executions says nothing without an inspection API',
    actionExecutions,
    expecting('invalidApiKey'),
    documented('invalidApiKey'),
    'POST',
    undefined,
    undefined,
  ],
];

test.each(rows)('%s', (_label, check, expectation, wire, method, actionRuns, failure) => {
  const result = check({ method, response: wire, expectation, contract, secrets, actionRuns });
  if (failure === undefined) {
    expect(result).toBeUndefined();
  } else {
    expect(`${result?.message ?? ''}\n${result?.actual ?? ''}`).toMatch(failure);
    expect(result?.expected).toEqual(expect.any(String));
    expect(result?.actual).toEqual(expect.any(String));
  }
});
