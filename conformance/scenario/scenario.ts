import type { Provenance } from '../../src/contract';

/**
 * A conformance scenario, as read from one file under fixtures/scenarios/. The file's name (without
 * extension) is its ID; it opens with one Given/When/Then sentence (`summary`).
 */
export interface Scenario {
  readonly id: string;
  /** The file it was read from, for messages. */
  readonly file: string;
  /** One sentence: "Given ..., when ..., then ...". */
  readonly summary: string;
  readonly provenance: Provenance;
  /** The vendor page scenario or the inference it comes from. */
  readonly source: string;
  /** True when the request, answered as expected, runs the webhook's Action (a side effect). */
  readonly runsAction: boolean;
  readonly request: ScenarioRequest;
  /** The answer of the reference tenant (judged exactly by the reference and prism profiles). */
  readonly expect: ScenarioExpectation;
  /** What the live profile accepts instead of `expect.body` (documented scenarios, unless --strict). */
  readonly live: { readonly body: BodyExpectation } | undefined;
  /** How a spec mock (Prism) is made to give the same answer, or why it cannot. */
  readonly prism: PrismHint;
}

export interface ScenarioRequest {
  readonly method: string;
  /** The query string without `?`, with placeholders such as `{extension}`; '' sends none. */
  readonly query: string;
  /** Another path than the Execute path (a trailing slash, another letter case); undefined: the Execute path. */
  readonly path: string | undefined;
  /** Header name -> value, with placeholders such as `{api-key}`. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: BodySpec;
}

export type BodySpec =
  | { readonly kind: 'none' }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'parts'; readonly parts: readonly BodyPart[] }
  | {
      readonly kind: 'generate';
      readonly generator: BodyGeneratorName;
      readonly characters: number;
      readonly fill: string;
      readonly last: string;
    };

export type BodyPart = { readonly text: string } | { readonly hex: string };

export const bodyGeneratorNames = ['json-object', 'repeat'] as const;
export type BodyGeneratorName = (typeof bodyGeneratorNames)[number];

export interface ScenarioExpectation {
  readonly status: number;
  readonly body: BodyExpectation;
}

/**
 * - `examples`: the body must be byte-for-byte one of these named examples of the spec;
 * - `schema-only`: the body must fit the spec's envelope schema for the status;
 * - `any`: any body; a body declared JSON must parse (the vendor shows no 200 body).
 */
export type BodyExpectation =
  | { readonly kind: 'examples'; readonly names: readonly string[] }
  | { readonly kind: 'schema-only' }
  | { readonly kind: 'any' };

export type PrismHint = { readonly kind: 'prefer'; readonly prefer: string } | { readonly kind: 'skip'; readonly reason: string };
