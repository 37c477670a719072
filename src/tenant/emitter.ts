/**
 * The one way a part of the tenant tells watchers what changed (the tenant's executions and
 * records, the fault rules, the call journal): the inspection page's event stream subscribes.
 * Events carry identities, not data; with nobody watching, an emit costs a loop over nothing.
 */
export interface Emitter<E> {
  emit(event: E): void;
  /** Adds a listener; the function returned removes it. */
  subscribe(listener: (event: E) => void): () => void;
}

export function createEmitter<E>(): Emitter<E> {
  const listeners = new Set<(event: E) => void>();
  return {
    emit(event) {
      for (const listener of listeners) listener(event);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
