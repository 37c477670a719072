import type { JsonObject } from '../contract/spec';

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

/** A change as a rule reports it, with the operations it was found through (merged later). */
export interface Finding extends Change {
  /** The operation it was reached from, e.g. `POST /api/rest/Webhooks/Execute`; '' for none. */
  readonly scope: string;
  /** What in that operation, e.g. `response 400 application/json body`; the message then says what happened to it. */
  readonly subject?: string;
}

/** The two parsed documents being compared. */
export interface Documents {
  readonly base: JsonObject;
  readonly head: JsonObject;
}

/**
 * Which way a schema moved. A request schema that is tightened rejects requests that used to pass;
 * a response schema that is loosened allows answers a client was not written for.
 */
export type Shift = 'tightened' | 'loosened' | 'changed';
export type Direction = 'request' | 'response';

export function severityOf(shift: Shift, direction: Direction): Severity {
  if (shift === 'changed') return 'breaking';
  return (shift === 'tightened') === (direction === 'request') ? 'breaking' : 'non-breaking';
}

/** One operation of a document: `POST /api/rest/Webhooks/Execute`. */
export interface Operation {
  readonly path: string;
  readonly method: string;
  /** The operation object, dereferenced. */
  readonly node: import('./node').Node;
  /** The path item holding it (for path-level parameters). */
  readonly pathItem: import('./node').Node;
  /** How messages name it: `POST /api/rest/Webhooks/Execute`. */
  readonly scope: string;
}
