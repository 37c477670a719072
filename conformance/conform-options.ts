import path from 'node:path';
import { judgingProfiles, type JudgingProfile } from './judging/judging-for';
import { reporterKinds, type ReporterKind } from './reporters/reporter';
import { defaultTenantFile } from '../src/tenant/default-tenant';
import { baseUrl, listOf, usageError, wholeNumber, type Resolved } from './resolved';
import { defaultScenariosDir } from './scenario/load-scenarios';
import { readReferenceDefaults } from './targets/reference-defaults';
import type { RecordMappings } from './verify-record/record-mapping';
import { resolveVerifyRecord } from './verify-record/verify-record-options';

/** The flags of `conform`, in one table: the CLI parses with it (and adds --help), the types below come from it. */
export const conformFlagSpec = {
  target: { type: 'string' },
  profile: { type: 'string' },
  'api-key': { type: 'string' },
  'deactivated-api-key': { type: 'string' },
  extension: { type: 'string' },
  'xml-extension': { type: 'string' },
  'allow-side-effects': { type: 'boolean' },
  strict: { type: 'boolean' },
  reporter: { type: 'string', multiple: true },
  output: { type: 'string', multiple: true },
  only: { type: 'string', multiple: true },
  skip: { type: 'string', multiple: true },
  timeout: { type: 'string' },
  delay: { type: 'string' },
  'max-requests': { type: 'string' },
  'profile-file': { type: 'string' },
  compare: { type: 'string' },
  scenarios: { type: 'string' },
  'verify-record': { type: 'boolean' },
  'record-mapping': { type: 'string' },
  'record-object': { type: 'string' },
  'record-field': { type: 'string', multiple: true },
  'record-wait': { type: 'string' },
} as const;

/** `probe`: conform's target, key, extension, pacing and selection flags, and one --output for the profile. */
export const probeFlagSpec = (({
  profile,
  strict,
  reporter,
  output,
  'profile-file': profileFile,
  compare,
  'verify-record': verify,
  'record-mapping': mapping,
  'record-object': object,
  'record-field': field,
  'record-wait': wait,
  ...shared
}) => ({
  ...shared,
  output: { type: 'string' },
}))(conformFlagSpec) as Omit<
  typeof conformFlagSpec,
  'profile' | 'strict' | 'reporter' | 'output' | 'profile-file' | 'compare' | VerifyRecordFlag
> & {
  readonly output: { readonly type: 'string' };
};

/** The flags of `conform --verify-record`, which probe does not take. */
type VerifyRecordFlag = 'verify-record' | 'record-mapping' | 'record-object' | 'record-field' | 'record-wait';

type FlagValue<S> = S extends { readonly type: 'boolean' } ? boolean : S extends { readonly multiple: true } ? string[] : string;
type FlagsOf<T> = { readonly [K in keyof T]?: FlagValue<T[K]> };

/** The flags of `conform` as the command line gave them (strings, booleans, lists). */
export type ConformFlags = FlagsOf<typeof conformFlagSpec>;
/** The flags of `probe` as the command line gave them. */
export type ProbeFlags = FlagsOf<typeof probeFlagSpec>;

/** Everything a conform run needs, every default applied: resolved once, then passed down. */
export interface ConformOptions {
  /** undefined: start the reference tenant in-process (the embedded default). */
  readonly target: string | undefined;
  readonly compare: string | undefined;
  readonly profile: JudgingProfile;
  readonly strict: boolean;
  readonly apiKey: string | undefined;
  readonly deactivatedApiKey: string | undefined;
  readonly extension: string;
  readonly xmlExtension: string | undefined;
  readonly allowSideEffects: boolean;
  readonly reporters: readonly ReporterChoice[];
  readonly only: readonly string[];
  readonly skip: readonly string[];
  readonly timeoutMs: number;
  readonly delayMs: number;
  readonly maxRequests: number;
  readonly profileFile: string | undefined;
  readonly scenariosDir: string;
  readonly tenantFile: string;
  /** `--verify-record`: read back each success scenario's record (conformance/verify-record). */
  readonly verifyRecord: { readonly mappings: RecordMappings; readonly waitMs: number } | undefined;
}

export type Env = Readonly<Record<string, string | undefined>>;

/** A key nobody has: what a spec mock gets, since it checks no key. */
export const mockApiKey = 'PRISM0MOCK0ACCEPTS0ANY0KEY000000';
export const mockDeactivatedApiKey = 'PRISM0MOCK0DEACTIVATED0KEY000000';

export const defaults = { timeoutMs: 10_000, delayMs: 200, maxRequests: 100, extension: 'MyTestWebhook' } as const;

