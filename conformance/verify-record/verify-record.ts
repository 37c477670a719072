import { pointerTokens } from '../../src/contract/json-pointer';
import { parseBodyText } from '../../src/tenant/body-format';
import { readField } from '../../src/tenant/field-mapping';
import type { CheckFailure } from '../judging/checks';
import type { BuiltRequest } from '../targets/build-request';
import { sendRequest, type SendResult, type WireRequest } from '../targets/send-request';
import type { Scenario } from '../scenario/scenario';
import type { RecordMapping, RecordMappings } from './record-mapping';

/**
 * `conform --verify-record` (docs/decisions.md #35): a success scenario's JSON body gets a unique
 * marker in the body field the mapping names; after the 200 the suite reads the record back
 * through ISM's OData API ("Get Business Object by Filter") with the same key, within a bounded
 * wait, and checks the fields the mapping declares. Every outcome is a value.
 */

export interface VerifyRecordSettings {
  /** The JSON webhook's mapping, and the XML one's when known. */
  readonly mappings: RecordMappings;
  /** How long a record may take to appear (a tenant's index may lag the Action). */
  readonly waitMs: number;
  /** The pause between two reads while waiting. */
  readonly pollMs: number;
  /** The target's base URL (with /HEAT when it has one). */
  readonly baseUrl: string;
  readonly apiKey: string | undefined;
  /** Unique to the run, so that two runs' markers never meet. */
  readonly runTag: string;
  readonly maxCharacters: number;
  readonly timeoutMs: number;
  readonly sleep: (ms: number) => Promise<void>;
}

export type RecordVerdict =
  | { readonly kind: 'found'; readonly recId: string; readonly checked: number; readonly reads: number }
  | { readonly kind: 'differs'; readonly recId: string; readonly differences: readonly FieldDifference[] }
  | { readonly kind: 'not-found'; readonly reads: number; readonly waitedMs: number }
  | { readonly kind: 'not-possible'; readonly reason: string; readonly fix: string };

export interface FieldDifference {
  readonly field: string;
  readonly expected: string;
  readonly actual: string;
}

/** A request marked for read-back: what to send, and the body the record is judged against. */
export interface MarkedRequest {
  readonly request: BuiltRequest;
  readonly marker: string;
  /** The marked body field's whole value, as the record field should hold it. */
  readonly markedValue: string;
  /** The marked body as the Action reads it (a parsed JSON object or XML document). */
  readonly body: Record<string, unknown>;
  /** The mapping the record is judged by: the JSON or the XML webhook's. */
  readonly mapping: RecordMapping;
}

/** Why a scenario that runs the Action is not verified, or its marked request. */
export type Marking = { readonly marked: MarkedRequest } | { readonly unmarked: string } | undefined;

/**
 * Marks the request of a scenario that runs the Action and expects 200: the JSON body's marked
 * field becomes `MARKER original`. undefined for a scenario that runs no Action; `unmarked` (with
 * why) for one whose body cannot carry a marker (XML, generated, over the limit once marked).
 */
export function markRequest(scenario: Scenario, request: BuiltRequest, index: number, settings: VerifyRecordSettings): Marking {
  if (!scenario.runsAction || scenario.expect.status !== 200) return undefined;
  const spec = scenario.request.body;
  const xml = scenario.request.query.includes('{xml-extension}');
  const mapping = xml ? settings.mappings.xml : settings.mappings.json;
  if (mapping === undefined) return { unmarked: 'no mapping for the XML webhook: a declared mapping covers --extension only' };
  if (spec.kind === 'generate') return { unmarked: 'its body is generated to a size, with no room for a marker' };
  if (spec.kind !== 'text') return { unmarked: `its body is given as bytes, not as ${xml ? 'XML' : 'JSON'} text` };
  const marker = `ismwh-${settings.runTag}-${String(index).padStart(2, '0')}`;
  const text = xml ? markXml(spec.text, mapping.markerPath, marker) : markJson(spec.text, mapping.markerPath, marker);
  if (typeof text !== 'string') return { unmarked: text.unmarked };
  if (text.length > settings.maxCharacters) return { unmarked: 'its body would be over the limit once marked' };
  // Read back as the Action reads it: the marked field must now start with the marker.
  const parsed = parseBodyText(mapping.format, text);
  const markedValue = parsed.ok ? readField(mapping.format, parsed.body.value, mapping.markerPath) : '';
  if (!parsed.ok || !markedValue.startsWith(marker)) return { unmarked: `a marker could not be placed at ${mapping.markerPath}` };
  const bytes = Buffer.from(text, 'utf8');
  const headers = request.wire.headers.map(([name, value]): [string, string] =>
    name.toLowerCase() === 'content-length' ? [name, String(bytes.length)] : [name, value],
  );
  return {
    marked: {
      request: {
        wire: { ...request.wire, headers, body: bytes },
        body: { ...request.body, bytes, description: `${request.body.description}, marked ${marker}` },
      },
      marker,
      markedValue,
      body: parsed.body.value,
      mapping,
    },
  };
}

