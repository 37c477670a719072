/** The $filter subset: what parses, what is refused (with why), and what matches. */
import { matches, maxFilterDepth, maxFilterLength, parseFilter } from '../../src/odata';

const fields = new Set(['Subject', 'Priority', 'RecId']);
const record = { Subject: "it's on floor 3", Priority: '3', RecId: 'ABC' };

test.each([
  ["Subject eq 'it''s on floor 3'", true],
  ["Subject ne 'it''s on floor 3'", false],
  ['Priority eq 3', true],
  ['Priority gt 2.5', true],
  ['Priority le -1', false],
  ["Priority lt '4'", true],
  ["Subject eq 'x' or Priority ge 3", true],
  ["Subject eq 'x' or Priority ge 3 and RecId eq 'nope'", false],
  ["(Subject eq 'x' or Priority ge 3) and RecId eq 'ABC'", true],
  ["RecId eq 'abc'", false],
  ['Subject eq 3', false],
])('%s → %s', (text, want) => {
  const parsed = parseFilter(text, fields);
  expect(parsed.ok && matches(parsed.filter, record)).toBe(want);
});

test.each([
  ['', 'expected a field name'],
  ["Subject eq 'open", 'a string is not closed'],
  ["Subject contains 'x'", 'expected eq, ne, lt, le, gt or ge after Subject'],
  ["Subject eq 'x' and", 'expected a field name'],
  ["(Subject eq 'x'", 'a parenthesis is not closed'],
  ["Subject eq 'x')", 'unexpected text after the expression'],
  ["Unknown eq 'x'", 'unknown field Unknown'],
  ['Subject eq Priority', 'expected a quoted string or a number after eq'],
  ["Subject eq 'x'; drop", 'unexpected character ";"'],
  ["substringof('x', Subject)", 'unexpected character ","'],
  [`${'('.repeat(maxFilterDepth + 1)}Priority eq 3${')'.repeat(maxFilterDepth + 1)}`, `nested deeper than ${maxFilterDepth} levels`],
  [`Subject eq '${'x'.repeat(maxFilterLength)}'`, `longer than ${maxFilterLength} characters`],
])('%j is refused: %s', (text, reason) => {
  expect(parseFilter(text, fields)).toEqual({ ok: false, reason });
});

test('the deepest nesting allowed still parses', () => {
  const text = `${'('.repeat(maxFilterDepth)}Priority eq 3${')'.repeat(maxFilterDepth)}`;
  expect(parseFilter(text, fields).ok).toBe(true);
});