export function resolveConformOptions(flags: ConformFlags, env: Env): Resolved<ConformOptions> {
  let target: string | undefined;
  if (flags.target !== undefined) {
    const url = baseUrl(flags.target, '--target');
    if (!url.ok) return url;
    target = url.value;
  }
  const profile = flags.profile ?? (target === undefined ? 'reference' : 'live');
  if (!(judgingProfiles as readonly string[]).includes(profile))
    return usageError(`--profile must be one of ${judgingProfiles.join(', ')}, got '${profile}'`);
  const chosen = profile as JudgingProfile;
  if (target === undefined && chosen !== 'reference') {
    return usageError(
      `--profile ${chosen} needs --target URL`,
      chosen === 'prism'
        ? 'Start the mock with `npm run mock` and pass --target http://127.0.0.1:4011.'
        : 'Without --target the suite runs the embedded reference tenant.',
    );
  }
  if (target === undefined && (flags['api-key'] !== undefined || flags['deactivated-api-key'] !== undefined)) {
    return usageError(
      '--api-key and --deactivated-api-key need --target URL',
      'The embedded reference tenant uses the keys of fixtures/tenant.yaml.',
    );
  }
  let compare: string | undefined;
  if (flags.compare !== undefined) {
    if (target === undefined) return usageError('--compare URL needs --target URL: it compares two targets');
    const url = baseUrl(flags.compare, '--compare');
    if (!url.ok) return url;
    compare = url.value;
    if (flags['profile-file'] !== undefined)
      return usageError(
        '--compare and --profile-file cannot be combined',
        'A comparison judges two targets against each other, not against a profile.',
      );
  }
  if (flags['profile-file'] !== undefined && chosen !== 'live')
    return usageError(`--profile-file needs the live profile, got --profile ${chosen}`);

  const tenantFile = defaultTenantFile();
  const reference = chosen === 'reference' ? readReferenceDefaults(tenantFile) : undefined;
  const fromEnv = chosen === 'reference' ? {} : { apiKey: env.ISM_API_KEY, deactivatedApiKey: env.ISM_DEACTIVATED_API_KEY };
  const nonEmpty = (value: string | undefined): string | undefined => (value === undefined || value === '' ? undefined : value);
  let apiKey = nonEmpty(flags['api-key']) ?? nonEmpty(fromEnv.apiKey) ?? reference?.apiKey;
  let deactivatedApiKey = nonEmpty(flags['deactivated-api-key']) ?? nonEmpty(fromEnv.deactivatedApiKey) ?? reference?.deactivatedApiKey;
  if (chosen === 'prism') {
    apiKey ??= mockApiKey;
    deactivatedApiKey ??= mockDeactivatedApiKey;
  }
  if (chosen === 'live' && apiKey === undefined) {
    return usageError(
      'the live profile needs an API key: pass --api-key KEY or set ISM_API_KEY',
      'Setting ISM_API_KEY keeps the key out of your shell history.',
    );
  }

  const reporters = resolveReporters(flags.reporter, flags.output);
  if (!reporters.ok) return reporters;
  const timeout = wholeNumber(flags.timeout, '--timeout', defaults.timeoutMs, 1, 600_000);
  if (!timeout.ok) return timeout;
  const politeDelay = target !== undefined && chosen !== 'prism' ? defaults.delayMs : 0;
  const delay = wholeNumber(flags.delay, '--delay', politeDelay, 0, 60_000);
  if (!delay.ok) return delay;
  const budget = wholeNumber(flags['max-requests'], '--max-requests', defaults.maxRequests, 1, 100_000);
  if (!budget.ok) return budget;
  if (flags.extension === '') return usageError('--extension must not be empty');
  const extension = flags.extension ?? reference?.extension ?? defaults.extension;
  const xmlExtension = nonEmpty(flags['xml-extension']) ?? (chosen === 'live' ? undefined : (reference?.xmlExtension ?? 'MyXmlWebhook'));
  const verifyRecord = resolveVerifyRecord(flags, { target, compare, profile: chosen, tenantFile, extension, xmlExtension });
  if (!verifyRecord.ok) return verifyRecord;

  return {
    ok: true,
    value: {
      target,
      compare,
      profile: chosen,
      strict: flags.strict ?? false,
      apiKey,
      deactivatedApiKey,
      extension,
      xmlExtension,
      allowSideEffects: flags['allow-side-effects'] ?? false,
      reporters: reporters.value,
      only: listOf(flags.only),
      skip: listOf(flags.skip),
      timeoutMs: timeout.value,
      delayMs: delay.value,
      maxRequests: budget.value,
      profileFile: flags['profile-file'] !== undefined ? path.resolve(flags['profile-file']) : undefined,
      scenariosDir: flags.scenarios !== undefined ? path.resolve(flags.scenarios) : defaultScenariosDir(),
      tenantFile,
      verifyRecord: verifyRecord.value,
    },
  };
}

export interface ProbeOptions {
  readonly run: ConformOptions;
  /** Where the tenant profile goes; undefined: stdout (progress then goes to stderr). */
  readonly output: string | undefined;
}

/** `probe` takes conform's target, key, extension, pacing and selection flags, and --output for the profile. */
export function resolveProbeOptions(flags: ProbeFlags, env: Env): Resolved<ProbeOptions> {
  if (flags.target === undefined) return usageError('probe needs --target URL: it records what a real tenant answers');
  const run = resolveConformOptions({ ...flags, profile: 'live', reporter: undefined, output: undefined }, env);
  if (!run.ok) return run;
  return { ok: true, value: { run: run.value, output: flags.output !== undefined ? path.resolve(flags.output) : undefined } };
}

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
