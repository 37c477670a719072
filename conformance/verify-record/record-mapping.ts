import { compileDataSchema, formatProblems, loadYamlFile, type DataFileRules, validateData } from '../../src/data-file';
import { pointerTokens } from '../../src/contract/json-pointer';
import { loadTenantFile } from '../../src/tenant/tenant-file';
import { usageError, type Resolved } from '../resolved';

/**
 * What `conform --verify-record` expects the tenant's webhook to insert (docs/decisions.md #35):
 * which business object, and which body field lands in which record field. The suite puts its
 * marker in the body field `markerPath` and finds the record by the record field `markerField`.
 */
export interface RecordMapping {
  /** The body format the paths are written for: JSON pointers, or XML element paths (`Incident/Subject`). */
  readonly format: 'json' | 'xml';
  readonly businessObject: string;
  /** The record field that receives the marked body field. */
  readonly markerField: string;
  /** The body field the marker goes into (a JSON pointer, or an XML element path). */
  readonly markerPath: string;
  /** Record field -> body path: each is checked on the record found. */
  readonly fields: Readonly<Record<string, string>>;
  /** Where the mapping comes from, for reports: a file, flags, the tenant file, or the default. */
  readonly source: string;
}

/** Without a declared mapping: a record of Incident whose Subject holds the marker (only its existence is checked). */
export const markerOnlyMapping: RecordMapping = {
  format: 'json',
  businessObject: 'Incident',
  markerField: 'Subject',
  markerPath: '/Subject',
  fields: {},
  source: 'no mapping declared: a record of Incident whose Subject holds the marker',
};

/** The same for an XML webhook's body: the marker in the element Incident/Subject. */
export const markerOnlyXmlMapping: RecordMapping = { ...markerOnlyMapping, format: 'xml', markerPath: 'Incident/Subject' };

/** The mapping of the JSON webhook (--extension) and, when known, of the XML one (--xml-extension). */
export interface RecordMappings {
  readonly json: RecordMapping;
  readonly xml: RecordMapping | undefined;
}

export interface RecordMappingFlags {
  readonly mappingFile: string | undefined;
  readonly businessObject: string | undefined;
  /** `Field=/pointer`, repeatable. */
  readonly fields: readonly string[];
}

const mappingFileRules: DataFileRules = {
  maxBytes: 64 * 1024,
  what: 'the record mapping file',
  fixPath: 'check the path given to --record-mapping',
};

const mappingSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['businessObject', 'fields'],
  properties: {
    businessObject: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
    marker: { type: 'string', minLength: 1 },
    fields: {
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
      additionalProperties: { type: 'string', pattern: '^/' },
    },
  },
} as const;

/**
 * The mapping of a run: a file (`--record-mapping`), flags (`--record-object`, `--record-field`),
 * the tenant file's Action for the JSON webhook when the run judges the reference tenant, or the
 * marker-only default. Mistakes are usage errors naming the flag and the fix.
 */
export function resolveRecordMapping(
  flags: RecordMappingFlags,
  reference: { readonly tenantFile: string; readonly extension: string; readonly xmlExtension: string | undefined } | undefined,
): Resolved<RecordMappings> {
  const declared = declaredMapping(flags);
  if (declared !== undefined) return declared.ok ? { ok: true, value: { json: declared.value, xml: undefined } } : declared;
  if (reference !== undefined) {
    const tenant = loadTenantFile(reference.tenantFile);
    const actionOf = (extension: string | undefined, format: 'json' | 'xml'): RecordMapping | undefined => {
      const webhook = tenant.ok ? tenant.config.webhooks.find((each) => each.extension === extension) : undefined;
      const action = tenant.ok && webhook ? tenant.config.actions.find((each) => each.name === webhook.action) : undefined;
      return action && action.webhookBody === format
        ? withMarker(
            format,
            action.insert.businessObject,
            action.insert.fields,
            undefined,
            `the Action '${action.name}' of the tenant file`,
          )
        : undefined;
    };
    const json = actionOf(reference.extension, 'json');
    if (json) return { ok: true, value: { json, xml: actionOf(reference.xmlExtension, 'xml') } };
  }
  return { ok: true, value: { json: markerOnlyMapping, xml: markerOnlyXmlMapping } };
}

/** A mapping the user declared (a file, or flags), for the JSON webhook; undefined when none is. */
function declaredMapping(flags: RecordMappingFlags): Resolved<RecordMapping> | undefined {
  if (flags.mappingFile !== undefined) {
    if (flags.businessObject !== undefined || flags.fields.length > 0)
      return usageError('--record-mapping cannot be combined with --record-object or --record-field', 'Declare the mapping in one place.');
    return mappingFromFile(flags.mappingFile);
  }
  if (flags.businessObject !== undefined || flags.fields.length > 0) {
    if (flags.businessObject === undefined || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(flags.businessObject))
      return usageError('--record-field needs --record-object NAME (the business object the Action inserts, e.g. Incident)');
    const fields: Record<string, string> = {};
    for (const each of flags.fields) {
      const [field = '', path = ''] = splitOnce(each, '=');
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(field) || !path.startsWith('/'))
        return usageError(`--record-field must be FIELD=/json/pointer, got '${each}'`, 'For example --record-field Subject=/Subject.');
      fields[field] = path;
    }
    return { ok: true, value: withMarker('json', flags.businessObject, fields, undefined, 'the --record-object and --record-field flags') };
  }
  return undefined;
}

function mappingFromFile(file: string): Resolved<RecordMapping> {
  const parsed = loadYamlFile(file, mappingFileRules);
  if (!parsed.ok) return usageError(`the record mapping does not load:\n${formatProblems(parsed.problems)}`);
  const problems = validateData(compileDataSchema(mappingSchema), parsed.value);
  if (problems.length > 0) return usageError(`the record mapping does not load:\n${formatProblems(problems)}`);
  const data = parsed.value.data as { businessObject: string; marker?: string; fields: Record<string, string> };
  if (data.marker !== undefined && !(data.marker in data.fields))
    return usageError(
      `the record mapping's marker '${data.marker}' is not one of its fields`,
      `Name one of: ${Object.keys(data.fields).join(', ')}.`,
    );
  return { ok: true, value: withMarker('json', data.businessObject, data.fields, data.marker, file) };
}

/** The marker goes into the field mapped from the body's Subject when there is one, else the first field (or the named one). */
function withMarker(
  format: 'json' | 'xml',
  businessObject: string,
  fields: Readonly<Record<string, string>>,
  marker: string | undefined,
  source: string,
): RecordMapping {
  const fallback = format === 'json' ? '/Subject' : 'Incident/Subject';
  const entries = Object.entries(fields).filter(([, path]) => (format === 'json' ? pointerTokens(path).length > 0 : path !== ''));
  const chosen =
    marker !== undefined
      ? entries.find(([field]) => field === marker)
      : (entries.find(([, path]) => path === fallback || path.endsWith('/Subject')) ?? entries[0]);
  const [markerField, markerPath] = chosen ?? ['Subject', fallback];
  return { format, businessObject, markerField, markerPath, fields, source };
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at === -1 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
}
