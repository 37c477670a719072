/**
 * What changed in a tenant, for whoever watches it (the inspection page's event stream, through
 * `tenant.subscribe`). Events carry identities, not data: a listener reads what it needs when it
 * needs it.
 */
export type TenantEvent =
  | { readonly kind: 'execution-added'; readonly id: number }
  | { readonly kind: 'executions-cleared' }
  | { readonly kind: 'records-cleared' };

export type TenantListener = (event: TenantEvent) => void;