/** A JSON object body with `MARKER original` at the pointer (or the marker alone where the value is not text). */
function markJson(text: string, pointer: string, marker: string): string | { unmarked: string } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { unmarked: 'its body is not JSON' };
  }
  if (!isRecord(body)) return { unmarked: 'its body is not a JSON object' };
  const tokens = pointerTokens(pointer);
  const parent = tokens.slice(0, -1).reduce<unknown>((node, token) => (isRecord(node) ? node[token] : undefined), body);
  const last = tokens[tokens.length - 1];
  if (!isRecord(parent) || last === undefined) return { unmarked: `its body has no object at ${pointer}` };
  const original = parent[last];
  parent[last] = typeof original === 'string' && original !== '' ? `${marker} ${original}` : marker;
  return JSON.stringify(body);
}

/**
 * An XML body with `MARKER ` inserted at the start of the element at the path (`Incident/Subject`):
 * each element's opening tag is found in turn, the next one after the previous. The result is
 * checked by parsing it (see markRequest), so a body this does not understand is left unmarked.
 */
function markXml(text: string, path: string, marker: string): string | { unmarked: string } {
  let at = 0;
  for (const name of path.split('/').filter((segment) => segment !== '')) {
    if (!/^[A-Za-z_][\w.-]*$/.test(name)) return { unmarked: `its XML path ${path} is not a plain element path` };
    const open = new RegExp(`<${name.replace(/\./g, '\\.')}(\\s[^>]*)?>`, 'g');
    open.lastIndex = at;
    const found = open.exec(text);
    if (found === null || found[0].endsWith('/>')) return { unmarked: `its body has no element ${name} on the path ${path}` };
    at = found.index + found[0].length;
  }
  return `${text.slice(0, at)}${marker} ${text.slice(at)}`;
}

/** The OData list URL that finds the marked record. */
export function readBackUrl(settings: VerifyRecordSettings, mapping: RecordMapping, markedValue: string): string {
  const { businessObject, markerField } = mapping;
  const filter = `${markerField} eq '${markedValue.replace(/'/g, "''")}'`;
  return `${settings.baseUrl}/api/odata/businessobject/${businessObject.toLowerCase()}s?$filter=${encodeURIComponent(filter)}&$top=10`;
}

/** Reads the record back until it is found or the wait is over (at least one read). */
export async function verifyRecord(marked: MarkedRequest, settings: VerifyRecordSettings): Promise<RecordVerdict> {
  const started = Date.now();
  const wire: WireRequest = {
    method: 'GET',
    url: readBackUrl(settings, marked.mapping, marked.markedValue),
    headers: [
      ['Authorization', `rest_api_key=${settings.apiKey ?? ''}`],
      ['Accept', 'application/json'],
    ],
    body: Buffer.alloc(0),
  };
  for (let reads = 1; ; reads++) {
    const read = readOnce(await sendRequest(wire, settings.timeoutMs), marked, settings);
    if (read.kind !== 'none') return read.kind === 'found' ? { ...read, reads } : read;
    const waited = Date.now() - started;
    if (waited + settings.pollMs > settings.waitMs) return { kind: 'not-found', reads, waitedMs: waited };
    await settings.sleep(settings.pollMs);
  }
}

type Read =
  | Exclude<RecordVerdict, { kind: 'not-found' } | { kind: 'found' }>
  | { kind: 'found'; recId: string; checked: number }
  | { kind: 'none' };

