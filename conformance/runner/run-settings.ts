import type { Contract } from '../../src/contract';
import type { JudgingProfile } from '../judging/judging-for';
import type { Redact, Secret } from '../../src/redact';
import type { PlaceholderValues } from '../scenario/placeholders';
import type { TenantProfile } from '../judging/tenant-profile';
import type { VerifyRecordSettings } from '../verify-record/verify-record';

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
