import { compileFieldPath, readFieldAt, type FieldPath } from './field-mapping';
import type { ActionConfig, BodyFormat, BusinessRecord, WebhookBody } from './model';

/** An Action with its field paths split once, when the tenant loads. */
export interface CompiledAction {
  readonly name: string;
  readonly format: BodyFormat;
  readonly businessObject: string;
  readonly fields: readonly (readonly [field: string, path: FieldPath])[];
  /** An object with every field, empty: copied per record so all records share one shape. */
  readonly template: Readonly<Record<string, string>>;
}

export function compileAction(action: ActionConfig): CompiledAction {
  return {
    name: action.name,
    format: action.webhookBody,
    businessObject: action.insert.businessObject,
    fields: Object.entries(action.insert.fields).map(([field, path]) => [field, compileFieldPath(action.webhookBody, path)] as const),
    template: Object.fromEntries(Object.keys(action.insert.fields).map((field) => [field, ''])),
  };
}

/**
 * Runs a webhook's Action: "Update Variables and Stored Values" has set WebhookBody; the Insert
 * Object step (the only step webhooks support, ISM "Working with Webhooks") creates one record
 * with fields mapped out of WebhookBody.
 */
export function runAction(action: CompiledAction, body: WebhookBody, recId: string, createdAt: string): BusinessRecord {
  const fields: Record<string, string> = { ...action.template };
  for (const [field, path] of action.fields) fields[field] = readFieldAt(body.format, body.value, path);
  return { recId, businessObject: action.businessObject, createdAt, fields };
}
