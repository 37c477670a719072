/**
 * A small caller of Webhooks Execute that survives a tenant that is slow, throttles, fails or
 * drops the connection, without creating a record twice. Copy it and adapt it; it needs only
 * `fetch` (Node.js 18 or later). `test/examples/resilient-caller.test.ts` runs it against the
 * reference tenant's fault rules.
 *
 * The hard case: the Action ran (the record exists) but the answer never arrived. A blind retry
 * then makes a duplicate. So every event carries an id of its own, mapped by the webhook's Action
 * into a field of the record, and after a failure that may have happened after the Action (a
 * reset, a cut answer, a timeout, a 5xx from a gateway) the caller asks `alreadyDelivered` before
 * it sends again. Against a real tenant that is a query of the business object by that field (for
 * example the OData endpoint, `$filter=ExternalId eq '...'`).
 */

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
type Try =
  | { readonly kind: 'delivered' }
  /** The tenant refused it for good (400, 401, 405): sending it again gets the same answer. */
  | { readonly kind: 'refused'; readonly status: number; readonly body: string }
  /** Not run (a 429): safe to send again after `waitMs`. */
  | { readonly kind: 'throttled'; readonly waitMs: number | undefined }
  /** Maybe run, maybe not: a 5xx, a reset, a cut answer, a timeout. */
  | { readonly kind: 'ambiguous'; readonly reason: string };

export async function deliver(event: WebhookEvent, options: DeliverOptions): Promise<Delivery> {
  const attempts = options.attempts ?? 4;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let backoff = options.backoffMs ?? 200;
  let last = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const result = await sendOnce(event, options);
    if (result.kind === 'delivered') return { ok: true, attempts: attempt, confirmedBy: 'answer' };
    if (result.kind === 'refused') return { ok: false, attempts: attempt, reason: `refused with ${result.status}: ${result.body}` };
    last = result.kind === 'throttled' ? 'throttled (429)' : result.reason;
    if (attempt === attempts) break;
    await sleep(result.kind === 'throttled' && result.waitMs !== undefined ? result.waitMs : backoff);
    backoff *= 2;
    if (result.kind === 'ambiguous' && options.alreadyDelivered && (await options.alreadyDelivered(event.id))) {
      return { ok: true, attempts: attempt, confirmedBy: 'guard' };
    }
  }
  return { ok: false, attempts, reason: `gave up after ${attempts} tries: ${last}` };
}

async function sendOnce(event: WebhookEvent, options: DeliverOptions): Promise<Try> {
  const url = `${options.tenantUrl}/api/rest/Webhooks/Execute?extension=${encodeURIComponent(options.extension)}`;
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { Authorization: `rest_api_key=${options.apiKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...event.fields, EventId: event.id }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
    });
    // Read the whole answer: headers alone, then a cut connection, is not an answer.
    const body = await response.text();
    if (response.ok) return { kind: 'delivered' };
    if (response.status === 429) {
      const seconds = Number(response.headers.get('Retry-After'));
      return { kind: 'throttled', waitMs: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined };
    }
    if (response.status >= 500) return { kind: 'ambiguous', reason: `status ${response.status}` };
    return { kind: 'refused', status: response.status, body };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { kind: 'ambiguous', reason: cause ?? (error as Error).name };
  }
}
