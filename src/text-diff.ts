/** Where two texts first differ, with a window of each around that place, escaped so that spaces show. */
export interface TextDifference {
  /** 0-based index in UTF-16 code units. */
  readonly index: number;
  readonly summary: string;
  readonly expected: string;
  readonly actual: string;
}

const window = 48;

export function firstDifference(expected: string, actual: string): TextDifference | undefined {
  if (expected === actual) return undefined;
  let index = 0;
  while (index < expected.length && index < actual.length && expected[index] === actual[index]) index++;
  const start = Math.max(0, index - window);
  const cut = (text: string): string =>
    `${start > 0 ? '…' : ''}${JSON.stringify(text.slice(start, index + window))}${index + window < text.length ? '…' : ''}`;
  const at = (text: string): string =>
    index < text.length
      ? `${JSON.stringify(text[index])} (U+${text.charCodeAt(index).toString(16).toUpperCase().padStart(4, '0')})`
      : 'the end of the text';
  return {
    index,
    summary: `first difference at character ${index + 1}: expected ${at(expected)}, got ${at(actual)}`,
    expected: cut(expected),
    actual: cut(actual),
  };
}

/** A body shown in a report: escaped JSON string, cut after `limit` characters. */
export function showText(text: string, limit = 400): string {
  return text.length > limit ? `${JSON.stringify(text.slice(0, limit))}… (${text.length} characters)` : JSON.stringify(text);
}
