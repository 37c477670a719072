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
