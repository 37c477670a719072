export * from './model';
export { createTenant, type Tenant, type TenantDeps } from './tenant';
export { loadTenantFile, parseTenantText, formatProblems, type TenantFileProblem, type TenantFileResult } from './tenant-file';
export { defaultTenantFile } from './default-tenant';
export { keyHint } from '../redact';
export type { TenantEvent, TenantListener } from './tenant-events';
