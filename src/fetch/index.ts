export { createTenantFetch, type TenantFetchOptions } from './create-tenant-fetch';
export { tenantFetch, type TenantFetch, type TenantFetchCore } from './tenant-fetch';
