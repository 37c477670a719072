import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CheckFailure } from '../../conformance/judging/checks';
import { consoleReporter } from '../../conformance/reporters/console-reporter';
import { createAccessLog, formatAccessLog } from '../../src/node/access-log';
import type { AccessLogEvent } from '../../src/node';
import { groupDigits } from '../../src/number-text';
import { packHeaders, redactHeaders } from '../../src/redact';
import { escapeTerminalText } from '../../src/terminal-text';
import { recordIds } from '../../src/tenant/tenant';
import { jsonText } from '../../src/tenant/json-text';
import { BoundedLog, textSize } from '../../src/tenant/bounded-log';
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

describe('BoundedLog: plain objects, bounded by count and by estimated size', () => {
  test.each([
    ['the count bound drops the oldest', 3, 1000, [10, 10, 10, 10, 10], [3, 4, 5]],
    ['the size bound drops the oldest', 100, 25, [10, 10, 10, 10, 10], [4, 5]],
    ['an entry larger than the whole log is not kept', 10, 100, [10, 200, 10], [1, 3]],
  ])('%s', (_label, capacity, maxSize, sizes, kept) => {
    const log = new BoundedLog<number>(capacity, maxSize);
    for (const [index, size] of sizes.entries()) log.push(index + 1, size);
    expect(Array.from({ length: log.length }, (_, i) => log.at(i))).toEqual(kept);
  });

  test('clear empties it; it fills again', () => {
    const log = new BoundedLog<string>(5, 100);
    log.push('a', 1);
    log.clear();
    expect(log.length).toBe(0);
    log.push('b', 100);
    expect(log.at(0)).toBe('b');
  });

  test('textSize counts the characters of its texts and a fixed share', () => {
    expect(textSize('abc', undefined, 'é🖨')).toBe(64 + 3 + 3);
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
