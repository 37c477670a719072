import { isObject, type JsonObject } from '../contract/spec';
import { compareAnnotations } from './annotations';
import { childPointer, member, resolve, type Node } from './node';
import { compareSchemas } from './schema';
import type { Documents, Finding, Operation } from './types';

interface Parameter {
  readonly label: string;
  /** Where the parameter is listed (its `$ref`, or the object itself). */
  readonly listed: Node;
  readonly node: Node;
  readonly value: JsonObject;
}

/** The parameters of an operation, path-level ones included, keyed by location and name. */
function parametersOf(document: JsonObject, operation: Operation): Map<string, Parameter> {
  const result = new Map<string, Parameter>();
  for (const owner of [operation.pathItem, operation.node]) {
    for (const listed of listEntries(document, owner)) {
      const node = resolve(document, listed);
      if (!isObject(node.value) || typeof node.value.name !== 'string' || typeof node.value.in !== 'string') continue;
      const { name, in: where } = node.value;
      // Header names are case-insensitive (RFC 9110 section 5.1).
      const key = `${where} ${where === 'header' ? name.toLowerCase() : name}`;
      result.set(key, { label: `${where} parameter ${name}`, listed, node, value: node.value });
    }
  }
  return result;
}

function listEntries(document: JsonObject, owner: Node): Node[] {
  const list = member(document, owner, 'parameters');
  if (!list || !Array.isArray(list.value)) return [];
  return list.value.map((value, index) => ({ value, pointer: childPointer(list.pointer, String(index)) }));
}

const isRequired = (parameter: Parameter): boolean => parameter.value.required === true || parameter.value.in === 'path';

/**
 * A parameter removed, a new required parameter, or one that became required: requests that used
 * to pass are refused. Its schema is compared in the request direction.
 */
export function compareParameters(docs: Documents, base: Operation, head: Operation): Finding[] {
  const before = parametersOf(docs.base, base);
  const after = parametersOf(docs.head, head);
  const scope = head.scope;
  const findings: Finding[] = [];
  for (const [key, was] of before) {
    const now = after.get(key);
    if (!now) {
      findings.push({ rule: 'parameter-removed', severity: 'breaking', location: was.listed.pointer, message: `${was.label} removed`, scope });
      continue;
    }
    if (!isRequired(was) && isRequired(now)) {
      findings.push({ rule: 'parameter-became-required', severity: 'breaking', location: childPointer(now.node.pointer, 'required'), message: `${now.label} became required`, scope });
    } else if (isRequired(was) && !isRequired(now)) {
      findings.push({ rule: 'parameter-became-optional', severity: 'non-breaking', location: childPointer(now.node.pointer, 'required'), message: `${now.label} became optional`, scope });
    }
    findings.push(...compareAnnotations(was.node, now.node, scope, now.label));
    const ctx = { docs, direction: 'request' as const, scope, seen: new Set<string>() };
    findings.push(...compareSchemas(ctx, member(docs.base, was.node, 'schema'), member(docs.head, now.node, 'schema'), now.label));
  }
  for (const [key, now] of after) {
    if (before.has(key)) continue;
    findings.push(
      isRequired(now)
        ? { rule: 'required-parameter-added', severity: 'breaking', location: now.listed.pointer, message: `required ${now.label} added`, scope }
        : { rule: 'parameter-added', severity: 'non-breaking', location: now.listed.pointer, message: `optional ${now.label} added`, scope },
    );
  }
  return findings;
}
