import type { Contract } from '../../src/contract';
import type { JudgingProfile } from '../judging/judging-for';
import { usageError, wholeNumber, type Resolved } from '../resolved';
import { resolveRecordMapping, type RecordMappings } from './record-mapping';
import type { VerifyRecordSettings } from './verify-record';

/** The longest --record-wait by default: a tenant's index may lag its Action by seconds. */
export const defaultRecordWaitMs = 10_000;

interface Flags {
  readonly 'allow-side-effects'?: boolean;
  readonly 'verify-record'?: boolean;
  readonly 'record-mapping'?: string;
  readonly 'record-object'?: string;
  readonly 'record-field'?: readonly string[];
  readonly 'record-wait'?: string;
}

/**
 * `--verify-record` and its flags, resolved once (docs/decisions.md #35). Against a --target it
 * needs --allow-side-effects (the scenarios it verifies create records); it cannot judge a
 * comparison or a spec mock, which keep no records. The mapping flags without --verify-record
 * are a mistake, said so.
 */
export function resolveVerifyRecord(
  flags: Flags,
  run: {
    readonly target: string | undefined;
    readonly compare: string | undefined;
    readonly profile: JudgingProfile;
    readonly tenantFile: string;
    readonly extension: string;
    readonly xmlExtension: string | undefined;
  },
): Resolved<{ readonly mappings: RecordMappings; readonly waitMs: number } | undefined> {
  const mappingFlags = {
    mappingFile: flags['record-mapping'],
    businessObject: flags['record-object'],
    fields: flags['record-field'] ?? [],
  };
  const given =
    mappingFlags.mappingFile !== undefined ||
    mappingFlags.businessObject !== undefined ||
    mappingFlags.fields.length > 0 ||
    flags['record-wait'] !== undefined;
  if (!flags['verify-record']) {
    return given
      ? usageError('--record-mapping, --record-object, --record-field and --record-wait need --verify-record')
      : { ok: true, value: undefined };
  }
  if (run.target !== undefined && !flags['allow-side-effects'])
    return usageError(
      '--verify-record needs --allow-side-effects',
      'It reads back the records the success scenarios create in the tenant.',
    );
  if (run.compare !== undefined) return usageError('--verify-record cannot be combined with --compare');
  if (run.profile === 'prism') return usageError('--verify-record cannot judge a spec mock: it keeps no records');
  const wait = wholeNumber(flags['record-wait'], '--record-wait', defaultRecordWaitMs, 0, 600_000);
  if (!wait.ok) return wait;
  const reference =
    run.profile === 'reference' ? { tenantFile: run.tenantFile, extension: run.extension, xmlExtension: run.xmlExtension } : undefined;
  const mapping = resolveRecordMapping(mappingFlags, reference);
  if (!mapping.ok) return mapping;
  return { ok: true, value: { mappings: mapping.value, waitMs: wait.value } };
}

/** The pause between two read-backs while a record has not appeared. */
export const recordPollMs = 500;

/** The settings of `--verify-record` for one run against `baseUrl`; a fresh tag makes this run's markers its own. */
export function verifyRecordSettings(
  options: { readonly mappings: RecordMappings; readonly waitMs: number },
  run: { readonly baseUrl: string; readonly apiKey: string | undefined; readonly contract: Contract; readonly timeoutMs: number },
): VerifyRecordSettings {
  return {
    mappings: options.mappings,
    waitMs: options.waitMs,
    pollMs: recordPollMs,
    baseUrl: run.baseUrl,
    apiKey: run.apiKey,
    runTag: Date.now().toString(36) + Math.floor(Math.random() * 36 ** 4).toString(36),
    maxCharacters: run.contract.maxCharacters,
    timeoutMs: run.timeoutMs,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}
