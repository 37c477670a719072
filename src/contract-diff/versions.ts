import fs from 'node:fs';
import path from 'node:path';
import { parseYaml } from '../contract/spec';
import { isObject, type JsonObject } from '../contract/spec';
import { gitCheckout, readSpecAtRef, resolveCommit, trackedAt, type GitFailure } from './git';

/**
 * The two versions a contract diff compares: the base from git, the head from git or from the
 * working tree. Every problem is a value that names what was wrong and what to do.
 */

/** What could not be done, and what to do about it. */
export interface Problem {
  readonly message: string;
  readonly hint: string;
}
export type Loaded<T> = { ok: true; value: T } | { ok: false; problem: Problem };

export interface Versions {
  /** How messages name the spec: its path in the repository, e.g. `openapi/webhooks.yaml`. */
  readonly name: string;
  /** The folder holding the spec, where git runs. */
  readonly dir: string;
  readonly baseCommit: string;
  /** null: the spec does not exist at the base ref. */
  readonly base: JsonObject | null;
  readonly head: JsonObject;
  /** `working tree`, or `REF (abc1234)`. */
  readonly headLabel: string;
}

export const shortCommit = (commit: string): string => commit.slice(0, 7);

export async function loadVersions(specPath: string, baseRef: string, headRef: string | undefined): Promise<Loaded<Versions>> {
  const dir = path.dirname(specPath);
  const file = path.basename(specPath);
  if (!fs.existsSync(dir)) return fail(`folder not found: ${dir}`, 'Pass --spec with the path of the OpenAPI file.');
  if (headRef === undefined && !fs.existsSync(specPath))
    return fail(`spec not found: ${specPath}`, 'Pass --spec with the path of the OpenAPI file.');

  const checkout = await gitCheckout(dir);
  if (!checkout.ok) return gitProblem(checkout, dir, baseRef);
  const name = `${checkout.prefix}${file}`;

  const base = await resolveCommit(dir, baseRef);
  if (!base.ok) return gitProblem(base, dir, baseRef);
  const baseText = await readSpecAtRef(dir, base.commit, file);
  if (!baseText.ok) return gitProblem(baseText, dir, baseRef);

  let headText: string;
  let headLabel = 'working tree';
  if (headRef === undefined) {
    // Without history there is nothing to gate: a spec that git does not track (inside an ignored
    // node_modules, say) would be "absent at the base" for ever and pass every run.
    const head = await resolveCommit(dir, 'HEAD');
    if (!head.ok) return gitProblem(head, dir, 'HEAD');
    const tracked = await trackedAt(dir, head.commit, file);
    if (!tracked.ok) return gitProblem(tracked, dir, 'HEAD');
    if (!tracked.tracked)
      return fail(
        `${name} is not tracked in this git repository at HEAD (ignored, or never committed), so it has no history to compare`,
        'Commit your own copy of the spec and name it: cp node_modules/ism-webhook-contract/openapi/webhooks.yaml openapi/ && git add openapi/webhooks.yaml && git commit, then contract-diff --spec openapi/webhooks.yaml --base REF.',
      );
    headText = fs.readFileSync(specPath, 'utf8');
  } else {
    const head = await resolveCommit(dir, headRef);
    if (!head.ok) return gitProblem(head, dir, headRef);
    const read = await readSpecAtRef(dir, head.commit, file);
    if (!read.ok) return gitProblem(read, dir, headRef);
    if (read.text === null)
      return fail(
        `${name} does not exist at --head ${headRef}`,
        'Name a ref where the spec exists, or leave out --head to use the file as it is now.',
      );
    headText = read.text;
    headLabel = `${headRef} (${shortCommit(head.commit)})`;
  }

  const headDoc = parseSpec(headText, `${name} (${headLabel})`);
  if (!headDoc.ok) return headDoc;
  if (baseText.text === null)
    return { ok: true, value: { name, dir, baseCommit: base.commit, base: null, head: headDoc.value, headLabel } };
  const baseDoc = parseSpec(baseText.text, `${name} at ${baseRef}`);
  if (!baseDoc.ok) return baseDoc;
  return { ok: true, value: { name, dir, baseCommit: base.commit, base: baseDoc.value, head: headDoc.value, headLabel } };
}

function parseSpec(text: string, label: string): Loaded<JsonObject> {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    // The yaml library's first line names the place and ends with a colon before a code excerpt.
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '').replace(/:\s*$/, '') : String(error);
    return fail(`${label} is not valid YAML: ${reason}`, 'Fix the YAML at that line and column, then run contract-diff again.');
  }
  if (!isObject(document) || typeof document.openapi !== 'string') {
    return fail(`${label} is not an OpenAPI document (no 'openapi' version field)`, 'Check --spec and the refs.');
  }
  return { ok: true, value: document };
}

function fail<T>(message: string, hint: string): Loaded<T> {
  return { ok: false, problem: { message, hint } };
}

function gitProblem<T>(failure: GitFailure, dir: string, ref: string): Loaded<T> {
  const said = failure.detail ? ` (git: ${failure.detail})` : '';
  switch (failure.kind) {
    case 'git-missing':
      return fail('git was not found on PATH', 'Install git: contract-diff reads the base version with git show.');
    case 'not-a-checkout':
      return fail(
        `${dir} is not inside a git checkout${said}`,
        'Pass --spec PATH, your own committed copy of the spec inside a git checkout (contract-diff reads its base version with git show REF:PATH), or run it in a clone of this repository.',
      );
    case 'unknown-ref':
      return fail(
        `unknown git ref '${ref}': no commit by that name in this clone`,
        'Name a commit, branch or tag that exists (git log --oneline). In CI, fetch enough history for it: --base HEAD~1 needs a clone of depth 2 or more.',
      );
    case 'failed':
      return fail(`git could not read the spec at '${ref}'${said}`, 'Check that the ref and the spec path are right.');
  }
}
