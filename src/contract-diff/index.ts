import { isObject, type JsonObject } from '../contract/spec';
import { mergeFindings } from './merge';
import { compareOperations } from './operations';
import type { Change } from './types';
import { unclassified } from './unclassified';

/**
 * Compares two versions of an OpenAPI 3.1 document and lists every change, each classified as
 * breaking or not for someone who built against `base`. Never throws: anything it cannot read is
 * compared as raw JSON.
 */
export function diffSpecs(base: object, head: object): Change[] {
  const docs = { base: asDocument(base), head: asDocument(head) };
  const classified = mergeFindings(compareOperations(docs));
  return mergeFindings([...classified.map((change) => ({ ...change, scope: '' })), ...unclassified(docs.base, docs.head, classified)]);
}

function asDocument(value: object): JsonObject {
  // A round trip through JSON keeps only plain data (what a YAML or JSON parser returns anyway).
  const copy = JSON.parse(JSON.stringify(value)) as unknown;
  return isObject(copy) ? copy : {};
}

export type { Change, Severity } from './types';
export { readSpecAtRef, gitCheckout, resolveCommit, commitMessages } from './git';
export { breakMarkers, type BreakMarker } from './markers';
export { formatChanges, summaryLine } from './format';
export { loadVersions, shortCommit, type Versions, type Problem } from './versions';
