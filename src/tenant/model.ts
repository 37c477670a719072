/** The in-memory tenant, as a tenant file describes it (fixtures/tenant.yaml). */

import type { FaultRuleConfig } from '../faults/fault-rule';

export type BodyFormat = 'json' | 'xml';

/** An ISM REST API key. The Reference ID is the key itself (ISM "Using REST API Key"). */
export interface ApiKeyConfig {
  readonly name: string;
  readonly referenceId: string;
  readonly activated: boolean;
}

export interface WebhookConfig {
  /** The Endpoint Extension, compared case-sensitively (vendor page). */
  readonly extension: string;
  readonly active: boolean;
  readonly format: BodyFormat;
  /** Name of the Action the webhook runs. */
  readonly action: string;
}

/** "Update Variables and Stored Values" (sets WebhookBody) followed by an Insert Object step. */
export interface ActionConfig {
  readonly name: string;
  /** Type of the WebhookBody variable. */
  readonly webhookBody: BodyFormat;
  readonly insert: {
    readonly businessObject: string;
    /** Field name -> JSON pointer (json) or slash-separated element path (xml). */
    readonly fields: Readonly<Record<string, string>>;
  };
}

export interface TenantLimits {
  /** How many executions the log keeps (oldest dropped first). */
  readonly executions: number;
  /** How many records each business object keeps (oldest dropped first). */
  readonly records: number;
}

export interface TenantConfig {
  readonly name: string;
  readonly apiKeys: readonly ApiKeyConfig[];
  readonly webhooks: readonly WebhookConfig[];
  readonly actions: readonly ActionConfig[];
  readonly limits: TenantLimits;
  /** Fault rules active from the start (src/faults); none by default. */
  readonly faults?: readonly FaultRuleConfig[];
}

export const defaultLimits: TenantLimits = { executions: 1000, records: 1000 };

/** WebhookBody as the Action sees it: a parsed JSON object, or the XML document. */
export type WebhookBody =
  | { readonly format: 'json'; readonly text: string; readonly value: Record<string, unknown> }
  | { readonly format: 'xml'; readonly text: string; readonly value: Record<string, unknown> };

export interface BusinessRecord {
  readonly recId: string;
  readonly businessObject: string;
  readonly createdAt: string;
  readonly fields: Readonly<Record<string, string>>;
}

/** A request header as received, name and value; `Authorization` holds the key's hint instead of the key. */
export type RequestHeader = readonly [name: string, value: string];

/**
 * One accepted call, as the log keeps it: the body as received (its text), never a parsed object
 * graph, so that keeping and showing it costs what was received. Holds the key's name and a
 * redacted hint, never the key.
 */
export interface Execution {
  readonly id: number;
  readonly receivedAt: string;
  /** Milliseconds from the request's arrival to the Action's end (clock resolution). */
  readonly durationMs: number;
  readonly method: string;
  readonly extension: string;
  /** The request headers in the order received, `Authorization` redacted. */
  readonly requestHeaders: readonly RequestHeader[];
  readonly apiKey: { readonly name: string; readonly hint: string };
  readonly action: string;
  readonly webhookBody: { readonly format: BodyFormat; readonly text: string };
  readonly record: BusinessRecord | null;
  /** The fault rule that hit this call (its name, or its id), when one did. */
  readonly faultRule?: string;
}
