// @ts-check
'use strict';
/**
 * A small caller of Webhooks Execute that survives a tenant that is slow, throttles, fails or
 * drops the connection, without creating a record twice. Copy it and adapt it: plain Node.js
 * (18 or later, for `fetch`), no dependencies; its types are in deliver.d.ts.
 * `test/examples/resilient-caller.test.ts` runs it against the reference tenant's fault rules.
 *
 * The hard case: the Action ran (the record exists) but the answer never arrived. A blind retry
 * then makes a duplicate. So every event carries an id of its own, mapped by the webhook's Action
 * into a field of the record, and after a failure that may have happened after the Action (a
 * reset, a cut answer, a timeout, a 5xx from a gateway) the caller asks `alreadyDelivered` before
 * it sends again. `recordLookup` is that question asked of the tenant itself: ISM's OData
 * business-object API ("Get Business Object by Filter"), `$filter=EventId eq '...'`, with the same
 * REST API key (its role must be allowed to read the business object). A lookup that cannot answer
 * stops the delivery rather than risk a duplicate.
 */

/**
 * Sends one event, retrying what may be retried: a 429 after its Retry-After, a 5xx or a lost
 * answer after a backoff (doubled each time), once the guard says the record is not there yet.
 * A refusal (400, 401, 405) is final: the same request gets the same answer.
 * @param {import('./deliver').WebhookEvent} event
 * @param {import('./deliver').DeliverOptions} options
 * @returns {Promise<import('./deliver').Delivery>}
 */
async function deliver(event, options) {
  const attempts = options.attempts ?? 4;
  const sleep = options.sleep ?? ((/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms)));
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
    // Maybe the Action ran: ask before sending it again.
    if (result.kind === 'ambiguous' && options.alreadyDelivered) {
      let delivered;
      try {
        delivered = await options.alreadyDelivered(event.id);
      } catch (error) {
        return { ok: false, attempts: attempt, reason: `cannot tell whether it was delivered (${last}): ${String(error)}` };
      }
      if (delivered) return { ok: true, attempts: attempt, confirmedBy: 'guard' };
    }
  }
  return { ok: false, attempts, reason: `gave up after ${attempts} tries: ${last}` };
}

/**
 * One try, classified.
 * @param {import('./deliver').WebhookEvent} event
 * @param {import('./deliver').DeliverOptions} options
 * @returns {Promise<import('./deliver').Try>}
 */
async function sendOnce(event, options) {
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
    const cause = /** @type {{ cause?: { code?: string }, name?: string }} */ (error);
    return { kind: 'ambiguous', reason: cause.cause?.code ?? cause.name ?? String(error) };
  }
}

/**
 * The idempotency guard as an OData query of the tenant: whether a record of `businessObject`
 * holds the event id in `field` (the field the webhook's Action maps `EventId` into). It throws
 * when the tenant cannot answer (a refused key, a 404, no connection): `deliver` then stops.
 * @param {import('./deliver').RecordLookupOptions} options
 * @returns {(eventId: string) => Promise<boolean>}
 */
function recordLookup(options) {
  const plural = `${(options.businessObject ?? 'Incident').toLowerCase()}s`;
  const field = options.field ?? 'EventId';
  return async (eventId) => {
    const filter = `${field} eq '${eventId.replace(/'/g, "''")}'`;
    const url = `${options.tenantUrl}/api/odata/businessobject/${plural}?$filter=${encodeURIComponent(filter)}&$top=1`;
    const response = await fetch(url, {
      headers: { Authorization: `rest_api_key=${options.apiKey}`, Accept: 'application/json' },
      signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`the record lookup answered ${response.status}: ${text.slice(0, 200)}`);
    const answer = JSON.parse(text);
    if (!Array.isArray(answer.value)) throw new Error('the record lookup answered no OData list');
    return answer.value.some((/** @type {Record<string, unknown>} */ record) => record[field] === eventId);
  };
}

module.exports = { deliver, recordLookup };
