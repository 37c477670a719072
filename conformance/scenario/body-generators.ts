import { groupDigits } from '../../src/number-text';
import type { BodyGeneratorName, BodySpec } from './scenario';

/** A request body ready to send: its exact bytes, a description, and a shell command printing them. */
export interface GeneratedBody {
  readonly bytes: Buffer;
  /** For humans: "JSON object of exactly 100,001 characters of 'a' (100,001 bytes)". */
  readonly description: string;
  /** A shell command that writes exactly these bytes to stdout, for the curl line; undefined: none. */
  readonly shell: string | undefined;
}

/** The JSON generator's frame: `{"Subject":"` + fill + `"}`. */
const jsonPrefix = '{"Subject":"';
const jsonSuffix = '"}';
export const jsonObjectOverhead = jsonPrefix.length + jsonSuffix.length;

/** Builds the exact bytes of a scenario body. Bodies are counted in UTF-16 code units (JS length). */
export function generateBody(spec: BodySpec): GeneratedBody {
  switch (spec.kind) {
    case 'none':
      return { bytes: Buffer.alloc(0), description: 'no body', shell: undefined };
    case 'text': {
      const bytes = Buffer.from(spec.text, 'utf8');
      return { bytes, description: describeLength(spec.text.length, bytes.length), shell: printfCommand(bytes) };
    }
    case 'parts': {
      const bytes = Buffer.concat(
        spec.parts.map((part) => ('hex' in part ? Buffer.from(part.hex.replace(/\s+/g, ''), 'hex') : Buffer.from(part.text, 'utf8'))),
      );
      const raw = spec.parts.some((part) => 'hex' in part);
      return { bytes, description: `${bytes.length} bytes${raw ? ', raw bytes included' : ''}`, shell: printfCommand(bytes) };
    }
    case 'generate':
      return generated(spec.generator, spec.characters, spec.fill, spec.last);
  }
}

/**
 * "JSON object of exactly N characters of C": `{"Subject":"CCC…"}` whose whole text is N UTF-16
 * code units; when C is two units (an astral character) and the count is odd, one `a` pads it.
 * "repeat": C repeated until the text is N code units (same padding rule). `last` ends the fill
 * and counts in N (99,999 `a` and one emoji: 100,001 code units, 100,000 code points).
 */
function generated(generator: BodyGeneratorName, characters: number, fill: string, last: string): GeneratedBody {
  const frame = generator === 'json-object' ? jsonObjectOverhead : 0;
  const room = characters - frame - last.length;
  const count = Math.floor(room / fill.length);
  const pad = 'a'.repeat(room - count * fill.length);
  const inner = fill.repeat(count) + pad + last;
  const text = generator === 'json-object' ? `${jsonPrefix}${inner}${jsonSuffix}` : inner;
  const bytes = Buffer.from(text, 'utf8');
  const what = generator === 'json-object' ? 'JSON object' : 'text';
  const padNote = `${pad.length > 0 ? ` and ${pad.length} 'a'` : ''}${last !== '' ? `, then ${JSON.stringify(last)}` : ''}`;
  const suffix = generator === 'json-object' ? jsonSuffix : '';
  const parts = [
    generator === 'json-object' ? `'${jsonPrefix}'` : '',
    `${jsString(fill)}.repeat(${count})`,
    pad === '' ? '' : `'${pad}'`,
    last === '' ? '' : jsString(last),
    suffix === '' ? '' : `'${suffix}'`,
  ];
  const expression = parts.filter((part) => part !== '').join(' + ');
  return {
    bytes,
    description: `${what} of exactly ${group(text.length)} characters: ${group(count)} × ${JSON.stringify(fill)}${padNote} (${group(bytes.length)} bytes UTF-8)`,
    shell: `node -e ${shellSingle(`process.stdout.write(${expression})`)}`,
  };
}

function describeLength(characters: number, bytes: number): string {
  return `${group(characters)} characters (${group(bytes)} bytes UTF-8)`;
}

export function group(n: number): string {
  return groupDigits(n);
}

/** A JS string literal using only ASCII, so the shell line survives any terminal. */
function jsString(text: string): string {
  return `"${[...text].map((ch) => (/^[ -~]$/.test(ch) && ch !== '"' && ch !== '\\' && ch !== "'" ? ch : [...ch].map(unit).join(''))).join('')}"`;
}

function unit(ch: string): string {
  let out = '';
  for (let i = 0; i < ch.length; i++) out += `\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return out;
}

/** `printf '…'` writing exactly `bytes`: printable ASCII as is, everything else as octal escapes. */
export function printfCommand(bytes: Buffer): string | undefined {
  if (bytes.length > 4096) return undefined;
  let format = '';
  for (const byte of bytes) {
    const ch = String.fromCharCode(byte);
    if (ch === '%') format += '%%';
    else if (ch === '\\') format += '\\\\';
    else if (ch === "'") format += '\\047';
    else if (byte >= 0x20 && byte < 0x7f) format += ch;
    else format += `\\${byte.toString(8).padStart(3, '0')}`;
  }
  return `printf '${format}'`;
}

export function shellSingle(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
