import { isObject, type Json, type JsonObject, pointer } from '../contract/spec';
import { type Difference, firstDifference, preview } from './differences';

/** How a change affects someone who built against the base version of the contract. */
export type Severity = 'breaking' | 'non-breaking';

/** One difference between two versions of the contract, as a value. */
export interface Change {
  /** The rule that classified it, e.g. `example-removed` (docs/contract-diff.md lists them all). */
  readonly rule: string;
  readonly severity: Severity;
  /** JSON pointer to where the change is in the file: in head, or in base for a removal. */
  readonly location: string;
  readonly message: string;
}

export interface Documents {
  readonly base: JsonObject;
  readonly head: JsonObject;
}

const methods = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
const prose = new Set(['summary', 'description', 'title']);

/**
 * The rules of this project, sized to its spec (one path, documented vendor bodies): documented
 * bodies byte for byte, provenance, `x-max-characters`, parameters and media types, operations and
 * responses, the security scheme. Any other change under `paths` or `components` is breaking
 * (`contract-changed`) unless a `Contract-Break:` trailer allows it; changes elsewhere (`info`,
 * `servers`, `tags`) are listed as `other-change`.
 */
export function classify(difference: Difference, docs: Documents): Change[] {
  const { tokens, before, after } = difference;
  const last = tokens[tokens.length - 1] ?? '';
  const parent = tokens[tokens.length - 2] ?? '';
  const added = before === undefined;
  const removed = after === undefined;
  const change = (rule: string, severity: Severity, message: string): Change[] => [
    { rule, severity, location: difference.pointer, message },
  ];
  const either = (rule: string, breaking: boolean, message: string): Change[] =>
    change(rule, breaking ? 'breaking' : 'non-breaking', message);
  const inContract = tokens[0] === 'paths' || tokens[0] === 'components';

  if (!inContract) return change('other-change', 'non-breaking', edited(before, after));
  if (prose.has(last)) return change('description-changed', 'non-breaking', `${last} ${edited(before, after)}`);
  if (last === 'x-source') return change('source-changed', 'non-breaking', `x-source ${edited(before, after)}`);
  if (last === 'x-provenance') {
    const downgraded = (before ?? 'documented') === 'documented' && after === 'inferred';
    if (downgraded)
      return change(
        'provenance-downgraded',
        'breaking',
        'x-provenance went from documented to inferred (a documented behaviour is no longer promised)',
      );
    if (before === 'inferred' && (after ?? 'documented') === 'documented')
      return change('provenance-upgraded', 'non-breaking', 'x-provenance went from inferred to documented');
  }
  if (last === 'x-max-characters') {
    const lowered = typeof after === 'number' && (typeof before !== 'number' || after < before);
    return either(
      lowered ? 'request-max-characters-lowered' : 'request-max-characters-raised',
      lowered,
      `x-max-characters ${lowered ? 'lowered' : 'raised'} from ${preview(before)} to ${preview(after)}`,
    );
  }

  const exampleAt = tokens.lastIndexOf('examples');
  if (exampleAt >= 0 && exampleAt === tokens.length - 2 && (added || removed))
    return either(removed ? 'example-removed' : 'example-added', removed, `example ${last} ${removed ? 'removed' : 'added'}`);
  if (exampleAt >= 0 && exampleAt === tokens.length - 3 && last === 'value') {
    // The promise made is the base's: a documented body stays documented until the change is allowed.
    const example = valueAt(docs.base, tokens.slice(0, -1));
    const documented = (isObject(example) ? example['x-provenance'] : undefined) !== 'inferred';
    const name = parent;
    return either(
      documented ? 'documented-example-changed' : 'inferred-example-changed',
      documented,
      `${documented ? 'documented' : 'inferred'} example ${name} changed: ${firstDifference(before, after)}`,
    );
  }
  if (tokens.includes('example')) return change('request-example-changed', 'non-breaking', `example ${edited(before, after)}`);

  if (tokens[0] === 'paths' && tokens.length === 2 && (added || removed))
    return either(removed ? 'path-removed' : 'path-added', removed, `path ${last} ${removed ? 'removed' : 'added'}`);
  if (tokens[0] === 'paths' && tokens.length === 3 && methods.has(last) && (added || removed)) {
    return either(
      removed ? 'operation-removed' : 'operation-added',
      removed,
      `${last.toUpperCase()} ${parent} ${removed ? 'removed' : 'added'}`,
    );
  }
  if (last === 'operationId') return change('operation-id-changed', 'breaking', `operationId ${edited(before, after)}`);
  if (parent === 'responses' && (added || removed))
    return either(removed ? 'response-removed' : 'response-added', removed, `response ${last} ${removed ? 'removed' : 'added'}`);
  if (parent === 'content' && (added || removed)) {
    const side = tokens.includes('requestBody') || tokens[1] === 'requestBodies' ? 'request' : 'response';
    return either(
      `${side}-media-type-${removed ? 'removed' : 'added'}`,
      removed,
      `${side} media type ${last} ${removed ? 'removed' : 'added'}`,
    );
  }
  if (parent === 'headers' && (added || removed))
    return either(`response-header-${removed ? 'removed' : 'added'}`, removed, `response header ${last} ${removed ? 'removed' : 'added'}`);
  if (last === 'requestBody' && (added || removed)) {
    const required = isObject(after) && after.required === true;
    if (removed) return change('request-body-removed', 'breaking', 'request body removed');
    return either(
      required ? 'required-request-body-added' : 'request-body-added',
      required,
      `${required ? 'required ' : ''}request body added`,
    );
  }
  if (last === 'required' && typeof (after ?? false) === 'boolean' && typeof (before ?? false) === 'boolean') {
    const what = parent === 'requestBody' || tokens[1] === 'requestBodies' ? 'request-body' : isParameter(tokens) ? 'parameter' : undefined;
    if (what)
      return either(
        `${what}-became-${after === true ? 'required' : 'optional'}`,
        after === true,
        `${what.replace('-', ' ')} became ${after === true ? 'required' : 'optional'}`,
      );
  }
  if (last === 'parameters' && Array.isArray(before ?? []) && Array.isArray(after ?? [])) return parameterChanges(difference, docs);
  if (last === 'security') return securityChange(difference);
  if (tokens[1] === 'securitySchemes') {
    const sameHeader =
      last === 'name' && typeof before === 'string' && typeof after === 'string' && before.toLowerCase() === after.toLowerCase();
    if (sameHeader)
      return change('other-change', 'non-breaking', `header name ${edited(before, after)} (header names are case-insensitive)`);
    return change('security-scheme-changed', 'breaking', `security scheme ${tokens[2] ?? ''} ${edited(before, after)}`);
  }
  return change('contract-changed', 'breaking', edited(before, after));
}

