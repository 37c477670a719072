/**
 * What changed in a tenant, for whoever watches it (the inspection page's event stream). Events
 * carry identities, not data: a listener reads what it needs when it needs it, so a busy tenant
 * pays one function call per listener per change and nothing more.
 */
export type TenantEvent =
  | { readonly kind: 'execution-added'; readonly id: number }
  | { readonly kind: 'executions-cleared' }
  | { readonly kind: 'records-cleared' };

export type TenantListener = (event: TenantEvent) => void;

export interface TenantEvents {
  emit(event: TenantEvent): void;
  /** Whether anyone watches: a caller may skip making an event nobody would read. */
  readonly listening: boolean;
  /** Adds a listener; the function returned removes it. */
  subscribe(listener: TenantListener): () => void;
}

export function createTenantEvents(): TenantEvents {
  const listeners = new Set<TenantListener>();
  return {
    get listening() {
      return listeners.size > 0;
    },
    emit(event) {
      for (const listener of listeners) listener(event);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
