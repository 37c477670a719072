/**
 * Text from outside (a request's path, a target's answer) made safe to print on a terminal:
 * every C0 control (tab and newline included), DEL, every C1 control (U+0080 to U+009F: a
 * terminal may read U+009B as CSI), the bidirectional and other format controls (Unicode
 * category Cf: U+202E, U+2066, zero-width characters, ...) and the line and paragraph separators
 * are written as `\xNN` or `\uNNNN`. Nothing else changes, so ordinary text reads as it came.
 */
const unsafe = /[\p{Cc}\p{Cf}\u2028\u2029]/u;
const unsafeAll = new RegExp(unsafe.source, 'gu');

export function escapeTerminalText(text: string): string {
  return unsafe.test(text) ? text.replace(unsafeAll, escapeOne) : text;
}

function escapeOne(char: string): string {
  const code = char.codePointAt(0) as number;
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\u{${code.toString(16)}}`;
}
