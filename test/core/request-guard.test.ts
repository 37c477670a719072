import { type GuardedRequest, hostAllowed, screenRequest } from '../../src/core/request-guard';

// The request guard as a pure function (docs/decisions.md #17): the HTTP tests in
// test/server/browser-attacks.test.ts send the same requests through a server.

const request = (given: Partial<GuardedRequest>): GuardedRequest => ({
  method: 'GET',
  inspection: true,
  host: '127.0.0.1:4010',
  origin: undefined,
  secFetchSite: undefined,
  secFetchMode: undefined,
  contentType: undefined,
  ...given,
});

test.each<[string, Partial<GuardedRequest>, number | undefined]>([
  ['a program reads /_mock', {}, undefined],
  ['no Host (HTTP/1.0)', { host: undefined }, undefined],
  ['a rebound name', { host: 'attacker.example:4010' }, 403],
  ['a rebound name on Execute', { host: 'attacker.example:4010', inspection: false }, 403],
  ['another origin on Execute (a browser app with --cors)', { inspection: false, origin: 'http://app.example', method: 'POST' }, undefined],
  ['the own origin writes JSON', { method: 'POST', origin: 'http://127.0.0.1:4010', contentType: 'application/json' }, undefined],
  ['the own origin behind TLS', { method: 'DELETE', origin: 'https://127.0.0.1:4010' }, undefined],
  ['another port', { method: 'DELETE', origin: 'http://127.0.0.1:4011' }, 403],
  ['Origin null', { origin: 'null' }, 403],
  ['a text/plain POST', { method: 'POST', contentType: 'text/plain' }, 415],
  ['JSON with a charset', { method: 'POST', contentType: 'Application/JSON; charset=utf-8' }, undefined],
  ['a same-site no-cors read', { secFetchSite: 'same-site', secFetchMode: 'no-cors' }, 403],
  ['a cross-site navigation', { secFetchSite: 'cross-site', secFetchMode: 'navigate' }, undefined],
  [
    'a cross-site navigation that posts (a form)',
    { method: 'POST', contentType: 'application/json', secFetchSite: 'cross-site', secFetchMode: 'navigate' },
    403,
  ],
  ['a same-origin read', { secFetchSite: 'same-origin', secFetchMode: 'cors' }, undefined],
])('%s: %s', (_label, given, status) => {
  expect(screenRequest(request(given), [])?.status).toBe(status);
});

test.each<[string, readonly string[] | 'any', boolean]>([
  ['127.0.0.1', [], true],
  ['10.0.0.7:80', [], true],
  ['[::1]:4010', [], true],
  ['[fe80::1]', [], true],
  ['localhost', [], true],
  ['a.b.localhost:1', [], true],
  ['256.1.1.1', [], false],
  ['1.2.3', [], false],
  // An IPv4 literal: four numbers of one to three digits, each at most 255.
  ['255.255.255.255:1', [], true],
  ['010.001.0.00', [], true],
  ['1.2.3.4.5', [], false],
  ['1.2.3.1000', [], false],
  ['1.2.3.25x', [], false],
  ['[evil.example]', [], false],
  ['evil.localhost.example', [], false],
  ['Tenant:4010', ['tenant'], true],
  ['sub.tenant', ['tenant'], false],
  ['sub.example.test', ['.example.test'], true],
  ['anything.example', 'any', true],
])('Host %s with allowed %j: %s', (host, allowed, want) => {
  expect(hostAllowed(host, allowed)).toBe(want);
});
