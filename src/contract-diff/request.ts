import { isObject } from '../contract/spec';
import { compareAnnotations } from './annotations';
import { childPointer, entries, member, rawMember, resolve } from './node';
import { compareSchemas } from './schema';
import type { Documents, Finding, Operation } from './types';

/**
 * The request body: added as required, made required, a media type removed, `x-max-characters`
 * lowered or a schema tightened all refuse requests that used to pass.
 */
export function compareRequestBodies(docs: Documents, base: Operation, head: Operation): Finding[] {
  const rawB = rawMember(base.node, 'requestBody');
  const rawH = rawMember(head.node, 'requestBody');
  const scope = head.scope;
  if (!rawB && !rawH) return [];
  if (rawB && !rawH) {
    return [{ rule: 'request-body-removed', severity: 'breaking', location: rawB.pointer, message: 'request body removed', scope }];
  }
  const after = resolve(docs.head, rawH as NonNullable<typeof rawH>);
  const requiredNow = isObject(after.value) && after.value.required === true;
  if (!rawB) {
    return requiredNow
      ? [{ rule: 'required-request-body-added', severity: 'breaking', location: after.pointer, message: 'a required request body was added', scope }]
      : [{ rule: 'request-body-added', severity: 'non-breaking', location: after.pointer, message: 'an optional request body was added', scope }];
  }
  const before = resolve(docs.base, rawB);
  const requiredBefore = isObject(before.value) && before.value.required === true;
  const findings: Finding[] = [];
  if (requiredNow !== requiredBefore) {
    findings.push(
      requiredNow
        ? { rule: 'request-body-became-required', severity: 'breaking', location: childPointer(after.pointer, 'required'), message: 'request body became required', scope }
        : { rule: 'request-body-became-optional', severity: 'non-breaking', location: childPointer(after.pointer, 'required'), message: 'request body became optional', scope },
    );
  }
  findings.push(...compareMaxCharacters(before.value, after.value, before.pointer, after.pointer, scope));
  findings.push(...compareAnnotations(before, after, scope, 'request body'));

  const contentB = member(docs.base, before, 'content');
  const contentH = member(docs.head, after, 'content');
  const typesB = new Map(entries(contentB).map(([type, node]) => [type.toLowerCase(), resolve(docs.base, node)]));
  const typesH = new Map(entries(contentH).map(([type, node]) => [type.toLowerCase(), resolve(docs.head, node)]));
  for (const [type, mediaB] of typesB) {
    const mediaH = typesH.get(type);
    if (!mediaH) {
      findings.push({ rule: 'request-media-type-removed', severity: 'breaking', location: mediaB.pointer, message: `request media type ${type} removed`, scope });
      continue;
    }
    const ctx = { docs, direction: 'request' as const, scope, seen: new Set<string>() };
    findings.push(...compareSchemas(ctx, member(docs.base, mediaB, 'schema'), member(docs.head, mediaH, 'schema'), `request body (${type})`));
  }
  for (const [type, mediaH] of typesH) {
    if (!typesB.has(type)) {
      findings.push({ rule: 'request-media-type-added', severity: 'non-breaking', location: mediaH.pointer, message: `request media type ${type} added`, scope });
    }
  }
  return findings;
}

/** `x-max-characters`: the vendor's 100,000-character body limit, which JSON Schema cannot say. */
function compareMaxCharacters(before: unknown, after: unknown, pointerB: string, pointerH: string, scope: string): Finding[] {
  const read = (value: unknown): number | undefined => {
    const limit = isObject(value) ? value['x-max-characters'] : undefined;
    return typeof limit === 'number' ? limit : undefined;
  };
  const was = read(before);
  const now = read(after);
  if (was === now) return [];
  const location = childPointer(now === undefined ? pointerB : pointerH, 'x-max-characters');
  const lowered = now !== undefined && (was === undefined || now < was);
  const message =
    was === undefined ? `x-max-characters ${String(now)} added` : now === undefined ? `x-max-characters ${was} removed` : `x-max-characters ${lowered ? 'lowered' : 'raised'} from ${was} to ${now}`;
  return [
    lowered
      ? { rule: 'request-max-characters-lowered', severity: 'breaking', location, message, scope }
      : { rule: 'request-max-characters-raised', severity: 'non-breaking', location, message, scope },
  ];
}
