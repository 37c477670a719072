import { stringify } from 'yaml';
import { type Checked, compileDataSchema, type DataFileProblem, type DataFileRules, loadYamlFile, validateData } from '../../src/data-file';
import type { Scenario } from '../scenario/scenario';

/**
 * A tenant profile: what one tenant really answered to the inferred scenarios, recorded by
 * `ism-webhooks probe` (keys redacted). `conform --profile-file` judges those scenarios against
 * it, so a team pins its own tenant's behaviour where the vendor is silent.
 */
export interface TenantProfile {
  readonly target: string;
  readonly recordedAt: string;
  readonly tool: string;
  readonly answers: ReadonlyMap<string, RecordedAnswer>;
}

export interface RecordedAnswer {
  readonly status: number;
  /** Media type without parameters; undefined when the answer had none. */
  readonly contentType: string | undefined;
  readonly body: string;
  /** Headers the spec fixes (e.g. Allow), as the tenant sent them. */
  readonly headers: Readonly<Record<string, string>>;
  /** Whether the answer was the reference tenant's (informative). */
  readonly matchesReference: boolean | undefined;
}

export const tenantProfileKind = 'ism-webhooks/tenant-profile';

export function renderTenantProfile(profile: TenantProfile): string {
  const answers: Record<string, unknown> = {};
  for (const [id, answer] of profile.answers) {
    answers[id] = {
      status: answer.status,
      ...(answer.contentType !== undefined ? { contentType: answer.contentType } : {}),
      body: answer.body,
      ...(Object.keys(answer.headers).length > 0 ? { headers: answer.headers } : {}),
      ...(answer.matchesReference !== undefined ? { matchesReference: answer.matchesReference } : {}),
    };
  }
  const header = [
    '# Tenant profile recorded by `ism-webhooks probe`: what this tenant answered where the vendor',
    '# is silent (inferred scenarios). Keys are redacted. Judge a tenant against it with',
    '#   ism-webhooks conform --target URL --profile-file THIS_FILE',
    '',
  ].join('\n');
  return (
    header +
    stringify(
      { kind: tenantProfileKind, version: 1, target: profile.target, recordedAt: profile.recordedAt, tool: profile.tool, answers },
      { lineWidth: 0 },
    )
  );
}

/** A profile records one answer per inferred scenario: a few kilobytes. */
const profileFileRules: DataFileRules = {
  maxBytes: 1024 * 1024,
  what: 'the tenant profile',
  fixPath: 'pass the path of a file written by `ism-webhooks probe --output PATH`',
};

const profileSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  description: 'use a tenant profile as written by `ism-webhooks probe`',
  additionalProperties: false,
  required: ['kind', 'version', 'answers'],
  properties: {
    kind: { const: tenantProfileKind, description: 'use a file written by `ism-webhooks probe`' },
    version: { const: 1, description: 'record the profile again with this version of `ism-webhooks probe`' },
    target: { type: 'string' },
    recordedAt: { type: 'string' },
    tool: { type: 'string' },
    answers: {
      type: 'object',
      description: 'write answers: { SCENARIO-ID: { status, contentType, body } }',
      additionalProperties: {
        type: 'object',
        description: 'write { status: 400, contentType: application/json, body: "..." }',
        additionalProperties: false,
        required: ['status', 'body'],
        properties: {
          status: { type: 'integer', minimum: 100, maximum: 599, description: 'give the HTTP status the tenant answered' },
          contentType: { type: 'string', minLength: 1, description: 'give a media type such as application/json' },
          body: { type: 'string', description: 'give the body the tenant answered, as text' },
          headers: {
            type: 'object',
            description: 'write a mapping of header name to value',
            additionalProperties: { type: 'string', description: 'give the header value as text' },
          },
          matchesReference: { type: 'boolean', description: 'write true or false' },
        },
      },
    },
  },
} as const;

interface ProfileFile {
  target?: string;
  recordedAt?: string;
  tool?: string;
  answers: Record<
    string,
    { status: number; contentType?: string; body: string; headers?: Record<string, string>; matchesReference?: boolean }
  >;
}

export function loadTenantProfile(file: string, scenarios: ReadonlyMap<string, Scenario>): Checked<TenantProfile> {
  const parsed = loadYamlFile(file, profileFileRules);
  if (!parsed.ok) return parsed;
  const schemaProblems = validateData(compileDataSchema(profileSchema), parsed.value);
  if (schemaProblems.length > 0) return { ok: false, problems: schemaProblems };
  const profile = parsed.value.data as ProfileFile;
  const problems: DataFileProblem[] = [];
  const answers = new Map<string, RecordedAnswer>();
  for (const [id, entry] of Object.entries(profile.answers)) {
    const scenario = scenarios.get(id);
    if (!scenario) {
      problems.push(
        parsed.value.problem(
          ['answers', id],
          `'${id}' is not a scenario of this suite`,
          'remove it, or record the profile again with `ism-webhooks probe`',
          'key',
        ),
      );
    } else if (scenario.provenance === 'documented') {
      problems.push(
        parsed.value.problem(
          ['answers', id],
          `'${id}' is documented: the vendor page says what it answers`,
          'remove it; only inferred scenarios can be pinned by a tenant profile',
          'key',
        ),
      );
    } else {
      answers.set(id, {
        status: entry.status,
        contentType: entry.contentType,
        body: entry.body,
        headers: entry.headers ?? {},
        matchesReference: entry.matchesReference,
      });
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { target: profile.target ?? '', recordedAt: profile.recordedAt ?? '', tool: profile.tool ?? '', answers } };
}
