import { setupServer } from 'msw/node';
import { createTenantFetch, type TenantFetchOptions } from '../../src/fetch';
import { createTenantHandlers } from '../../src/msw';
import { contract, defaultTenant, startTenant } from './tenant';

/** What a test may set on every edge alike. */
export type EdgeOptions = Pick<TenantFetchOptions, 'faults' | 'cors' | 'seed'>;

/** A fresh reference tenant behind one edge: its base URL, a way to send to it, and its end. */
export interface OpenEdge {
  readonly base: string;
  send(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/** The three edges over the one core: node:http, the fetch handler, MSW (setupServer) on it. */
export interface Edge {
  readonly name: string;
  open(options?: EdgeOptions): Promise<OpenEdge>;
}

const config = defaultTenant();
const inProcess = 'http://tenant.example.test';

export const edges: readonly Edge[] = [
  {
    name: 'node:http',
    async open(options = {}) {
      const { tenant, url } = await startTenant(options);
      return { base: url, send: (path, init) => fetch(`${url}${path}`, init), close: () => tenant.close() };
    },
  },
  {
    name: 'fetch handler',
    async open(options = {}) {
      const handle = createTenantFetch({ contract, tenant: config, ...options });
      return { base: inProcess, send: (path, init) => handle(new Request(`${inProcess}${path}`, init)), close: async () => undefined };
    },
  },
  {
    name: 'MSW',
    async open(options = {}) {
      const { handlers } = createTenantHandlers({ tenantUrl: inProcess, contract, tenant: config, ...options });
      const server = setupServer(...handlers);
      server.listen({ onUnhandledRequest: 'error' });
      return { base: inProcess, send: (path, init) => fetch(`${inProcess}${path}`, init), close: async () => server.close() };
    },
  },
];
