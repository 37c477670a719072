import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CheckFailure } from '../../conformance/checks';
import { consoleReporter } from '../../conformance/reporters/console-reporter';
import { createAccessLog, formatAccessLog } from '../../src/server/access-log';
import type { AccessLogEvent } from '../../src/server';
import { groupDigits } from '../../src/number-text';
import { packHeaders, redactHeaders } from '../../src/redact';
import { escapeTerminalText } from '../../src/terminal-text';
import { recordIds } from '../../src/tenant/tenant';
import { jsonText } from '../../src/tenant/json-text';
import { nodeRingBytes } from '../../src/server/node-bytes';
import { ByteRing, webRingBytes } from '../../src/tenant/byte-ring';
import { elementDepth } from '../../src/tenant/xml-body';

describe('escapeTerminalText', () => {
  test.each([
    ['plain text and é, 中, emoji stay', 'Printer é 中 🖨', 'Printer é 中 🖨'],
    ['ESC (title change, screen clear)', '\u001b]0;owned\u0007\u001b[2J', '\\x1b]0;owned\\x07\\x1b[2J'],
    ['newline, tab, CR', 'a\nb\tc\r', 'a\\x0ab\\x09c\\x0d'],
    ['DEL and C1 (U+009B is CSI)', '\u007f\u009b31m', '\\x7f\\x9b31m'],
    ['bidi overrides and isolates', 'abc\u202edcba\u2066x\u2069', 'abc\\u202edcba\\u2066x\\u2069'],
    ['zero-width and line separators', 'a\u200bb\u2028c', 'a\\u200bb\\u2028c'],
  ])('%s', (_label, text, want) => {
    expect(escapeTerminalText(text)).toBe(want);
  });
});

test('the text access-log line escapes terminal controls in request input; json stays JSON', () => {
  const event: AccessLogEvent = {
    time: 't',
    method: 'POST',
    path: '/a\u009b2J',
    extension: 'x\u202ey',
    status: 200,
    answer: 'executed',
    durationMs: 1,
    key: undefined,
  };
  expect(formatAccessLog(event)).toBe('t POST /a\\x9b2J extension=x\\u202ey -> 200 executed 1ms');
  expect(JSON.parse(formatAccessLog(event, 'json'))).toEqual({ ...event });
});

test("a fault rule's name is escaped where the text line shows it, in the answer and after rule=", () => {
  const rule = 'slow\u001b[2J';
  const event: AccessLogEvent = {
    time: 't',
    method: 'POST',
    path: '/p',
    extension: undefined,
    status: 200,
    answer: `executed+fault:${rule}`,
    faultRule: rule,
    durationMs: 1,
    key: '…8F90',
  };
  expect(formatAccessLog(event)).toBe('t POST /p -> 200 executed+fault:slow\\x1b[2J 1ms key=…8F90 rule=slow\\x1b[2J');
});

test('the access log on a file descriptor writes every line by close()', async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'access-log-')), 'log');
  const fd = fs.openSync(file, 'w');
  const log = createAccessLog({ format: 'json', destination: fd });
  const event: AccessLogEvent = {
    time: 't',
    method: 'GET',
    path: '/',
    extension: undefined,
    status: 404,
    answer: 'not-found',
    durationMs: 0,
    key: undefined,
  };
  for (let i = 0; i < 1000; i++) log.log({ ...event, durationMs: i });
  await log.close();
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
  expect(lines).toHaveLength(1000);
  expect(JSON.parse(lines[999] as string)).toMatchObject({ durationMs: 999 });
  expect(log.dropped).toBe(0);
});

test('jsonText gives JSON.stringify text at any depth', () => {
  const value = JSON.parse(`{"a":[1,"x",null,{"b":true}],"c":${'['.repeat(20_000)}{"d":"\\u0001"}${']'.repeat(20_000)}}`) as unknown;
  const shallow = { a: [1, 'x', null, { b: true }], e: {} };
  expect(jsonText(shallow)).toBe(JSON.stringify(shallow));
  expect(jsonText(value)).toBe(`{"a":[1,"x",null,{"b":true}],"c":${'['.repeat(20_000)}{"d":"\\u0001"}${']'.repeat(20_000)}}`);
});

