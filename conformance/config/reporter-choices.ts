import { reporterKinds, type ReporterKind } from '../reporters/reporter';
import { listOf, usageError, type Resolved } from './resolved';

/** A reporter and where it writes: stdout, stderr or a file. */
export interface ReporterChoice {
  readonly kind: ReporterKind;
  readonly to: { readonly kind: 'stdout' } | { readonly kind: 'stderr' } | { readonly kind: 'file'; readonly path: string };
}

/**
 * `--reporter console|junit|json|markdown` (repeatable or comma-separated; default console) and `--output
 * PATH` (repeatable): the n-th --output goes to the n-th file reporter (junit, json, markdown), in order. A
 * file reporter without an --output writes to stdout, and the console reporter then moves to stderr.
 */
export function resolveReporters(
  reporters: readonly string[] | undefined,
  outputs: readonly string[] | undefined,
): Resolved<ReporterChoice[]> {
  const kinds = listOf(reporters);
  if (kinds.length === 0) kinds.push('console');
  for (const kind of kinds) {
    if (!(reporterKinds as readonly string[]).includes(kind))
      return usageError(`--reporter must be one of ${reporterKinds.join(', ')}, got '${kind}'`);
  }
  if (new Set(kinds).size !== kinds.length) return usageError(`--reporter names the same reporter twice: ${kinds.join(', ')}`);
  const paths = [...(outputs ?? [])];
  const fileKinds = kinds.filter((kind) => kind !== 'console') as ReporterKind[];
  if (paths.length > fileKinds.length) {
    return usageError(
      `--output is given ${paths.length} time(s) but only ${fileKinds.length} reporter(s) write a file`,
      'Pair each --output PATH with a --reporter junit or --reporter json, in order.',
    );
  }
  const choices: ReporterChoice[] = fileKinds.map((kind, index) => {
    const file = paths[index];
    return { kind, to: file === undefined ? { kind: 'stdout' } : { kind: 'file', path: file } };
  });
  const onStdout = choices.filter((choice) => choice.to.kind === 'stdout');
  if (onStdout.length > 1)
    return usageError(
      `--reporter ${onStdout.map((choice) => choice.kind).join(' and ')} cannot both write to stdout`,
      'Give each of them an --output PATH.',
    );
  if (kinds.includes('console')) choices.unshift({ kind: 'console', to: onStdout.length > 0 ? { kind: 'stderr' } : { kind: 'stdout' } });
  return { ok: true, value: choices };
}
