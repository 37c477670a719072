import { isObject, type Json, type JsonObject } from '../contract/spec';
import { compareAnnotations } from './annotations';
import { childPointer, member, preview, rawMember, resolve, type Node } from './node';
import { severityOf, type Direction, type Documents, type Finding, type Shift } from './types';

/**
 * Compares two JSON Schemas (2020-12, as OpenAPI 3.1 uses them) keyword by keyword, and says for
 * each difference whether it tightened or loosened what the schema accepts. Which of the two breaks
 * a client depends on the direction: see `severityOf`.
 */
export interface SchemaContext {
  readonly docs: Documents;
  readonly direction: Direction;
  readonly scope: string;
  /** Pairs of pointers already compared: recursive schemas are compared once. */
  readonly seen: Set<string>;
}

/** A schema side: a schema object, or `true` (anything, also when absent) or `false` (nothing). */
type Side = { readonly schema: JsonObject | boolean; readonly pointer: string };

const upperLimits = ['maxLength', 'maximum', 'exclusiveMaximum', 'maxItems', 'maxProperties'] as const;
const lowerLimits = ['minLength', 'minimum', 'exclusiveMinimum', 'minItems', 'minProperties'] as const;
const constraints = ['pattern', 'format'] as const;
/** Keywords whose every change is called `changed`: working out their direction is not worth it. */
const otherKeywords = [
  'allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else', 'prefixItems', 'contains', 'minContains',
  'maxContains', 'uniqueItems', 'multipleOf', 'patternProperties', 'propertyNames', 'dependentRequired',
  'dependentSchemas', 'unevaluatedItems', 'unevaluatedProperties', 'contentMediaType', 'contentEncoding',
] as const;

export function compareSchemas(ctx: SchemaContext, base: Node | undefined, head: Node | undefined, what: string): Finding[] {
  if (!base && !head) return [];
  const b = side(ctx.docs.base, base, head?.pointer ?? '');
  const h = side(ctx.docs.head, head, base?.pointer ?? '');
  return compareSides(ctx, b, h, what);
}

function side(document: JsonObject, node: Node | undefined, fallbackPointer: string): Side {
  if (!node) return { schema: true, pointer: fallbackPointer };
  const resolved = resolve(document, node);
  const value = resolved.value;
  return { schema: typeof value === 'boolean' || isObject(value) ? value : true, pointer: resolved.pointer };
}

