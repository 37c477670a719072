import fc from 'fast-check';
import { keys } from '../helpers/tenant';

/** One generated request: what goes on the wire, exactly. */
export interface FuzzRequest {
  method: string;
  /** The query string, `?` included, or '' for none. */
  query: string;
  headers: Record<string, string>;
  body: Buffer;
}

const extensions = ['MyTestWebhook', 'MyXmlWebhook', 'NonExistentWebhook'];

/** Near-misses of a real extension: one character dropped, doubled, swapped in case, or appended. */
const nearMiss = fc
  .tuple(fc.constantFrom(...extensions), fc.nat(), fc.constantFrom('drop', 'double', 'case', 'append'))
  .map(([name, at, how]) => {
    const i = at % name.length;
    const c = name[i] as string;
    if (how === 'drop') return name.slice(0, i) + name.slice(i + 1);
    if (how === 'double') return name.slice(0, i) + c + name.slice(i);
    if (how === 'case') return name.slice(0, i) + (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()) + name.slice(i + 1);
    return `${name}x`;
  });

const extensionValue = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...extensions) },
  { weight: 2, arbitrary: nearMiss },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.constant('x'.repeat(2000)) },
);

const query = fc.oneof(
  { weight: 8, arbitrary: extensionValue.map((value) => `?extension=${encodeURIComponent(value)}`) },
  { weight: 1, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: fc.constant('?extension=') },
  {
    weight: 1,
    arbitrary: fc
      .tuple(extensionValue, extensionValue)
      .map(([a, b]) => `?extension=${encodeURIComponent(a)}&extension=${encodeURIComponent(b)}`),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '?extension=%E0%A4%A',
      '?extension=%',
      '?Extension=MyTestWebhook',
      '?extension=My+Test',
      '?extension=MyTestWebhook#frag',
    ),
  },
);

/** Header values must be visible ASCII or spaces, or Node refuses to send them. */
const headerText = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 });

const authorization = fc.oneof(
  { weight: 8, arbitrary: fc.constant(keys.header) },
  { weight: 2, arbitrary: fc.constant(keys.deactivatedHeader) },
  { weight: 1, arbitrary: fc.constant(keys.active) },
  { weight: 1, arbitrary: fc.constant(`Bearer ${keys.active}`) },
  { weight: 1, arbitrary: fc.constant('tenant.example.com#0123456789ABCDEF0123456789ABCDEF#2') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      ` ${keys.header}`,
      `${keys.header} `,
      `rest_api_key = ${keys.active}`,
      keys.header.toUpperCase(),
      keys.header.toLowerCase(),
    ),
  },
  { weight: 1, arbitrary: headerText.map((text) => `rest_api_key=${text}`) },
  { weight: 1, arbitrary: fc.constant(`rest_api_key=${'A'.repeat(8000)}`) },
);

const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('application/json', 'application/xml', 'text/xml', 'application/json; charset=utf-8') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'text/plain',
      'application/x-www-form-urlencoded',
      'APPLICATION/JSON',
      'application/vnd.api+json',
      'application/atom+xml',
    ),
  },
  { weight: 1, arbitrary: headerText },
);

/** Bodies whose length in UTF-16 units sits around the limit, in characters of 1 to 4 UTF-8 bytes. */
const nearLimit = fc.tuple(fc.integer({ min: 99_998, max: 100_002 }), fc.constantFrom('x', 'é', '€', '😀')).map(([units, char]) => {
  const frame = '{"Subject":""}';
  const room = Math.max(0, units - frame.length);
  return `{"Subject":"${char.repeat(Math.floor(room / char.length))}${'y'.repeat(room % char.length)}"}`;
});

const xmlDoc = fc.record({ subject: fc.string({ maxLength: 30 }), priority: fc.nat(5) }).map(({ subject, priority }) => {
  const escaped = subject.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<Incident><Subject>${escaped}</Subject><Priority>${priority}</Priority></Incident>`;
});

const body = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 })
      .map((value) => Buffer.from(JSON.stringify(value))),
  },
  { weight: 2, arbitrary: xmlDoc.map((text) => Buffer.from(text)) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((value) => Buffer.from(JSON.stringify(value) ?? 'null')) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 50 }).map((text) => Buffer.from(text)) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 40 }).map((bytes) => Buffer.from(bytes)) },
  { weight: 1, arbitrary: nearLimit.map((text) => Buffer.from(text)) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('', '{', '<Incident>', '<a></b>', '{"a":1}{', '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>')
      .map((text) => Buffer.from(text)),
  },
);

export const fuzzRequest: fc.Arbitrary<FuzzRequest> = fc
  .record({
    method: fc.oneof(
      { weight: 8, arbitrary: fc.constant('POST') },
      { weight: 1, arbitrary: fc.constantFrom('GET', 'PUT', 'PATCH', 'DELETE', 'OPTIONS') },
    ),
    query,
    authorization: fc.option(authorization, { freq: 8 }),
    contentType: fc.option(contentType, { freq: 8 }),
    body,
  })
  .map(({ method, query: q, authorization: auth, contentType: type, body: payload }) => {
    const headers: Record<string, string> = {};
    if (auth !== null) headers.Authorization = auth;
    if (type !== null) headers['Content-Type'] = type;
    return { method, query: q, headers, body: payload };
  });
