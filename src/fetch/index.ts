export { createTenantFetch, type TenantFetchOptions } from './create-tenant-fetch';
export { tenantFetch, type TenantFetch } from './tenant-fetch';
