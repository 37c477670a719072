import type { Contract } from '../../src/contract';
import type { RecordMappings } from './record-mapping';
import type { VerifyRecordSettings } from './verify-record';

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
