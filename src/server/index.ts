export { createTenantServer, TenantFileError, type TenantServer } from './create-tenant-server';
export type { AccessLogEvent, TenantServerOptions, ServerTimeouts } from './options';
export type { InspectionAccess } from './inspection';
