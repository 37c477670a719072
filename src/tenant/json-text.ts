/**
 * JSON text of a value JSON.parse made (objects, arrays, strings, numbers, booleans, null), the
 * same text JSON.stringify gives, at any depth: JSON.parse reads a body nested 30,000 deep, but
 * JSON.stringify recurses and runs out of stack at a few thousand. The common, shallow value
 * takes JSON.stringify; a deeper one an explicit stack.
 */
export function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return deepJsonText(value, undefined);
  }
}

/**
 * The same text with every string, name and number shown through `redact` (a number it changes
 * becomes a string): the value is what is redacted, so a key written with JSON escapes
 * (`\u0041…`) is found, and a key written as a number leaves valid JSON.
 */
export function redactedJsonText(value: unknown, redact: (text: string) => string): string {
  return deepJsonText(value, redact);
}

type Frame = { readonly close: string; readonly parts: [key: string, value: unknown][]; next: number };

function deepJsonText(root: unknown, redact: ((text: string) => string) | undefined): string {
  let out = '';
  const stack: Frame[] = [];
  const show = (text: string): string => (redact ? redact(text) : text);
  const leaf = (value: unknown): string => {
    if (typeof value === 'string') return JSON.stringify(show(value));
    const text = JSON.stringify(value) ?? 'null';
    const shown = typeof value === 'number' ? show(text) : text;
    return shown === text ? text : JSON.stringify(shown);
  };
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      stack.push({ close: ']', parts: value.map((item) => ['', item === undefined ? null : item]), next: 0 });
      out += '[';
    } else if (typeof value === 'object' && value !== null) {
      stack.push({ close: '}', parts: Object.entries(value).map(([key, item]) => [`${JSON.stringify(show(key))}:`, item]), next: 0 });
      out += '{';
    } else {
      out += leaf(value);
    }
  };
  visit(root);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as Frame;
    const part = frame.parts[frame.next];
    if (part === undefined) {
      out += frame.close;
      stack.pop();
      continue;
    }
    if (frame.next > 0) out += ',';
    frame.next++;
    out += part[0];
    visit(part[1]);
  }
  return out;
}