function edited(before: Json | undefined, after: Json | undefined): string {
  if (before === undefined) return `added: ${preview(after)}`;
  if (after === undefined) return `removed: ${preview(before)}`;
  return `changed from ${preview(before, 50)} to ${preview(after, 50)}`;
}

function isParameter(tokens: readonly string[]): boolean {
  return tokens[1] === 'parameters' || tokens[tokens.length - 3] === 'parameters';
}

function valueAt(document: Json, tokens: readonly string[]): Json | undefined {
  let node: Json | undefined = document;
  for (const token of tokens) node = Array.isArray(node) ? node[Number(token)] : isObject(node) ? node[token] : undefined;
  return node;
}

/** A parameter list, by location and name, each `$ref` followed once. */
function parametersOf(document: JsonObject, list: Json | undefined): Map<string, JsonObject> {
  const found = new Map<string, JsonObject>();
  for (const item of Array.isArray(list) ? list : []) {
    const ref = isObject(item) && typeof item.$ref === 'string' && item.$ref.startsWith('#/') ? item.$ref : undefined;
    const parameter = ref ? pointer(document, ref) : item;
    if (isObject(parameter)) found.set(`${String(parameter.in)} ${String(parameter.name)}`, parameter);
  }
  return found;
}

function parameterChanges({ pointer, before, after }: Difference, docs: Documents): Change[] {
  const was = parametersOf(docs.base, before);
  const now = parametersOf(docs.head, after);
  const changes: Change[] = [];
  for (const [key, parameter] of was) {
    const next = now.get(key);
    if (!next) changes.push({ rule: 'parameter-removed', severity: 'breaking', location: pointer, message: `parameter ${key} removed` });
    else if (JSON.stringify(next) !== JSON.stringify(parameter))
      changes.push({ rule: 'contract-changed', severity: 'breaking', location: pointer, message: `parameter ${key} changed` });
  }
  for (const [key, parameter] of now) {
    if (was.has(key)) continue;
    const required = parameter.required === true || parameter.in === 'path';
    changes.push({
      rule: required ? 'required-parameter-added' : 'parameter-added',
      severity: required ? 'breaking' : 'non-breaking',
      location: pointer,
      message: `${required ? 'required ' : ''}parameter ${key} added`,
    });
  }
  return changes.length > 0
    ? changes
    : [{ rule: 'other-change', severity: 'non-breaking', location: pointer, message: 'parameters reordered' }];
}

/**
 * A security requirement list accepts a caller when one of its requirements asks only for schemes
 * the caller has. Breaking when a way that was accepted is accepted no longer.
 */
function securityChange({ pointer, before, after }: Difference): Change[] {
  const requirements = (value: Json | undefined): string[][] =>
    Array.isArray(value) ? value.map((item) => (isObject(item) ? Object.keys(item) : [])) : [];
  const was = requirements(before);
  const now = requirements(after);
  const open = (list: string[][]): boolean => list.length === 0 || list.some((schemes) => schemes.length === 0);
  const stillAccepted = (schemes: string[]): boolean =>
    open(now) || now.some((needed) => needed.every((scheme) => schemes.includes(scheme)));
  const tightened = open(was) ? !open(now) : !was.every(stillAccepted);
  return tightened
    ? [
        {
          rule: 'security-added',
          severity: 'breaking',
          location: pointer,
          message: `security now ${preview(after)} (was ${preview(before)}): a way of authenticating that was accepted no longer is`,
        },
      ]
    : [
        {
          rule: 'security-relaxed',
          severity: 'non-breaking',
          location: pointer,
          message: `security now ${preview(after)} (was ${preview(before)})`,
        },
      ];
}