describe('ByteRing: entries kept as bytes, bounded by count and by bytes', () => {
  test.each([
    ['the web', webRingBytes],
    ["Node's Buffer", nodeRingBytes],
  ])('with %s, fields come back as they went in: any script, a leading BOM, numbers, absent fields', (_label, tools) => {
    const ring = new ByteRing(10, 1024, tools);
    const entry = [1, 'plain', '', 'é 中 🖨 \u0000 \u202e', '\ufeffstarts with a BOM', 1.5e12 + 0.25, -0, undefined, 'x'.repeat(100)];
    ring.push(entry);
    expect(ring.at(0)).toEqual(entry);
    expect(ring.bytes).toBe(9 + 10 + 5 + (5 + 17) + (5 + 3 + 17) + 9 + 9 + 1 + 105);
  });

  test('UTF-8 bytes are kept as they came and read back as text; a lone surrogate reads as U+FFFD', () => {
    const ring = new ByteRing(10, 1024);
    ring.push([new TextEncoder().encode('{"Subject":"é"}'), 'a\ud800b']);
    expect(ring.at(0)).toEqual(['{"Subject":"é"}', 'a\ufffdb']);
  });

  test.each([
    ['the count bound drops the oldest', 3, 1000, 5, [3, 4, 5]],
    ['the byte bound drops the oldest', 100, 80, 5, [4, 5]],
  ])('%s', (_label, capacity, maxBytes, pushes, kept) => {
    const ring = new ByteRing(capacity, maxBytes);
    for (let id = 1; id <= pushes; id++) expect(ring.push([id, 'x'.repeat(5)])).toBe(true);
    expect(Array.from({ length: ring.length }, (_, i) => ring.at(i)[0])).toEqual(kept);
    expect(ring.bytes).toBe(kept.length * 19);
  });

  test("an entry's extra counts against the bound without being stored", () => {
    const ring = new ByteRing(100, 100);
    for (let id = 1; id <= 5; id++) ring.push([id], 40);
    // Each entry takes 9 bytes and 40 of extra: two fit in 100.
    expect(Array.from({ length: ring.length }, (_, i) => ring.at(i))).toEqual([[4], [5]]);
    expect(ring.bytes).toBe(98);
    expect(ring.push([6], 95)).toBe(false);
  });

  test('an entry larger than the whole ring is refused and the ring kept as it was', () => {
    const ring = new ByteRing(10, 100);
    ring.push([1]);
    expect(ring.push([2, 'y'.repeat(200)])).toBe(false);
    expect(ring.length).toBe(1);
    expect(ring.at(0)).toEqual([1]);
  });

  test.each([
    ['the web', webRingBytes],
    ["Node's Buffer", nodeRingBytes],
  ])('with %s, under any mix of sizes it keeps the newest entries that fit, intact, in order (a model run)', (_label, tools) => {
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const ring = new ByteRing(50, 4096, tools);
    const model: (string | number)[][] = [];
    for (let id = 1; id <= 5000; id++) {
      const text = (random() < 0.2 ? 'é' : 'a').repeat(Math.floor(random() ** 3 * 600));
      const entry = [id, text];
      expect(ring.push(entry)).toBe(true);
      model.push(entry);
      const kept = Array.from({ length: ring.length }, (_, i) => ring.at(i));
      // The kept entries are the newest ones, whole, and within both bounds.
      expect(kept).toEqual(model.slice(model.length - kept.length));
      expect(kept.length).toBeLessThanOrEqual(50);
      expect(ring.bytes).toBeLessThanOrEqual(4096);
      if (id % 500 === 0) expect(ring.indexOf(id)).toBe(kept.length - 1);
    }
    expect(ring.indexOf(1)).toBe(-1);
  });

  test('clear empties it; it fills again', () => {
    const ring = new ByteRing(5, 100);
    ring.push([1, 'a']);
    ring.clear();
    expect([ring.length, ring.bytes, ring.indexOf(1)]).toEqual([0, 0, -1]);
    ring.push([2, 'b']);
    expect(ring.at(0)).toEqual([2, 'b']);
  });
});

test.each([
  ['<a><b/><c x="1>2"><d>t</d></c></a>', 3],
  ['<?xml version="1.0"?><!-- <x><y> --><a><![CDATA[<z><z>]]></a>', 1],
  [`<!DOCTYPE a><a>${'<b>'.repeat(5)}${'</b>'.repeat(5)}</a>`, 6],
])('elementDepth(%s) = %i', (text, depth) => {
  expect(elementDepth(text)).toBe(depth);
});

test("the conformance console prints a target's ESC, C1 and bidi characters escaped", () => {
  let out = '';
  const reporter = consoleReporter({ write: (text: string) => (out += text) }, (text) => text);
  const hostile = '\u001b]0;owned\u0007\u001b[2J\u009b31m\u202eevil';
  const failure = { check: 'exact-body', message: 'the body differs', expected: '{"ok":true}', actual: hostile } as unknown as CheckFailure;
  reporter.result(
    {
      id: 'x',
      summary: '',
      provenance: 'documented',
      file: '',
      outcome: 'failed',
      reason: undefined,
      basis: undefined,
      failures: [failure],
      request: undefined,
      response: undefined,
      curl: undefined,
      durationMs: 1,
    },
    1,
    1,
  );
  expect(out).toContain('\\x1b]0;owned\\x07\\x1b[2J\\x9b31m\\u202eevil');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the class names the controls that must not reach a terminal
  expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
});

describe('groupDigits writes what toLocaleString("en-US") writes, without Intl', () => {
  test.each([0, 7, 999, 1000, 12_345, 100_000, 300_000, 1_234_567, 8_388_608, -1234, 2 ** 53 - 1])('%d', (n) => {
    expect(groupDigits(n)).toBe(n.toLocaleString('en-US'));
  });
});

test('packHeaders keeps headers in one string that redactHeaders reads back in order, the key as its hint', () => {
  const raw = ['Host', 'h', 'Authorization', 'rest_api_key=SECRETSECRET1234', 'X-List', 'a, b', 'x-empty', ''];
  const packed = packHeaders(raw);
  expect(redactHeaders(packed, '…1234')).toEqual([
    ['Host', 'h'],
    ['Authorization', 'rest_api_key=…1234'],
    ['X-List', 'a, b'],
    ['x-empty', ''],
  ]);
  expect(redactHeaders(packHeaders([]), undefined)).toEqual([]);
});

test('record IDs are 32 upper-case hex digits, unique, with the counter carried across digits', () => {
  const next = recordIds();
  const ids = Array.from({ length: 300 }, next);
  for (const id of ids) expect(id).toMatch(/^[0-9A-F]{32}$/);
  expect(new Set(ids).size).toBe(ids.length);
  expect(new Set(ids.map((id) => id.slice(0, 20))).size).toBe(1);
  expect(ids.slice(0, 2).map((id) => id.slice(20))).toEqual(['000000000000', '000000000001']);
  expect(ids[256]?.slice(20)).toBe('000000000100');
});
