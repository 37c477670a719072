import type { CheckFailure } from '../checks';
import type { BuiltRequest } from '../targets/build-request';
import type { SendResult } from '../targets/send-request';
import type { Scenario } from '../scenario/scenario';
import { markRequest, recordReport, verifyRecord, type VerifyRecordSettings } from './verify-record';

/** What the run loop needs of `--verify-record` for one scenario: the request to send, and the check of its record. */
export interface ReadBack {
  readonly request: BuiltRequest;
  check(sent: SendResult): Promise<{ readonly failures: readonly CheckFailure[]; readonly note: string } | undefined>;
}

/**
 * The one call the run makes per scenario: undefined for a scenario that runs no Action; else the
 * (marked) request, and a check that reads the record back after a 200 (no 200: nothing to read).
 */
export function readBackRecord(
  scenario: Scenario,
  request: BuiltRequest,
  index: number,
  settings: VerifyRecordSettings,
): ReadBack | undefined {
  const marking = markRequest(scenario, request, index, settings);
  if (marking === undefined) return undefined;
  if ('unmarked' in marking) return { request, check: async () => ({ failures: [], note: `record not verified: ${marking.unmarked}` }) };
  const { marked } = marking;
  return {
    request: marked.request,
    async check(sent) {
      if (!sent.ok || sent.response.status !== 200) return undefined;
      return recordReport(await verifyRecord(marked, settings), settings, marked);
    },
  };
}
