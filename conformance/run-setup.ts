import fs from 'node:fs';
import path from 'node:path';
import { loadContract, packageRoot, type Contract } from '../src/contract';
import type { ConformOptions } from './conform-options';
import { usageError, type Resolved } from './resolved';
import { createRedactor, type Redact, type Secret } from '../src/redact';
import { formatProblems } from '../src/data-file';
import { loadScenarios } from './scenario/load-scenarios';
import { incorrectApiKey, otherLetterCase, percentEncodeAll, type PlaceholderValues } from './scenario/placeholders';
import type { Scenario } from './scenario/scenario';
import type { JudgingProfile } from './judging/judging-for';
import { loadTenantProfile, type TenantProfile } from './judging/tenant-profile';
import type { VerifyRecordSettings } from './verify-record/verify-record';
import { verifyRecordSettings } from './verify-record/verify-record-options';

/** What every run starts from: the contract, the selected scenarios, and its settings. */
export interface RunSetup {
  readonly contract: Contract;
  readonly scenarios: readonly Scenario[];
  readonly all: readonly Scenario[];
}

/** A data file that does not load is reported like a usage error (exit 2), with file, place and fix. */
export function loadSetup(options: ConformOptions, contract: Contract = loadContract()): Resolved<RunSetup> {
  const loaded = loadScenarios(options.scenariosDir, contract.catalogue);
  if (!loaded.ok) return usageError(`the scenarios do not load:\n${formatProblems(loaded.problems)}`);
  const all = loaded.value;
  const ids = new Set(all.map((scenario) => scenario.id));
  const unknown = [...options.only, ...options.skip].filter((id) => !ids.has(id));
  if (unknown.length > 0) return usageError(`unknown scenario ID(s): ${unknown.join(', ')}`, `Scenario IDs: ${[...ids].join(', ')}`);
  const scenarios = all.filter(
    (scenario) => (options.only.length === 0 || options.only.includes(scenario.id)) && !options.skip.includes(scenario.id),
  );
  return { ok: true, value: { contract, scenarios, all } };
}

export function loadProfileFile(options: ConformOptions, all: readonly Scenario[]): Resolved<TenantProfile | undefined> {
  if (options.profileFile === undefined) return { ok: true, value: undefined };
  const loaded = loadTenantProfile(options.profileFile, new Map(all.map((scenario) => [scenario.id, scenario])));
  if (!loaded.ok) return usageError(`the tenant profile does not load:\n${formatProblems(loaded.problems)}`);
  return { ok: true, value: loaded.value };
}

/** The secrets of a run and what stands for them in every output. */
export function secretsOf(options: ConformOptions): Secret[] {
  const secrets: Secret[] = [];
  if (options.apiKey !== undefined) secrets.push({ value: options.apiKey, placeholder: '$ISM_API_KEY' });
  if (options.deactivatedApiKey !== undefined) secrets.push({ value: options.deactivatedApiKey, placeholder: '$ISM_DEACTIVATED_API_KEY' });
  return secrets;
}

/** What the scenarios' placeholders stand for in a run against `baseUrl`. */
export function placeholderValues(
  options: { readonly apiKey?: string; readonly deactivatedApiKey?: string; readonly extension?: string; readonly xmlExtension?: string },
  baseUrl: string,
): PlaceholderValues {
  const extension = options.extension;
  return {
    'api-key': options.apiKey,
    'deactivated-api-key': options.deactivatedApiKey,
    'incorrect-api-key': incorrectApiKey,
    extension,
    'extension-other-case': extension === undefined ? undefined : otherLetterCase(extension),
    'extension-percent-encoded': extension === undefined ? undefined : percentEncodeAll(extension),
    'xml-extension': options.xmlExtension,
    'tenant-host': hostOf(baseUrl),
  };
}

/** Everything a run needs, resolved once at the entry point and passed down. */
export interface RunSettings {
  readonly contract: Contract;
  readonly profile: JudgingProfile;
  readonly strict: boolean;
  /** True against a --target (not a spec mock): scenarios that run the Action need --allow-side-effects. */
  readonly guardSideEffects: boolean;
  readonly allowSideEffects: boolean;
  readonly values: PlaceholderValues;
  readonly secrets: readonly Secret[];
  readonly redact: Redact;
  readonly timeoutMs: number;
  readonly delayMs: number;
  readonly maxRequests: number;
  readonly tenantProfile: TenantProfile | undefined;
  /** The package root, to show scenario files relative to it. */
  readonly root: string;
  /** `--verify-record`: how each success scenario's record is read back; undefined: not asked. */
  readonly verifyRecord: VerifyRecordSettings | undefined;
}

export function runSettings(
  options: ConformOptions,
  contract: Contract,
  baseUrl: string,
  tenantProfile: TenantProfile | undefined,
): RunSettings {
  const secrets = secretsOf(options);
  const values = placeholderValues(options, baseUrl);
  return {
    contract,
    profile: options.profile,
    strict: options.strict,
    // Every live target is guarded, the compared one included (a spec mock as --target aside).
    guardSideEffects: options.compare !== undefined || (options.target !== undefined && options.profile !== 'prism'),
    allowSideEffects: options.allowSideEffects,
    values,
    secrets,
    redact: createRedactor(secrets),
    timeoutMs: options.timeoutMs,
    delayMs: options.delayMs,
    maxRequests: options.maxRequests,
    tenantProfile,
    root: packageRoot(),
    verifyRecord:
      options.verifyRecord &&
      verifyRecordSettings(options.verifyRecord, { baseUrl, apiKey: options.apiKey, contract, timeoutMs: options.timeoutMs }),
  };
}

function hostOf(baseUrl: string): string | undefined {
  try {
    return new URL(baseUrl).hostname || undefined;
  } catch {
    return undefined;
  }
}

/** The tool's name and version, for reports. */
export function toolInfo(): { name: string; version: string } {
  const pkg = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
  return { name: 'ism-webhooks', version: pkg.version };
}
