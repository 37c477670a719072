import { execFile } from 'node:child_process';

/**
 * The few git reads the contract diff needs, run with `execFile` (no shell) in the folder holding
 * the spec. Every expected failure is a value; kinds are told apart by which command failed and
 * its exit status, never by git's message text.
 */
export type GitFailure = {
  readonly ok: false;
  readonly kind: 'git-missing' | 'not-a-checkout' | 'unknown-ref' | 'failed';
  /** git's own words, for the user. */
  readonly detail: string;
};
export type GitResult<T> = ({ readonly ok: true } & T) | GitFailure;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly missing: boolean;
}

function git(dir: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      'git',
      args,
      { cwd: dir, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        const missing = error !== null && error.code === 'ENOENT';
        resolve({ code, stdout, stderr, missing });
      },
    );
  });
}

const failure = (kind: GitFailure['kind'], run: Run): GitFailure => ({ ok: false, kind, detail: run.stderr.trim() });

/** Whether `dir` is inside a git work tree; `prefix` is its path from the top (`openapi/`). */
export async function gitCheckout(dir: string): Promise<GitResult<{ prefix: string }>> {
  const run = await git(dir, ['rev-parse', '--show-prefix']);
  if (run.missing) return { ok: false, kind: 'git-missing', detail: 'git was not found on PATH' };
  if (run.code !== 0) return failure('not-a-checkout', run);
  return { ok: true, prefix: run.stdout.trim() };
}

/** The commit a ref names (branch, tag, `HEAD~1`, a hash), or `unknown-ref`. */
export async function resolveCommit(dir: string, ref: string): Promise<GitResult<{ commit: string }>> {
  const run = await git(dir, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (run.missing) return { ok: false, kind: 'git-missing', detail: 'git was not found on PATH' };
  if (run.code !== 0) return failure('unknown-ref', run);
  return { ok: true, commit: run.stdout.trim() };
}

/** The text of `file` (a name inside `dir`) at `commit`; `text: null` when it does not exist there. */
export async function readSpecAtRef(dir: string, commit: string, file: string): Promise<GitResult<{ text: string | null }>> {
  const listed = await trackedAt(dir, commit, file);
  if (!listed.ok) return listed;
  if (!listed.tracked) return { ok: true, text: null };
  const shown = await git(dir, ['show', `${commit}:./${file}`]);
  if (shown.code !== 0) return failure('failed', shown);
  return { ok: true, text: shown.stdout };
}

/** Whether `file` (a name inside `dir`) is committed at `commit`: ignored or never-added files are not. */
export async function trackedAt(dir: string, commit: string, file: string): Promise<GitResult<{ tracked: boolean }>> {
  const listed = await git(dir, ['ls-tree', '--name-only', commit, '--', file]);
  if (listed.code !== 0) return failure('failed', listed);
  return { ok: true, tracked: listed.stdout.trim() !== '' };
}

/** The full messages of the commits in `from..to` (`git log --format=%B from..to`). */
export async function commitMessages(
  dir: string,
  from: string,
  to: string,
): Promise<GitResult<{ commits: { commit: string; message: string }[] }>> {
  const run = await git(dir, ['log', '-z', '--format=%H%n%B', `${from}..${to}`]);
  if (run.code !== 0) return failure('failed', run);
  const commits = run.stdout
    .split('\0')
    .filter((entry) => entry.trim() !== '')
    .map((entry) => {
      const newline = entry.indexOf('\n');
      return newline < 0
        ? { commit: entry.trim(), message: '' }
        : { commit: entry.slice(0, newline).trim(), message: entry.slice(newline + 1) };
    });
  return { ok: true, commits };
}
