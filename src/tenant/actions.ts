import { readField } from './field-mapping';
import type { ActionConfig, BusinessRecord, WebhookBody } from './model';

/**
 * Runs a webhook's Action: "Update Variables and Stored Values" has set WebhookBody; the Insert
 * Object step (the only step webhooks support, ISM "Working with Webhooks") creates one record
 * with fields mapped out of WebhookBody.
 */
export function runAction(action: ActionConfig, body: WebhookBody, recId: string, createdAt: string): BusinessRecord {
  const fields: Record<string, string> = {};
  for (const [field, path] of Object.entries(action.insert.fields)) {
    fields[field] = readField(body.format, body.value, path);
  }
  return { recId, businessObject: action.insert.businessObject, createdAt, fields };
}
