import fs from 'node:fs';
import { stringify } from 'yaml';
import { type Checked, compileDataSchema, type DataFileProblem, type DataFileRules, loadYamlFile, validateData } from '../data-file';

/**
 * A cassette: what one upstream tenant answered, one entry per distinct exchange, written by
 * `ism-webhooks proxy --record FILE` and read by `serve --replay FILE` and `parity`
 * (docs/decisions.md #37). YAML, readable, safe to commit: the request is kept only as what tells
 * exchanges apart (never its key, its cookies or its body), and the answer without `Set-Cookie`
 * or hop-by-hop headers, the caller's key replaced by `$ISM_API_KEY` wherever the upstream echoed it.
 */

export const cassetteKind = 'ism-webhooks/cassette';

/** The standing of the caller's key: its form, and for the documented form, whether the upstream took it. */
export type KeyStanding = 'accepted' | 'refused' | 'none' | 'bearer' | 'bare';
/** The body's size against the character limit. */
export type SizeClass = 'empty' | 'within' | 'over';

/** What tells one exchange from another. */
export interface ExchangeMatch {
  readonly method: string;
  /** The path under the upstream's base URL: `/api/rest/Webhooks/Execute`. */
  readonly path: string;
  /** The `extension` parameter; '' when absent or empty. */
  readonly extension: string;
  readonly key: KeyStanding;
  /** The declared media type without parameters, lower case; '' when none. */
  readonly contentType: string;
  readonly size: SizeClass;
}

export interface RecordedExchange {
  readonly match: ExchangeMatch;
  readonly recordedAt: string;
  /** The upstream's `Server` header, if it sent one. */
  readonly server?: string;
  /** The proxy's verdict on the answer (src/proxy/tenant-verdict.ts), e.g. `documented:invalidApiKey`. */
  readonly verdict?: string;
  readonly status: number;
  /** Response headers in the order sent (a cassette leaves out hop-by-hop ones, Content-Length and Set-Cookie). */
  readonly headers: readonly (readonly [string, string])[];
  /** The body's bytes. */
  readonly body: Uint8Array;
}

export interface Cassette {
  /** The upstream's base URL, without credentials. */
  readonly upstream: string;
  readonly exchanges: readonly RecordedExchange[];
}

/** The line that tells exchanges apart: one entry per distinct line in a cassette. */
export function matchLine(match: ExchangeMatch): string {
  return [match.method, match.path, match.extension, match.key, match.contentType, match.size].join('\n');
}

/** Headers a proxy never passes on (RFC 9110 7.6.1), and those a cassette leaves out. */
export const hopByHop = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'proxy-authenticate',
  'proxy-authorization',
]);
const leftOut = new Set([...hopByHop, 'content-length', 'set-cookie']);

function entryValue(exchange: RecordedExchange): Record<string, unknown> {
  let text: string | undefined;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(exchange.body);
  } catch {
    text = undefined;
  }
  // Text with controls other than tab and line ends would not read as text: base64 then.
  const readable = text !== undefined && !hasControls(text) && !text.startsWith('\ufeff');
  return {
    match: { ...exchange.match },
    recordedAt: exchange.recordedAt,
    ...(exchange.server !== undefined ? { server: exchange.server } : {}),
    ...(exchange.verdict !== undefined ? { verdict: exchange.verdict } : {}),
    status: exchange.status,
    headers: headerMap(exchange.headers),
    ...(readable ? { body: text } : { bodyBase64: Buffer.from(exchange.body).toString('base64') }),
  };
}

/**
 * Headers as a mapping, in the order sent, for a person to read: a header sent twice is joined
 * with ', ' (RFC 9110 5.3; Set-Cookie, the exception, is never kept).
 */
function headerMap(headers: RecordedExchange['headers']): Record<string, string> {
  const map: Record<string, string> = {};
  for (const [name, value] of headers) {
    if (leftOut.has(name.toLowerCase())) continue;
    map[name] = map[name] === undefined ? value : `${map[name]}, ${value}`;
  }
  return map;
}

const header = (upstream: string): string =>
  [
    '# Cassette recorded by `ism-webhooks proxy --record`: what the upstream tenant answered, one',
    '# entry per distinct exchange. No key, no cookie, no request body. Replay it offline with',
    '#   ism-webhooks serve --replay THIS_FILE',
    stringify({ kind: cassetteKind, version: 1, upstream }, { lineWidth: 0 }).trimEnd(),
    'exchanges:',
    '',
  ].join('\n');

/** The YAML of a whole cassette (what a recording leaves behind, written at once). */
export function renderCassette(cassette: Cassette): string {
  return header(cassette.upstream) + cassette.exchanges.map(renderEntry).join('');
}

/** One list item under `exchanges:`, ready to append. */
export function renderEntry(exchange: RecordedExchange): string {
  return stringify([entryValue(exchange)], { lineWidth: 0 })
    .split('\n')
    .map((line) => (line === '' ? line : `  ${line}`))
    .join('\n');
}

export interface CassetteRecorder {
  /** Appends the exchange when its match line is new; returns whether it did. */
  record(exchange: RecordedExchange): boolean;
}

