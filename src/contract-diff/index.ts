import { isObject, type JsonObject } from '../contract/spec';
import { differences } from './differences';
import { type Change, classify } from './rules';

/**
 * Compares two versions of the OpenAPI document and lists every change, each classified as
 * breaking or not for someone who built against `base`, breaking ones first. Never throws.
 */
export function diffSpecs(base: object, head: object): Change[] {
  const docs = { base: asDocument(base), head: asDocument(head) };
  const changes = differences(docs.base, docs.head).flatMap((difference) => classify(difference, docs));
  return [...changes.filter((change) => change.severity === 'breaking'), ...changes.filter((change) => change.severity !== 'breaking')];
}

function asDocument(value: object): JsonObject {
  // A round trip through JSON keeps only plain data (what a YAML or JSON parser returns anyway).
  const copy = JSON.parse(JSON.stringify(value)) as unknown;
  return isObject(copy) ? copy : {};
}

export type { Change, Severity } from './rules';
export { readSpecAtRef, gitCheckout, resolveCommit, commitMessages } from './git';
export { breakMarkers, type BreakMarker } from './markers';
export { formatChanges, summaryLine } from './format';
export { loadVersions, shortCommit, type Versions, type Problem } from './versions';
