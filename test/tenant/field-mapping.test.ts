import { readField } from '../../src/tenant/field-mapping';
import { readXml } from '../../src/tenant/xml-body';

const json = {
  Subject: 'Printer',
  Priority: 3,
  Urgent: true,
  Nothing: null,
  'a/b': 'slash',
  'm~n': 'tilde',
  Tags: ['x', 'y'],
  Caller: { Email: 'a@b.c' },
};

test.each([
  ['a top-level member', '/Subject', 'Printer'],
  ['a number', '/Priority', '3'],
  ['a boolean', '/Urgent', 'true'],
  ['null is empty', '/Nothing', ''],
  ['a nested member', '/Caller/Email', 'a@b.c'],
  ['an array index', '/Tags/1', 'y'],
  ['an escaped slash (~1)', '/a~1b', 'slash'],
  ['an escaped tilde (~0)', '/m~0n', 'tilde'],
  ['an object is kept as JSON', '/Caller', '{"Email":"a@b.c"}'],
  ['a missing member is empty', '/Missing', ''],
  ['a path through a scalar is empty', '/Subject/x', ''],
  ['an index out of range is empty', '/Tags/9', ''],
  ['a non-numeric index is empty', '/Tags/first', ''],
  ['an inherited property is not found', '/constructor', ''],
])('JSON pointer: %s', (_label, pointer, want) => {
  expect(readField('json', json, pointer)).toBe(want);
});

/** A body read as the tenant reads it (src/tenant/xml-body.ts), so the paths meet the production parser's options. */
function xmlBody(text: string): Record<string, unknown> {
  const read = readXml(text);
  if (!read.ok) throw new Error(`not read: ${read.problem}`);
  return read.value;
}

const xml = xmlBody(
  '<Incident id="7"><Subject>Disk</Subject><Priority>1</Priority><Note lang="en">hi</Note><Tag>a</Tag><Tag>b</Tag><Caller><Email>a@b.c</Email></Caller><Text>a &amp; b</Text><constructor>c</constructor><Zero>007</Zero></Incident>',
);

test.each([
  ['an element', 'Incident/Subject', 'Disk'],
  ['numbers stay text', 'Incident/Priority', '1'],
  ['an attribute', 'Incident/@id', '7'],
  ['text of an element with attributes', 'Incident/Note', 'hi'],
  ['a repeated element gives its first', 'Incident/Tag', 'a'],
  ['a nested element', 'Incident/Caller/Email', 'a@b.c'],
  ['a missing element is empty', 'Incident/Missing', ''],
  ['a wrong root is empty', 'Change/Subject', ''],
  ['entities are decoded', 'Incident/Text', 'a & b'],
  ["an element named after Object's own member", 'Incident/constructor', 'c'],
  ['leading zeros stay', 'Incident/Zero', '007'],
])('XML path: %s', (_label, path, want) => {
  expect(readField('xml', xml, path)).toBe(want);
});
