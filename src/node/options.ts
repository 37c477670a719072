import type { Contract } from '../contract';
import type { CallJournalLimits } from '../core/call-journal';
import type { InspectionAccess } from '../core/inspection';
import type { AllowedHosts } from '../core/request-guard';
import type { FaultRuleConfig } from '../faults';
import type { Cassette } from '../proxy/cassette';
import type { IncomingMessage } from 'node:http';
import type { CallRecord } from '../core/call-journal';
import type { Forward } from '../core/tenant-core';
import type { InspectionStreamOptions } from './inspection-stream';
import type { TenantConfig } from '../tenant/model';

/** One line of the access log. Holds a key hint (`…8F90`), never the key, and never the body. */
export interface AccessLogEvent {
  readonly time: string;
  readonly method: string;
  readonly path: string;
  readonly extension: string | undefined;
  /** The status sent; 0 when the connection ended before a status line was sent (a drop). */
  readonly status: number;
  /**
   * The spec example answered, or `inspection`/`not-found`/`cors-preflight`/`preferred:NAME`/`preferred:unknown`,
   * `error` (500: a programming error), `refused` (400/408/431 given on the socket, before a request was read),
   * `too-fragmented` (400: a body in more than 4,096 pieces), `bad-request` (400: an absolute-form
   * target whose authority is not `host[:port]`), `blocked` (403/415: a foreign Host, or
   * a page of another site at `/_mock`, docs/decisions.md #17), `fault:RULE` (a fault rule answered
   * instead of the tenant) or `NAME+fault:RULE` (the tenant's answer, delayed by a rule);
   * for a call whose answer did not finish: `drop:reset|close|hang|dribble` (a rule dropped it)
   * or `cut` (the connection closed first: the client left, or the server stopped).
   */
  readonly answer: string;
  /** The fault rule that hit the call (its name, or its id), when one did. */
  readonly faultRule?: string;
  readonly durationMs: number;
  readonly key: string | undefined;
}

export interface TenantServerOptions {
  /** A tenant already loaded; wins over `tenantFile`. */
  readonly tenant?: TenantConfig;
  /** A tenant file to load (default: the bundled fixtures/tenant.yaml). */
  readonly tenantFile?: string;
  /** The contract (default: loaded from the bundled openapi/webhooks.yaml). */
  readonly contract?: Contract;
  /** Milliseconds since the epoch (default Date.now). */
  readonly clock?: () => number;
  /** Record IDs (default: random 32 upper-case hex digits, like ISM RecIds). */
  readonly newRecordId?: () => string;
  /** Called once per call, when its answer has been sent or its connection let go of it (default: nothing). */
  readonly log?: (event: AccessLogEvent) => void;
  /** Honour Prism's `Prefer: code=..., example=...` header (default false: a tenant ignores it). */
  readonly prefer?: boolean;
  /** The path the API lives under, `/HEAT` as on premises (default: none, as in the cloud). Validate with `parseBasePath`. */
  readonly basePath?: string;
  /** Answer CORS preflights and allow any origin, for browser apps (default false: a tenant does not). */
  readonly cors?: boolean;
  /**
   * Host names served besides IP literals and `localhost`/`*.localhost` (a DNS-rebinding guard,
   * docs/decisions.md #17): exact names, `.example.com` for a domain and its subdomains, or `any`.
   */
  readonly allowedHosts?: AllowedHosts;
  /** Who may use `/_mock/...` (default loopback). */
  readonly inspection?: InspectionAccess;
  /** The inspection page's event stream: batching interval, buffer bound per page, heartbeat. */
  readonly inspectionStream?: Partial<InspectionStreamOptions>;
  /** The bounds of the call journal (`GET /_mock/calls`): calls kept and their bytes. */
  readonly callJournal?: Partial<CallJournalLimits>;
  /** Server timeouts in milliseconds, against slow clients. */
  readonly timeouts?: Partial<ServerTimeouts>;
  /** Fault rules to start with, after the tenant file's `faults:` (docs/mock.md, "Test your own caller"). */
  readonly faults?: readonly FaultRuleConfig[];
  /** Seed of the fault rules' probabilities and random latencies (default: a random seed each start). */
  readonly seed?: number;
  /** A cassette (`proxy --record`) whose recorded answers win over the model's (`serve --replay`). */
  readonly replay?: Cassette;
  /** The proxy's way to its upstream (src/proxy): every request outside `/_mock` goes there instead of the reference's routes. */
  readonly forward?: (req: IncomingMessage, call: CallRecord | undefined, ...rest: Parameters<Forward>) => void;
  /** Connections served at once; more are closed as they come (default 500, about half the usual limit of 1,024 open files). */
  readonly maxConnections?: number;
}

export interface ServerTimeouts {
  /** Time allowed to receive the complete request headers (slow loris). */
  readonly headers: number;
  /** Time allowed to receive the complete request. */
  readonly request: number;
  /** How long an idle keep-alive connection stays open. */
  readonly keepAlive: number;
  /** How long a new connection may stay open without sending a byte. */
  readonly idle: number;
  /** On stop, how long answers in flight and slow clients get before their connections are cut. */
  readonly grace: number;
}

export const defaultTimeouts: ServerTimeouts = { headers: 10_000, request: 30_000, keepAlive: 5_000, idle: 10_000, grace: 5_000 };
export const defaultMaxConnections = 500;

export { parseBasePath } from '../core/request-target';
