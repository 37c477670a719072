import { breakMarkers, formatChanges, summaryLine, type Change } from '../../src/contract-diff';

test.each<[string, string[], string[]]>([
  [
    'a trailer with a reason',
    ['Drop bodyTooLong\n\nContract-Break: the vendor removed the scenario\n'],
    ['the vendor removed the scenario'],
  ],
  ['the key in another letter case', ['Fix\n\ncontract-break: vendor fixed the trailing space\n'], ['vendor fixed the trailing space']],
  ['spaces around the reason are trimmed', ['Fix\n\nContract-Break:    v2 of the page   \n'], ['v2 of the page']],
  ['CRLF line ends', ['Fix\r\n\r\nContract-Break: reason\r\n'], ['reason']],
  ['no reason: not a marker', ['Fix\n\nContract-Break:\n'], []],
  ['mentioned inside a line: not a marker', ['Explain that a Contract-Break: trailer is needed\n'], []],
  ['no marker at all', ['Edit a description\n'], []],
  ['one per commit, in order', ['A\n\nContract-Break: one\n', 'B\n', 'C\n\nContract-Break: two\n'], ['one', 'two']],
])('breakMarkers: %s', (_name, messages, reasons) => {
  const commits = messages.map((message, index) => ({ commit: `c${index}`, message }));
  expect(breakMarkers(commits).map((marker) => marker.reason)).toEqual(reasons);
});

test('formatChanges prints severity, pointer, message and rule on one line; summaryLine counts', () => {
  const changes: Change[] = [
    { rule: 'example-removed', severity: 'breaking', location: '/components/responses/BadRequest', message: 'example x removed' },
    { rule: 'other-change', severity: 'non-breaking', location: '', message: 'changed' },
  ];
  expect(formatChanges(changes)).toEqual([
    'breaking     /components/responses/BadRequest  example x removed [example-removed]',
    'non-breaking (document)  changed [other-change]',
  ]);
  expect(summaryLine(changes)).toBe('1 breaking, 1 non-breaking');
  expect(summaryLine([])).toBe('0 breaking, 0 non-breaking');
});
