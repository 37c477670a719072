import { isObject } from '../contract/spec';
import { childPointer, preview, type Node } from './node';
import type { Finding } from './types';

/** Provenance as the contract reads it: an untagged behaviour counts as documented (the stronger claim). */
export function provenanceOf(node: Node | undefined): 'documented' | 'inferred' {
  return node && isObject(node.value) && node.value['x-provenance'] === 'inferred' ? 'inferred' : 'documented';
}

/**
 * Prose and provenance of one object: `summary`, `description`, `title` and `x-source` edits are
 * listed (non-breaking); `x-provenance` going from documented to inferred withdraws a promise.
 */
export function compareAnnotations(base: Node, head: Node, scope: string, what: string): Finding[] {
  const before = isObject(base.value) ? base.value : {};
  const after = isObject(head.value) ? head.value : {};
  const findings: Finding[] = [];
  for (const key of ['summary', 'description', 'title', 'x-source']) {
    const was = before[key];
    const now = after[key];
    if (JSON.stringify(was) === JSON.stringify(now)) continue;
    const location = childPointer(now === undefined ? base.pointer : head.pointer, key);
    const verb = was === undefined ? 'added' : now === undefined ? 'removed' : 'edited';
    findings.push({
      rule: key === 'x-source' ? 'source-changed' : 'description-changed',
      severity: 'non-breaking',
      location,
      message: `${key} ${verb}${verb === 'edited' ? ` (${preview(now, 60)})` : ''}`,
      scope,
      subject: what,
    });
  }
  const was = provenanceOf(base);
  const now = provenanceOf(head);
  if (was !== now) {
    const downgraded = was === 'documented';
    findings.push({
      rule: downgraded ? 'provenance-downgraded' : 'provenance-upgraded',
      severity: downgraded ? 'breaking' : 'non-breaking',
      location: childPointer(head.pointer, 'x-provenance'),
      message: downgraded
        ? 'x-provenance went from documented to inferred (a documented behaviour is no longer promised)'
        : 'x-provenance went from inferred to documented',
      scope,
      subject: what,
    });
  }
  return findings;
}
