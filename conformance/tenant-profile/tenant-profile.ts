import fs from 'node:fs';
import { LineCounter, parseDocument, stringify } from 'yaml';
import { FieldReader } from '../scenario/field-reader';
import type { Loaded } from '../scenario/file-problem';
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
  return header + stringify({ kind: tenantProfileKind, version: 1, target: profile.target, recordedAt: profile.recordedAt, tool: profile.tool, answers }, { lineWidth: 0 });
}

export function loadTenantProfile(file: string, scenarios: ReadonlyMap<string, Scenario>): Loaded<TenantProfile> {
  let source: string;
  try {
    source = fs.readFileSync(file, 'utf8');
  } catch (error) {
    return { ok: false, problems: [{ file, place: undefined, field: '', message: `cannot read it: ${(error as Error).message}`, fix: 'pass the path of a file written by `ism-webhooks probe --output PATH`' }] };
  }
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((error) => ({ file, place: error.linePos ? `${error.linePos[0].line}:${error.linePos[0].col}` : undefined, field: '', message: error.message.split('\n')[0] ?? error.message, fix: 'correct the YAML syntax at that place' })),
    };
  }
  const read = new FieldReader(file, doc, lines);
  const top = read.object(doc.toJS(), [], ['kind', 'version', 'target', 'recordedAt', 'tool', 'answers'], 'a tenant profile as written by `ism-webhooks probe`');
  const answers = new Map<string, RecordedAnswer>();
  if (top) {
    if (top.kind !== tenantProfileKind) read.problem(['kind'], `must be '${tenantProfileKind}'`, 'use a file written by `ism-webhooks probe`');
    if (top.version !== 1) read.problem(['version'], 'must be 1', 'record the profile again with this version of `ism-webhooks probe`');
    const entries = read.object(top.answers, ['answers'], Object.keys((top.answers as object | null) ?? {}), 'answers: { SCENARIO-ID: { status, contentType, body } }');
    for (const [id, value] of Object.entries(entries ?? {})) {
      const scenario = scenarios.get(id);
      if (!scenario) {
        read.problem(['answers', id], `'${id}' is not a scenario of this suite`, 'remove it, or record the profile again with `ism-webhooks probe`', 'key');
        continue;
      }
      if (scenario.provenance === 'documented') {
        read.problem(['answers', id], `'${id}' is documented: the vendor page says what it answers`, 'remove it; only inferred scenarios can be pinned by a tenant profile', 'key');
        continue;
      }
      const entry = read.object(value, ['answers', id], ['status', 'contentType', 'body', 'headers', 'matchesReference'], '{ status: 400, contentType: application/json, body: "..." }');
      if (!entry) continue;
      const status = read.integer(entry.status, ['answers', id, 'status'], 100, 599, 'the HTTP status the tenant answered');
      const body = read.string(entry.body, ['answers', id, 'body'], 'the body the tenant answered, as text', { allowEmpty: true });
      const contentType = entry.contentType === undefined ? undefined : read.string(entry.contentType, ['answers', id, 'contentType'], 'a media type such as application/json');
      const headers: Record<string, string> = {};
      if (entry.headers !== undefined) {
        const raw = read.object(entry.headers, ['answers', id, 'headers'], Object.keys((entry.headers as object | null) ?? {}), 'a mapping of header name to value');
        for (const [name, headerValue] of Object.entries(raw ?? {})) {
          const text = read.string(headerValue, ['answers', id, 'headers', name], 'the header value as text');
          if (text !== undefined) headers[name] = text;
        }
      }
      const matchesReference = entry.matchesReference === undefined ? undefined : read.boolean(entry.matchesReference, ['answers', id, 'matchesReference'], 'true or false');
      if (status !== undefined && body !== undefined) answers.set(id, { status, contentType, body, headers, matchesReference });
    }
  }
  if (read.problems.length > 0 || !top) return { ok: false, problems: read.problems };
  return { ok: true, value: { target: String(top.target ?? ''), recordedAt: String(top.recordedAt ?? ''), tool: String(top.tool ?? ''), answers } };
}
