import type { JsonObject } from '../contract/spec';
import { compareAnnotations } from './annotations';
import { entries, member, rawMember, resolve, type Node } from './node';
import { compareParameters } from './parameters';
import { compareRequestBodies } from './request';
import { compareResponses } from './responses';
import { compareSecurity } from './security';
import type { Documents, Finding, Operation } from './types';

const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

export function rootNode(document: JsonObject): Node {
  return { value: document, pointer: '' };
}

/** Paths and operations removed (breaking) or added (non-breaking); common ones compared in full. */
export function compareOperations(docs: Documents): Finding[] {
  const findings: Finding[] = [];
  const pathsB = member(docs.base, rootNode(docs.base), 'paths');
  const pathsH = member(docs.head, rootNode(docs.head), 'paths');
  const itemsH = new Map(entries(pathsH));
  for (const [path, rawB] of entries(pathsB)) {
    const rawH = itemsH.get(path);
    if (!rawH) {
      findings.push({ rule: 'path-removed', severity: 'breaking', location: rawB.pointer, message: `path ${path} removed`, scope: '' });
      continue;
    }
    const itemB = resolve(docs.base, rawB);
    const itemH = resolve(docs.head, rawH);
    for (const method of methods) {
      const opB = rawMember(itemB, method);
      const opH = rawMember(itemH, method);
      const scope = `${method.toUpperCase()} ${path}`;
      if (opB && !opH) {
        findings.push({ rule: 'operation-removed', severity: 'breaking', location: opB.pointer, message: 'operation removed', scope });
      } else if (!opB && opH) {
        findings.push({ rule: 'operation-added', severity: 'non-breaking', location: opH.pointer, message: 'operation added', scope });
      } else if (opB && opH) {
        const base: Operation = { path, method, node: resolve(docs.base, opB), pathItem: itemB, scope };
        const head: Operation = { path, method, node: resolve(docs.head, opH), pathItem: itemH, scope };
        findings.push(...compareOperation(docs, base, head));
      }
    }
  }
  const itemsB = new Map(entries(pathsB));
  for (const [path, rawH] of entries(pathsH)) {
    if (!itemsB.has(path)) {
      findings.push({ rule: 'path-added', severity: 'non-breaking', location: rawH.pointer, message: `path ${path} added`, scope: '' });
    }
  }
  return findings;
}

function compareOperation(docs: Documents, base: Operation, head: Operation): Finding[] {
  const findings: Finding[] = [];
  const idB = rawMember(base.node, 'operationId');
  const idH = rawMember(head.node, 'operationId');
  if (idB && JSON.stringify(idB.value) !== JSON.stringify(idH?.value)) {
    // Generated clients and types name the operation by its operationId.
    findings.push({
      rule: 'operation-id-changed',
      severity: 'breaking',
      location: idH?.pointer ?? idB.pointer,
      message: `operationId changed from ${String(idB.value)} to ${idH ? String(idH.value) : '(none)'}`,
      scope: head.scope,
    });
  }
  findings.push(...compareAnnotations(base.node, head.node, head.scope, 'operation'));
  findings.push(...compareSecurity(docs, base, head));
  findings.push(...compareParameters(docs, base, head));
  findings.push(...compareRequestBodies(docs, base, head));
  findings.push(...compareResponses(docs, base, head));
  return findings;
}
