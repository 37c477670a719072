import type { Catalogue } from '../../src/contract';
import type { BodyExpectation, Scenario } from '../scenario/scenario';
import type { RecordedAnswer } from './tenant-profile';

/**
 * How a run judges the scenarios (the `--profile` flag; not a tenant profile, which records one tenant's answers):
 * - `reference`: the reference tenant; every scenario exact, every failure counts.
 * - `live`: a real tenant; documented scenarios exact (an unknown extension may get either
 *   documented message), inferred ones reported as observations unless --strict.
 * - `prism`: a spec mock; each scenario sends its Prefer header, what a mock cannot do is skipped.
 */
export const judgingProfiles = ['reference', 'live', 'prism'] as const;
export type JudgingProfile = (typeof judgingProfiles)[number];

/** How one scenario is judged in a run: what must come back, and whether a difference fails the run. */
export interface Judging {
  /** False: a difference is an observation, never a failure. */
  readonly required: boolean;
  readonly expectation: Expectation;
}

/** What one answer must look like, resolved from a scenario for one profile (or from a recording). */
export interface Expectation {
  readonly status: number;
  readonly body: ExpectedBody;
  /** Media types the answer may declare when it has a body (the spec's, for the status). */
  readonly mediaTypes: readonly string[];
  /** Headers whose value is fixed, e.g. `Allow: POST` on the 405. */
  readonly headers: Readonly<Record<string, string>>;
  /** Validate the body against the spec's envelope schema for the status. */
  readonly envelope: boolean;
  /** Whether the Action must run (checked when the target offers the inspection API). */
  readonly runsAction: boolean;
  /** What it was resolved from, for reports: "the spec (exact)", "the tenant profile" ... */
  readonly basis: string;
}

export type ExpectedBody =
  | { readonly kind: 'exact'; readonly candidates: readonly ExpectedText[] }
  | { readonly kind: 'schema-only' }
  | { readonly kind: 'any' };

export interface ExpectedText {
  /** e.g. `spec example missingExtension` or `recorded answer`. */
  readonly label: string;
  readonly text: string;
}

export interface JudgingOptions {
  readonly profile: JudgingProfile;
  readonly strict: boolean;
  /** What the tenant profile (--profile-file) recorded for this scenario, if anything. */
  readonly recorded: RecordedAnswer | undefined;
}

export function judgingFor(scenario: Scenario, catalogue: Catalogue, options: JudgingOptions): Judging {
  if (options.recorded) return { required: true, expectation: fromRecording(options.recorded) };
  if (options.profile !== 'live') {
    return { required: true, expectation: fromSpec(scenario, scenario.expect.body, catalogue, 'the spec, exactly') };
  }
  // A live tenant is never judged on a body the spec leaves open, --strict or not.
  const expected = leftOpen(scenario.expect.body, catalogue) ? ({ kind: 'any' } as const) : scenario.expect.body;
  if (options.strict) return { required: true, expectation: fromSpec(scenario, expected, catalogue, 'the spec, exactly') };
  if (scenario.provenance === 'documented') {
    const body = scenario.live?.body ?? expected;
    const basis = scenario.live ? 'the spec, as a live tenant may answer it' : 'the spec, exactly';
    return { required: true, expectation: fromSpec(scenario, body, catalogue, basis) };
  }
  return { required: false, expectation: fromSpec(scenario, expected, catalogue, 'the reference tenant (inferred: an observation)') };
}

/**
 * A success body is one the spec leaves open: the vendor shows none, the spec's 200 allows any body
 * (`AnyBody`), and its only example is the reference tenant's own choice (provenance inferred).
 */
function leftOpen(body: BodyExpectation, catalogue: Catalogue): boolean {
  if (body.kind !== 'examples') return false;
  return body.names.every((name) => {
    const answer = catalogue.answers.get(name);
    return answer !== undefined && answer.status >= 200 && answer.status < 300 && answer.provenance === 'inferred';
  });
}

function fromSpec(scenario: Scenario, body: BodyExpectation, catalogue: Catalogue, basis: string): Expectation {
  const status = scenario.expect.status;
  const names = body.kind === 'examples' ? body.names : [];
  const expected: ExpectedBody =
    body.kind === 'examples'
      ? {
          kind: 'exact',
          candidates: names.map((name) => ({ label: `the spec's example ${name}`, text: catalogue.answers.get(name)?.body ?? '' })),
        }
      : body;
  return {
    status,
    body: expected,
    mediaTypes: catalogue.mediaTypes.get(status) ?? [],
    headers: headersOf(catalogue, status),
    envelope: true,
    runsAction: scenario.runsAction,
    basis,
  };
}

/** Fixed headers the spec gives answers of a status (the same for every example of it). */
function headersOf(catalogue: Catalogue, status: number): Readonly<Record<string, string>> {
  for (const answer of catalogue.answers.values()) {
    if (answer.status === status) return answer.headers;
  }
  return {};
}

function fromRecording(recorded: RecordedAnswer): Expectation {
  return {
    status: recorded.status,
    body: { kind: 'exact', candidates: [{ label: 'the answer recorded in the tenant profile', text: recorded.body }] },
    mediaTypes: recorded.contentType !== undefined ? [recorded.contentType] : [],
    headers: recorded.headers,
    envelope: false,
    runsAction: recorded.status >= 200 && recorded.status < 300,
    basis: 'the tenant profile (--profile-file)',
  };
}