/**
 * Records to a file as exchanges arrive: each new one is appended at once, synchronously, so a
 * stop or a crash loses nothing already answered. A file that already holds a cassette of the
 * same upstream is continued (its exchanges count as seen); anything else is refused at start.
 */
export function openCassetteRecorder(file: string, upstream: string): Checked<CassetteRecorder> {
  const seen = new Set<string>();
  if (fs.existsSync(file) && fs.statSync(file).size > 0) {
    const loaded = loadCassette(file);
    if (!loaded.ok) return loaded;
    for (const exchange of loaded.value.exchanges) seen.add(matchLine(exchange.match));
  } else {
    fs.writeFileSync(file, header(upstream));
  }
  return {
    ok: true,
    value: {
      record(exchange) {
        const line = matchLine(exchange.match);
        if (seen.has(line)) return false;
        seen.add(line);
        fs.appendFileSync(file, renderEntry(exchange));
        return true;
      },
    },
  };
}

/** A cassette holds small answers; its size is bounded like any data file. */
const cassetteRules: DataFileRules = {
  maxBytes: 32 * 1024 * 1024,
  what: 'the cassette',
  fixPath: 'pass the path of a file written by `ism-webhooks proxy --record FILE`',
};

const cassetteSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  description: 'use a cassette as written by `ism-webhooks proxy --record FILE`',
  additionalProperties: false,
  required: ['kind', 'version', 'exchanges'],
  properties: {
    kind: { const: cassetteKind, description: 'use a file written by `ism-webhooks proxy --record FILE`' },
    version: { const: 1, description: 'record the cassette again with this version of `ism-webhooks proxy`' },
    upstream: { type: 'string', description: 'write the upstream base URL' },
    exchanges: {
      type: ['array', 'null'],
      description: 'write a list of recorded exchanges',
      items: {
        type: 'object',
        description: 'write { match, recordedAt, status, headers, body }',
        additionalProperties: false,
        required: ['match', 'recordedAt', 'status', 'headers'],
        properties: {
          match: {
            type: 'object',
            description: 'write { method, path, extension, key, contentType, size }',
            additionalProperties: false,
            required: ['method', 'path', 'extension', 'key', 'contentType', 'size'],
            properties: {
              method: { type: 'string', minLength: 1, description: 'write the HTTP method: POST' },
              path: { type: 'string', description: 'write the path under the upstream: /api/rest/Webhooks/Execute' },
              extension: { type: 'string', description: "write the extension parameter, '' when there is none" },
              key: { enum: ['accepted', 'refused', 'none', 'bearer', 'bare'], description: "write the key's standing" },
              contentType: { type: 'string', description: "write the media type, '' when there is none" },
              size: { enum: ['empty', 'within', 'over'], description: 'write the size class' },
            },
          },
          recordedAt: { type: 'string', description: 'write an ISO date and time' },
          server: { type: 'string', description: "write the upstream's Server header" },
          verdict: { type: 'string', description: "write the proxy's verdict, e.g. documented:invalidApiKey" },
          status: { type: 'integer', minimum: 100, maximum: 599, description: 'write the HTTP status, 100 to 599' },
          headers: {
            type: 'object',
            description: 'write headers as a mapping, Name: value',
            additionalProperties: { type: 'string', description: 'write the header value as a string' },
          },
          body: { type: 'string', description: 'write the body as text' },
          bodyBase64: { type: 'string', pattern: '^[A-Za-z0-9+/]*={0,2}$', $comment: 'base64', description: 'write the body in base64' },
        },
      },
    },
  },
} as const;

type RawEntry = {
  match: ExchangeMatch;
  recordedAt: string;
  server?: string;
  verdict?: string;
  status: number;
  headers: Record<string, string>;
  body?: string;
  bodyBase64?: string;
};

/** Loads a cassette through the one data-file loader: problems with file, line and column. */
export function loadCassette(file: string): Checked<Cassette> {
  const parsed = loadYamlFile(file, cassetteRules);
  if (!parsed.ok) return parsed;
  const problems: DataFileProblem[] = validateData(compileDataSchema(cassetteSchema), parsed.value);
  if (problems.length > 0) return { ok: false, problems };
  const data = parsed.value.data as { upstream?: string; exchanges: RawEntry[] | null };
  const exchanges = (data.exchanges ?? []).map(
    (entry): RecordedExchange => ({
      match: entry.match,
      recordedAt: entry.recordedAt,
      ...(entry.server !== undefined ? { server: entry.server } : {}),
      ...(entry.verdict !== undefined ? { verdict: entry.verdict } : {}),
      status: entry.status,
      headers: Object.entries(entry.headers),
      body:
        entry.bodyBase64 !== undefined
          ? new Uint8Array(Buffer.from(entry.bodyBase64, 'base64'))
          : new TextEncoder().encode(entry.body ?? ''),
    }),
  );
  return { ok: true, value: { upstream: data.upstream ?? '', exchanges } };
}

/** Whether a text holds a control character other than tab, line feed and carriage return. */
function hasControls(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f) return true;
  }
  return false;
}
