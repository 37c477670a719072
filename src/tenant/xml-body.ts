import type { XMLParser } from 'fast-xml-parser';

/**
 * XML bodies: checked for well-formedness, measured for depth, then parsed. fast-xml-parser's
 * own safety limits (100 levels; elements named after Object's own members) would refuse
 * well-formed XML as not well-formed; here every well-formed body is read, up to a depth cap
 * that is its own answer (`xmlTooDeep`). The parser builds its objects recursively, so the cap
 * keeps it well inside the stack.
 */
export const maxXmlDepth = 1000;

export type XmlRead =
  | { readonly ok: true; readonly value: Record<string, unknown> }
  | { readonly ok: false; readonly problem: 'invalidXml' | 'xmlTooDeep' };

/** Element names that are Object's own members are stored under this prefix (`$constructor`): not a name character, so no clash. */
const reservedNames = new Set(['__proto__', 'constructor', 'prototype']);
export const xmlKey = (name: string): string => (reservedNames.has(name) ? `$${name}` : name);

/** fast-xml-parser, loaded with the first XML body. */
let tools: { parser: XMLParser; validate: (text: string) => unknown } | undefined;
function xmlTools(): { parser: XMLParser; validate: (text: string) => unknown } {
  if (!tools) {
    const { XMLParser: Parser, XMLValidator } = require('fast-xml-parser') as typeof import('fast-xml-parser');
    tools = {
      parser: new Parser({
        ignoreAttributes: false,
        attributeNamePrefix: '@',
        parseTagValue: false,
        processEntities: true,
        maxNestedTags: maxXmlDepth + 1,
        transformTagName: xmlKey,
      }),
      validate: (text) => XMLValidator.validate(text),
    };
  }
  return tools;
}

export function readXml(text: string): XmlRead {
  const { parser, validate } = xmlTools();
  if (text.trim() === '' || validate(text) !== true) return { ok: false, problem: 'invalidXml' };
  if (elementDepth(text) > maxXmlDepth) return { ok: false, problem: 'xmlTooDeep' };
  try {
    return { ok: true, value: parser.parse(text) as Record<string, unknown> };
  } catch {
    return { ok: false, problem: 'invalidXml' };
  }
}

/**
 * The deepest element nesting of a document already known to be well-formed: open tags count up,
 * close tags down; comments, CDATA, declarations and processing instructions are skipped, and a
 * `>` inside a quoted attribute value does not end a tag.
 */
export function elementDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let i = text.indexOf('<');
  while (i !== -1 && i < text.length) {
    const next = text[i + 1];
    if (next === '!' || next === '?') {
      const close = text.startsWith('<!--', i) ? '-->' : text.startsWith('<![CDATA[', i) ? ']]>' : next === '?' ? '?>' : '>';
      const end = text.indexOf(close, i + 2);
      i = end === -1 ? -1 : text.indexOf('<', end + close.length);
      continue;
    }
    let j = i + 1;
    let quote = '';
    for (; j < text.length; j++) {
      const c = text[j];
      if (quote !== '') {
        if (c === quote) quote = '';
      } else if (c === '"' || c === "'") {
        quote = c;
      } else if (c === '>') {
        break;
      }
    }
    if (next === '/') depth--;
    else if (text[j - 1] !== '/') deepest = Math.max(deepest, ++depth);
    i = text.indexOf('<', j + 1);
  }
  return deepest;
}
