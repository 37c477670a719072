/** Types of deliver.js (a CommonJS module): see the comment at its top. */

export interface WebhookEvent {
  /** Unique per event, stable across retries: the idempotency key. */
  readonly id: string;
  /** The webhook body (the event id is added as `EventId`). */
  readonly fields: Readonly<Record<string, string>>;
}

export interface DeliverOptions {
  /** The tenant's base URL, e.g. `https://tenant.example.com` (on premises: `.../HEAT`). */
  readonly tenantUrl: string;
  readonly apiKey: string;
  readonly extension: string;
  /** Tries in all (default 4). */
  readonly attempts?: number;
  /** How long one try waits for a whole answer, in ms (default 5,000). */
  readonly timeoutMs?: number;
  /** The first wait between tries, in ms, doubled after each (default 200); a 429's Retry-After wins. */
  readonly backoffMs?: number;
  /** The idempotency guard: whether the event's record exists. Without it, an ambiguous failure is retried blindly. */
  readonly alreadyDelivered?: (eventId: string) => Promise<boolean>;
  readonly sleep?: (ms: number) => Promise<void>;
}

export type Delivery =
  | { readonly ok: true; readonly attempts: number; readonly confirmedBy: 'answer' | 'guard' }
  | { readonly ok: false; readonly attempts: number; readonly reason: string };

/** What one try told us. */
export type Try =
  | { readonly kind: 'delivered' }
  /** The tenant refused it for good (400, 401, 405): sending it again gets the same answer. */
  | { readonly kind: 'refused'; readonly status: number; readonly body: string }
  /** Not run (a 429): safe to send again after `waitMs`. */
  | { readonly kind: 'throttled'; readonly waitMs: number | undefined }
  /** Maybe run, maybe not: a 5xx, a reset, a cut answer, a timeout. */
  | { readonly kind: 'ambiguous'; readonly reason: string };

export function deliver(event: WebhookEvent, options: DeliverOptions): Promise<Delivery>;

export interface RecordLookupOptions {
  /** The tenant's base URL, as for `deliver`. */
  readonly tenantUrl: string;
  /** A REST API key whose role may read the business object. */
  readonly apiKey: string;
  /** The business object the webhook's Action inserts (default Incident). */
  readonly businessObject?: string;
  /** The record field the Action maps the event id into (default EventId). */
  readonly field?: string;
  readonly timeoutMs?: number;
}

/** The idempotency guard as an OData query of the tenant; throws when the tenant cannot answer. */
export function recordLookup(options: RecordLookupOptions): (eventId: string) => Promise<boolean>;
