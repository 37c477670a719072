import { isObject, type JsonObject } from '../contract/spec';
import { compareAnnotations } from './annotations';
import { childPointer, member, rawMember, type Node } from './node';
import type { Documents, Finding, Operation } from './types';

interface Requirements {
  /** Alternatives (any one suffices), each the schemes (and `scheme:scope`s) it needs together. */
  readonly alternatives: string[][];
  readonly node: Node | undefined;
}

/** The security that applies to an operation: its own, else the document's; none is `[[]]`. */
function requirementsOf(document: JsonObject, operation: Operation): Requirements {
  const node = rawMember(operation.node, 'security') ?? rawMember({ value: document, pointer: '' }, 'security');
  const list = node && Array.isArray(node.value) ? node.value : [];
  const alternatives = list.filter(isObject).map((requirement) =>
    Object.entries(requirement)
      .flatMap(([scheme, scopes]) => [scheme, ...(Array.isArray(scopes) ? scopes.map((scope) => `${scheme}:${String(scope)}`) : [])])
      .sort(),
  );
  return { alternatives: alternatives.length > 0 ? alternatives : [[]], node };
}

const subset = (small: string[], large: string[]): boolean => small.every((item) => large.includes(item));
const show = (alternatives: string[][]): string =>
  alternatives.map((alternative) => (alternative.length === 0 ? 'none' : alternative.join(' + '))).join(' or ');

/**
 * Security added (breaking): some way of calling that used to be accepted no longer satisfies any
 * requirement. Security relaxed: a new way is accepted (non-breaking).
 */
export function compareSecurity(docs: Documents, base: Operation, head: Operation): Finding[] {
  const before = requirementsOf(docs.base, base);
  const after = requirementsOf(docs.head, head);
  const location = after.node?.pointer ?? before.node?.pointer ?? childPointer(head.node.pointer, 'security');
  const findings: Finding[] = [];
  const lost = before.alternatives.filter((was) => !after.alternatives.some((now) => subset(now, was)));
  const gained = after.alternatives.filter((now) => !before.alternatives.some((was) => subset(was, now)));
  if (lost.length > 0) {
    findings.push({
      rule: 'security-added',
      severity: 'breaking',
      location,
      message: `security tightened: required ${show(before.alternatives)}, now ${show(after.alternatives)}`,
      scope: head.scope,
    });
  }
  if (gained.length > 0) {
    findings.push({
      rule: 'security-relaxed',
      severity: 'non-breaking',
      location,
      message: `security relaxed: required ${show(before.alternatives)}, now ${show(after.alternatives)}`,
      scope: head.scope,
    });
  }
  const used = new Set(after.alternatives.flat().filter((name) => !name.includes(':')));
  for (const name of used) findings.push(...compareScheme(docs, name, head.scope));
  return findings;
}

const schemeFields = ['type', 'in', 'name', 'scheme', 'bearerFormat', 'openIdConnectUrl', 'flows'];

/** A scheme that changes how credentials are sent (header name, type, ...) rejects existing clients. */
function compareScheme(docs: Documents, name: string, scope: string): Finding[] {
  const schemes = (document: JsonObject): Node | undefined => member(document, member(document, { value: document, pointer: '' }, 'components'), 'securitySchemes');
  const before = member(docs.base, schemes(docs.base), name);
  const after = member(docs.head, schemes(docs.head), name);
  if (!before || !after || !isObject(before.value) || !isObject(after.value)) return [];
  const was = before.value;
  const now = after.value;
  // Header names and HTTP auth schemes are case-insensitive (RFC 9110 sections 5.1 and 11.1).
  const normal = (field: string, value: unknown): string =>
    (field === 'scheme' || (field === 'name' && was.in === 'header' && now.in === 'header')) && typeof value === 'string'
      ? value.toLowerCase()
      : JSON.stringify(value) ?? '';
  const findings: Finding[] = schemeFields
    .filter((field) => normal(field, was[field]) !== normal(field, now[field]))
    .map((field) => ({
      rule: 'security-scheme-changed',
      severity: 'breaking',
      location: childPointer(now[field] === undefined ? before.pointer : after.pointer, field),
      message: `security scheme ${name}: ${field} changed from ${JSON.stringify(was[field]) ?? '(absent)'} to ${JSON.stringify(now[field]) ?? '(absent)'}`,
      scope,
    }));
  findings.push(...compareAnnotations(before, after, scope, `security scheme ${name}`));
  return findings;
}