function compareSides(ctx: SchemaContext, b: Side, h: Side, what: string): Finding[] {
  const key = `${b.pointer}|${h.pointer}`;
  if (ctx.seen.has(key)) return [];
  ctx.seen.add(key);
  const emit = (rule: string, shift: Shift, location: string, message: string): Finding => ({
    rule,
    severity: severityOf(shift, ctx.direction),
    location,
    message,
    scope: ctx.scope,
    subject: what,
  });
  if (b.schema === true && h.schema === true) return [];
  if (b.schema === false || h.schema === false) {
    if (b.schema === h.schema) return [];
    return b.schema === false
      ? [emit('schema-loosened', 'loosened', h.pointer, 'the schema was false (nothing) and now accepts values')]
      : [emit('schema-tightened', 'tightened', h.pointer, 'the schema is now false: nothing is accepted')];
  }
  const before = b.schema === true ? {} : b.schema;
  const after = h.schema === true ? {} : h.schema;
  const at = (keyword: string): string => childPointer(after[keyword] === undefined ? b.pointer : h.pointer, keyword);
  const findings: Finding[] = [];
  if (b.schema !== true && h.schema !== true) {
    findings.push(...compareAnnotations({ value: before, pointer: b.pointer }, { value: after, pointer: h.pointer }, ctx.scope, what));
  }
  findings.push(...compareTypes(before, after).map(([shift, message]) => emit(`schema-type-${shift}`, shift, at('type'), message)));
  const allowedKey = after.const !== undefined ? 'const' : after.enum !== undefined ? 'enum' : before.const !== undefined ? 'const' : 'enum';
  findings.push(...compareAllowed(before, after).map(([shift, message]) => emit(`schema-enum-${shift}`, shift, at(allowedKey), message)));
  for (const keyword of [...upperLimits, ...lowerLimits]) {
    const result = compareLimit(keyword, before[keyword], after[keyword], (upperLimits as readonly string[]).includes(keyword));
    if (result) findings.push(emit(`schema-limit-${result[0]}`, result[0], at(keyword), result[1]));
  }
  for (const keyword of constraints) {
    const was = before[keyword];
    const now = after[keyword];
    if (JSON.stringify(was) === JSON.stringify(now)) continue;
    const shift: Shift = was === undefined ? 'tightened' : now === undefined ? 'loosened' : 'changed';
    const message = shift === 'tightened' ? `${keyword} ${preview(now)} added` : shift === 'loosened' ? `${keyword} ${preview(was)} removed` : `${keyword} changed from ${preview(was)} to ${preview(now)}`;
    findings.push(emit(`schema-${keyword}-${shift}`, shift, at(keyword), message));
  }
  findings.push(...compareRequired(before, after).map(([shift, message]) => emit(`schema-required-${shift}`, shift, at('required'), message)));
  findings.push(...compareProperties(ctx, b, h, before, after, what, emit));
  findings.push(...compareSides(ctx, subSide(ctx.docs.base, b, 'items', h), subSide(ctx.docs.head, h, 'items', b), `${what}[]`));
  for (const keyword of otherKeywords) {
    if (JSON.stringify(before[keyword]) !== JSON.stringify(after[keyword])) {
      findings.push(emit('schema-keyword-changed', 'changed', at(keyword), `${keyword} changed (not analysed further, so treated as breaking)`));
    }
  }
  return findings;
}

/** `items`, `additionalProperties` or a property's schema: absent means anything. */
function subSide(document: JsonObject, parent: Side, keyword: string, other: Side): Side {
  const node = parent.schema === true || parent.schema === false ? undefined : member(document, { value: parent.schema, pointer: parent.pointer }, keyword);
  const otherPointer = childPointer(other.pointer, keyword);
  return node ? side(document, node, otherPointer) : { schema: true, pointer: otherPointer };
}

type Emit = (rule: string, shift: Shift, location: string, message: string) => Finding;

function compareProperties(ctx: SchemaContext, b: Side, h: Side, before: JsonObject, after: JsonObject, what: string, emit: Emit): Finding[] {
  const findings: Finding[] = [];
  const extraB = subSide(ctx.docs.base, b, 'additionalProperties', h);
  const extraH = subSide(ctx.docs.head, h, 'additionalProperties', b);
  if (extraB.schema !== false && extraH.schema === false) {
    findings.push(emit('schema-additional-properties-tightened', 'tightened', extraH.pointer, 'additionalProperties is now false: undeclared properties are refused'));
  } else if (extraB.schema === false && extraH.schema !== false) {
    findings.push(emit('schema-additional-properties-loosened', 'loosened', extraH.pointer, 'additionalProperties is no longer false: undeclared properties are allowed'));
  } else {
    findings.push(...compareSides(ctx, extraB, extraH, `${what}.*`));
  }
  const propsB = isObject(before.properties) ? before.properties : {};
  const propsH = isObject(after.properties) ? after.properties : {};
  for (const name of [...new Set([...Object.keys(propsB), ...Object.keys(propsH)])]) {
    // A property that is not declared is governed by additionalProperties.
    const declaredB = propsB[name] !== undefined;
    const declaredH = propsH[name] !== undefined;
    const propB = declaredB ? propertySide(ctx.docs.base, b, name) : extraB;
    const propH = declaredH ? propertySide(ctx.docs.head, h, name) : extraH;
    if (!declaredB && propB.schema === false && propH.schema !== false) {
      findings.push(emit('schema-property-added', 'loosened', propH.pointer, `property ${name} added to a closed object`));
    } else if (!declaredH && propH.schema === false && propB.schema !== false) {
      findings.push(emit('schema-property-removed', 'tightened', propB.pointer, `property ${name} removed from a closed object: it is now refused`));
    } else {
      findings.push(...compareSides(ctx, propB, propH, `${what}.${name}`));
    }
  }
  return findings;
}

