import type { FaultRules } from '../faults/fault-rules';
import { summarizeRule, type FaultRuleSummary } from '../faults/rule-summary';
import type { BusinessRecord, Execution } from '../tenant/model';
import { keyHint, keyRedactor, redactHeader } from '../redact';
import { executionsJson } from './inspection';
import { redactedJsonText } from '../tenant/json-text';
import type { Tenant } from '../tenant/tenant';
import type { RenderedAnswer } from './answers';

/**
 * What the inspection page is sent: the tenant (keys by name and hint), executions as list rows,
 * one execution in full. Every key the tenant knows is replaced by its hint wherever it appears,
 * so a key a client put in another header or in the body does not reach the page either.
 */

/** Longest field value a list row carries; the full record is in the execution's detail. */
const rowFieldLength = 120;

export interface InspectionViews {
  /** The tenant as it is now: its fault rules change at run time. */
  tenant(): TenantView;
  /** The active fault rules, in the order they are tried, at most `max` of them. */
  faultRules(max?: number): FaultRuleSummary[];
  row(execution: Execution): ExecutionRow;
  record(record: BusinessRecord): BusinessRecord;
  /** `GET /_mock/records`: the records whole, a key inside a field shown as its hint. */
  records(businessObject?: string): BusinessRecord[];
  /** `GET /_mock/executions`: every execution whole, redacted as the detail is. */
  executionsJson(): string;
  detail(id: number): ExecutionDetail | undefined;
  /** The text with every key the tenant knows replaced by its hint. */
  redact(text: string): string;
}

export interface TenantView {
  readonly name: string;
  readonly executePath: string;
  readonly webhooks: readonly { extension: string; active: boolean; format: string; action: string }[];
  readonly apiKeys: readonly { name: string; hint: string; activated: boolean }[];
  readonly limits: { executions: number; records: number };
  /** The active fault rules (`GET /_mock/faults` has them in full). */
  readonly faultRules: readonly FaultRuleSummary[];
}

export interface ExecutionRow {
  readonly id: number;
  readonly receivedAt: string;
  readonly method: string;
  readonly extension: string;
  readonly answer: string;
  readonly status: number;
  readonly durationMs: number;
  readonly keyName: string;
  readonly keyHint: string;
  readonly action: string;
  /** The fault rule that hit the call (its name, or its id), when one did. */
  readonly faultRule?: string;
  readonly record: BusinessRecord | null;
}

export interface ExecutionDetail extends ExecutionRow {
  readonly requestHeaders: readonly (readonly [string, string])[];
  readonly body: { readonly format: string; readonly text: string };
  readonly answerBody: string;
  readonly record: BusinessRecord | null;
}

/** `executed` is the answer every logged execution got: the log holds Actions that ran. */
export function createInspectionViews(tenant: Tenant, executed: RenderedAnswer, executePath: string, faults: FaultRules): InspectionViews {
  const redact = keyRedactor(tenant.config.apiKeys.map((key) => key.referenceId));
  const tenantView: Omit<TenantView, 'faultRules'> = {
    name: tenant.config.name,
    executePath,
    webhooks: tenant.config.webhooks.map(({ extension, active, format, action }) => ({ extension, active, format, action })),
    apiKeys: tenant.config.apiKeys.map((key) => ({ name: key.name, hint: keyHint(key.referenceId), activated: key.activated })),
    limits: { ...tenant.config.limits },
  };

  const row = (execution: Execution, record: BusinessRecord | null): ExecutionRow => {
    const faultRule = execution.faultRule;
    return {
      id: execution.id,
      receivedAt: execution.receivedAt,
      method: execution.method,
      extension: execution.extension,
      answer: executed.name,
      status: executed.status,
      durationMs: execution.durationMs,
      keyName: execution.apiKey.name,
      keyHint: execution.apiKey.hint,
      action: execution.action,
      ...(faultRule === undefined ? {} : { faultRule }),
      record,
    };
  };
  const shortRecord = (record: BusinessRecord): BusinessRecord => ({
    ...record,
    fields: Object.fromEntries(
      Object.entries(record.fields).map(([name, value]) => [
        name,
        redact(value.length > rowFieldLength ? `${value.slice(0, rowFieldLength)}…` : value),
      ]),
    ),
  });

  const shownHeaders = (execution: Execution): ExecutionDetail['requestHeaders'] =>
    execution.requestHeaders.map(([name, value]) => [name, redactHeader(name, value, execution.apiKey.hint, redact)] as const);
  const fullRecord = (record: BusinessRecord): BusinessRecord => ({
    ...record,
    fields: Object.fromEntries(Object.entries(record.fields).map(([name, value]) => [name, redact(value)])),
  });

  /**
   * A body as `GET /_mock/executions` places it: an XML body, or JSON with no key in it, as sent; a
   * JSON body where a key may be (found in the text, or behind a `\u` escape) parsed and written
   * again with the key shown as its hint in every value (a key written as a number so stays valid JSON).
   */
  const shownBodyText = (body: Execution['webhookBody']): string => {
    const text = redact(body.text);
    if (body.format !== 'json' || (text === body.text && !text.includes('\\u'))) return text;
    return redactedJsonText(JSON.parse(body.text), redact);
  };

  const faultRules = (max = Number.POSITIVE_INFINITY): FaultRuleSummary[] =>
    faults
      .list()
      .slice(0, max)
      .map((rule, index, rules) => summarizeRule(rule, index, rules));

  return {
    tenant: () => ({ ...tenantView, faultRules: faultRules() }),
    faultRules,
    redact,
    row: (execution) => row(execution, execution.record && shortRecord(execution.record)),
    record: shortRecord,
    records: (businessObject) => tenant.records(businessObject).map(fullRecord),
    executionsJson: () =>
      executionsJson(
        tenant.executions().map((execution) => ({
          ...execution,
          requestHeaders: shownHeaders(execution),
          webhookBody: { ...execution.webhookBody, text: shownBodyText(execution.webhookBody) },
          record: execution.record && fullRecord(execution.record),
        })),
      ),
    detail(id) {
      const found = tenant.findExecution(id);
      if (!found) return undefined;
      const { execution, bodyText, format } = found;
      const record = execution.record && fullRecord(execution.record);
      return {
        ...row(execution, record),
        requestHeaders: shownHeaders(execution),
        body: { format, text: redact(bodyText) },
        answerBody: executed.body,
      };
    },
  };
}
