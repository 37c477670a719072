import type { JsonObject } from '../contract/spec';
import { compareAnnotations } from './annotations';
import { entries, member, resolve, type Node } from './node';
import { compareExamples } from './examples';
import { compareSchemas } from './schema';
import type { Documents, Finding, Operation } from './types';

/**
 * Responses: a status, a media type or a header removed breaks a client that handles it; added
 * ones are listed. Bodies and headers are compared in the response direction, examples by name.
 */
export function compareResponses(docs: Documents, base: Operation, head: Operation): Finding[] {
  const scope = head.scope;
  const before = new Map(entries(member(docs.base, base.node, 'responses')));
  const after = new Map(entries(member(docs.head, head.node, 'responses')));
  const findings: Finding[] = [];
  for (const [status, rawB] of before) {
    const rawH = after.get(status);
    if (!rawH) {
      findings.push({ rule: 'response-removed', severity: 'breaking', location: rawB.pointer, message: `response ${status} removed`, scope });
      continue;
    }
    findings.push(...compareResponse(docs, resolve(docs.base, rawB), resolve(docs.head, rawH), status, scope));
  }
  for (const [status, rawH] of after) {
    if (!before.has(status)) {
      findings.push({ rule: 'response-added', severity: 'non-breaking', location: rawH.pointer, message: `response ${status} added`, scope });
    }
  }
  return findings;
}

function compareResponse(docs: Documents, before: Node, after: Node, status: string, scope: string): Finding[] {
  const findings = compareAnnotations(before, after, scope, `response ${status}`);
  findings.push(...compareHeaders(docs, before, after, status, scope));
  const lower = (document: JsonObject, node: Node): Map<string, Node> =>
    new Map(entries(member(document, node, 'content')).map(([type, media]) => [type.toLowerCase(), resolve(document, media)]));
  const typesB = lower(docs.base, before);
  const typesH = lower(docs.head, after);
  for (const [type, mediaB] of typesB) {
    const mediaH = typesH.get(type);
    const what = `response ${status} ${type}`;
    if (!mediaH) {
      findings.push({ rule: 'response-media-type-removed', severity: 'breaking', location: mediaB.pointer, message: `${what} removed`, scope });
      continue;
    }
    const ctx = { docs, direction: 'response' as const, scope, seen: new Set<string>() };
    findings.push(...compareSchemas(ctx, member(docs.base, mediaB, 'schema'), member(docs.head, mediaH, 'schema'), `${what} body`));
    findings.push(...compareExamples(docs, mediaB, mediaH, scope, what));
  }
  for (const [type, mediaH] of typesH) {
    if (!typesB.has(type)) {
      findings.push({ rule: 'response-media-type-added', severity: 'non-breaking', location: mediaH.pointer, message: `response ${status} ${type} added`, scope });
    }
  }
  return findings;
}

function compareHeaders(docs: Documents, before: Node, after: Node, status: string, scope: string): Finding[] {
  // Header names are case-insensitive (RFC 9110 section 5.1).
  const byName = (document: JsonObject, node: Node): Map<string, { name: string; header: Node }> =>
    new Map(entries(member(document, node, 'headers')).map(([name, header]) => [name.toLowerCase(), { name, header }]));
  const headersB = byName(docs.base, before);
  const headersH = byName(docs.head, after);
  const findings: Finding[] = [];
  for (const [key, { name, header: rawB }] of headersB) {
    const rawH = headersH.get(key)?.header;
    const what = `response ${status} header ${name}`;
    if (!rawH) {
      findings.push({ rule: 'response-header-removed', severity: 'breaking', location: rawB.pointer, message: `${what} removed`, scope });
      continue;
    }
    const headerB = resolve(docs.base, rawB);
    const headerH = resolve(docs.head, rawH);
    findings.push(...compareAnnotations(headerB, headerH, scope, what));
    const ctx = { docs, direction: 'response' as const, scope, seen: new Set<string>() };
    findings.push(...compareSchemas(ctx, member(docs.base, headerB, 'schema'), member(docs.head, headerH, 'schema'), what));
  }
  for (const [key, { name, header: rawH }] of headersH) {
    if (!headersB.has(key)) {
      findings.push({ rule: 'response-header-added', severity: 'non-breaking', location: rawH.pointer, message: `response ${status} header ${name} added`, scope });
    }
  }
  return findings;
}