function readOnce(sent: SendResult, marked: MarkedRequest, settings: VerifyRecordSettings): Read {
  const { mapping } = marked;
  const { businessObject } = mapping;
  const plural = `${businessObject.toLowerCase()}s`;
  if (!sent.ok)
    return {
      kind: 'not-possible',
      reason: `the OData read did not complete (${sent.error})`,
      fix: `check that the target serves ${settings.baseUrl}/api/odata/, under the same base URL as Execute`,
    };
  const { status } = sent.response;
  if (status === 401 || status === 403)
    return {
      kind: 'not-possible',
      reason: `the key may not read ${businessObject} (OData answered ${status})`,
      fix: `give the key's role (its "In Role" in the REST API key group) read access to ${businessObject}, or pass a key that has it`,
    };
  if (status === 404)
    return {
      kind: 'not-possible',
      reason: `the target has no business object '${plural}' (OData answered 404)`,
      fix: 'name the business object the Action inserts: --record-object NAME or businessObject in the --record-mapping file',
    };
  if (status !== 200)
    return {
      kind: 'not-possible',
      reason: `OData answered ${status} to the read-back`,
      fix: "check the mapping's field names (a $filter on an unknown field is refused) and the target's OData API",
    };
  let answer: unknown;
  try {
    answer = JSON.parse(sent.response.body.toString('utf8'));
  } catch {
    answer = undefined;
  }
  const rows = isRecord(answer) && Array.isArray(answer.value) ? answer.value : undefined;
  if (rows === undefined)
    return {
      kind: 'not-possible',
      reason: 'the read-back answer is not an OData list (no "value" array)',
      fix: "check that --target is the tenant's base URL",
    };
  const record = rows.find(
    (row): row is Record<string, unknown> => isRecord(row) && shown(row[mapping.markerField]) === marked.markedValue,
  );
  if (record === undefined) return { kind: 'none' };
  const recId = shown(record.RecId);
  const differences = Object.entries(mapping.fields).flatMap(([field, path]): FieldDifference[] => {
    const expected = readField(mapping.format, marked.body, path);
    const actual = field in record ? shown(record[field]) : undefined;
    return actual === expected ? [] : [{ field, expected, actual: actual ?? '(no such field)' }];
  });
  return differences.length === 0
    ? { kind: 'found', recId, checked: Object.keys(mapping.fields).length }
    : { kind: 'differs', recId, differences };
}

/** A record field as text: ISM answers strings, numbers, booleans and null. */
function shown(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The verdict as a check failure (none when found), and a sentence for the result's basis. */
export function recordReport(
  verdict: RecordVerdict,
  settings: VerifyRecordSettings,
  marked: Pick<MarkedRequest, 'marker' | 'markedValue' | 'mapping'>,
): { failures: CheckFailure[]; note: string } {
  const { mapping } = marked;
  const { businessObject, source } = mapping;
  const { marker } = marked;
  // Reproduces the read-back; the key stays in the shell's $ISM_API_KEY.
  const curl = `read back: curl -sS -H "Authorization: rest_api_key=$ISM_API_KEY" '${readBackUrl(settings, mapping, marked.markedValue)}'`;
  switch (verdict.kind) {
    case 'found':
      return {
        failures: [],
        note: `record verified: ${businessObject} ${verdict.recId} holds marker ${marker}${verdict.checked > 0 ? `, ${verdict.checked} mapped field(s) as expected` : ''} (${source})`,
      };
    case 'differs':
      return {
        failures: verdict.differences.map((difference) => ({
          check: 'record',
          message: `the record ${businessObject} ${verdict.recId} holds field ${difference.field} other than the mapping says (${source}); ${curl}`,
          expected: difference.expected,
          actual: difference.actual,
        })),
        note: `record found with fields that differ: ${verdict.differences.map((difference) => difference.field).join(', ')}`,
      };
    case 'not-found':
      return {
        failures: [
          {
            check: 'record',
            message: `no ${businessObject} record holds marker ${marker} after ${verdict.reads} read(s) in ${verdict.waitedMs} ms: the Action failed, or maps the body elsewhere (${source}); ${curl}`,
            expected: `a ${businessObject} record whose ${mapping.markerField} is the body's ${mapping.markerPath}`,
            actual: 'none found within --record-wait',
          },
        ],
        note: 'record not found',
      };
    case 'not-possible':
      return {
        failures: [
          {
            check: 'record',
            message: `read-back not possible: ${verdict.reason}; to fix: ${verdict.fix}; ${curl}`,
            expected: 'an OData list answer',
            actual: verdict.reason,
          },
        ],
        note: 'record read-back not possible',
      };
  }
}

/** What the run loop needs of `--verify-record` for one scenario: the request to send, and the check of its record. */
export interface ReadBack {
  readonly request: BuiltRequest;
  check(sent: SendResult): Promise<{ readonly failures: readonly CheckFailure[]; readonly note: string } | undefined>;
}

/**
 * The one call the run makes per scenario: undefined for a scenario that runs no Action; else the
 * (marked) request, and a check that reads the record back after a 200 (no 200: nothing to read).
 */
export function readBackRecord(
  scenario: Scenario,
  request: BuiltRequest,
  index: number,
  settings: VerifyRecordSettings,
): ReadBack | undefined {
  const marking = markRequest(scenario, request, index, settings);
  if (marking === undefined) return undefined;
  if ('unmarked' in marking) return { request, check: async () => ({ failures: [], note: `record not verified: ${marking.unmarked}` }) };
  const { marked } = marking;
  return {
    request: marked.request,
    async check(sent) {
      if (!sent.ok || sent.response.status !== 200) return undefined;
      return recordReport(await verifyRecord(marked, settings), settings, marked);
    },
  };
}
