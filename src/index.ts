/**
 * Library entry of ism-webhook-contract: the reference tenant behind a port or in process, the
 * contract it answers from, and the tenant model. Each runtime name here is a promise to users
 * (test/public-api.test.ts lists them): a new one is a decision. The conformance suite is
 * `ism-webhook-contract/conformance`; the MSW handlers are `ism-webhook-contract/msw`.
 */

/** The reference tenant over node:http: `createTenantServer(options).listen()` (docs/library.md, "Use it as a library"). */
export { createTenantServer } from './node/create-tenant-server';
/** A tenant file that does not load, with every problem (`problems`); thrown at start. */
export { TenantFileError } from './tenant/resolve-tenant';
/** Checks a base path such as `/HEAT` as `serve --base-path` does: `{ ok, value } | { ok: false, message }`. */
export { parseBasePath } from './core/request-target';
/** The reference tenant in process, `(request: Request) => Promise<Response>` (docs/library.md, "Call it in-process"). */
export { createTenantFetch } from './fetch/create-tenant-fetch';
/** The contract loaded from openapi/webhooks.yaml: the spec, its answers, validators and the character limit. */
export { loadContract } from './contract';
/** An in-memory tenant from its configuration: keys, webhooks, Actions, executions and records. */
export { createTenant } from './tenant/tenant';
/** Loads and checks a tenant file: `{ ok: true, config } | { ok: false, problems }` with line and column. */
export { loadTenantFile, parseTenantText } from './tenant/tenant-file';
/** The problems of a data file as lines a person reads (`file:line:col: message (fix)`). */
export { formatProblems } from './data-file';
/** The path of the bundled default tenant, fixtures/tenant.yaml. */
export { defaultTenantFile } from './tenant/default-tenant';
/** What of a key may be shown: its hint, `…8F90`. */
export { keyHint } from './redact';

export type { Contract } from './contract';
export type { AnswerName, AuthError, SystemError } from './contract/catalogue';
export type { AccessLogEvent, ServerTimeouts, TenantServerOptions } from './node/options';
export type { TenantServer } from './node/create-tenant-server';
export type { InspectionAccess } from './core/inspection';
export type { TenantFetch } from './fetch/tenant-fetch';
export type { TenantFetchOptions } from './fetch/create-tenant-fetch';
export type { Tenant, TenantDeps } from './tenant/tenant';
export type { TenantFileProblem, TenantFileResult } from './tenant/tenant-file';
export type * from './tenant/model';
export type { TenantEvent, TenantListener } from './tenant/tenant-events';
/** Fault rules of the reference tenant (docs/mock.md, "Test your own caller"). */
export type { FaultRuleConfig, FaultRules, FaultRuleView } from './faults';
/** The contract as TypeScript types (openapi-typescript output of openapi/webhooks.yaml). */
export type { paths, components, operations } from './generated/api';
