export { parseBasePath } from '../core/request-target';
export { createTenantServer, TenantFileError, type TenantServer } from './create-tenant-server';
export type { AccessLogEvent, TenantServerOptions, ServerTimeouts } from './options';
export type { InspectionAccess } from '../core/inspection';