function propertySide(document: JsonObject, parent: Side, name: string): Side {
  const properties = rawMember({ value: parent.schema as JsonObject, pointer: parent.pointer }, 'properties');
  const node = member(document, properties, name) as Node;
  return side(document, node, node.pointer);
}

function typesOf(schema: JsonObject): string[] | null {
  const type = schema.type;
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) return type.filter((item): item is string => typeof item === 'string');
  return null;
}

function covers(types: string[], type: string): boolean {
  return types.includes(type) || (type === 'integer' && types.includes('number'));
}

function compareTypes(before: JsonObject, after: JsonObject): [Shift, string][] {
  const was = typesOf(before);
  const now = typesOf(after);
  if (was === null && now === null) return [];
  if (was === null) return [['tightened', `type restricted to ${(now as string[]).join(' | ')}`]];
  if (now === null) return [['loosened', `type ${was.join(' | ')} removed: any type is accepted`]];
  const gained = now.filter((type) => !covers(was, type));
  const lost = was.filter((type) => !covers(now, type));
  const message = `type changed from ${was.join(' | ')} to ${now.join(' | ')}`;
  if (gained.length > 0 && lost.length > 0) return [['changed', message]];
  if (lost.length > 0) return [['tightened', message]];
  if (gained.length > 0) return [['loosened', message]];
  return [];
}

/** `const` and `enum` both list the values allowed. */
function allowedOf(schema: JsonObject): Json[] | null {
  if (schema.const !== undefined) return [schema.const];
  return Array.isArray(schema.enum) ? schema.enum : null;
}

function compareAllowed(before: JsonObject, after: JsonObject): [Shift, string][] {
  const was = allowedOf(before);
  const now = allowedOf(after);
  if (was === null && now === null) return [];
  const list = (values: Json[]): string => values.map((value) => preview(value, 40)).join(', ');
  if (was === null) return [['tightened', `values limited to ${list(now as Json[])}`]];
  if (now === null) return [['loosened', `the list of allowed values (${list(was)}) was removed`]];
  const keys = (values: Json[]): Set<string> => new Set(values.map((value) => JSON.stringify(value)));
  const removed = was.filter((value) => !keys(now).has(JSON.stringify(value)));
  const added = now.filter((value) => !keys(was).has(JSON.stringify(value)));
  const result: [Shift, string][] = [];
  if (removed.length > 0) result.push(['tightened', `allowed values removed: ${list(removed)}`]);
  if (added.length > 0) result.push(['loosened', `allowed values added: ${list(added)}`]);
  return result;
}

function compareLimit(keyword: string, was: Json | undefined, now: Json | undefined, upper: boolean): [Shift, string] | null {
  const before = typeof was === 'number' ? was : undefined;
  const after = typeof now === 'number' ? now : undefined;
  if (before === after) return null;
  if (before === undefined) return ['tightened', `${keyword} ${String(after)} added`];
  if (after === undefined) return ['loosened', `${keyword} ${before} removed`];
  const tighter = upper ? after < before : after > before;
  return [tighter ? 'tightened' : 'loosened', `${keyword} ${after > before ? 'raised' : 'lowered'} from ${before} to ${after}`];
}

function compareRequired(before: JsonObject, after: JsonObject): [Shift, string][] {
  const names = (schema: JsonObject): string[] => (Array.isArray(schema.required) ? schema.required.filter((item): item is string => typeof item === 'string') : []);
  const was = names(before);
  const now = names(after);
  const result: [Shift, string][] = [];
  const added = now.filter((name) => !was.includes(name));
  const removed = was.filter((name) => !now.includes(name));
  if (added.length > 0) result.push(['tightened', `now required: ${added.join(', ')}`]);
  if (removed.length > 0) result.push(['loosened', `no longer required: ${removed.join(', ')}`]);
  return result;
}
