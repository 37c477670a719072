/**
 * The scenarios of fixtures/scenarios replayed through the three ways in: the node:http server, the
 * fetch entry (in-process, no port) and the MSW handlers (fetch() intercepted). Each way gets a
 * fresh tenant; every answer must be the server's, status and bytes.
 */
import fs from 'node:fs';
import { setupServer } from 'msw/node';
import { defaultScenariosDir, loadScenarios, type Scenario } from '../../conformance';
import { buildRequest } from '../../conformance/targets/build-request';
import { sendRequest, type WireRequest } from '../../conformance/targets/send-request';
import { placeholderValues } from '../../conformance/run-setup';
import { readReferenceDefaults } from '../../conformance/targets/reference-defaults';
import { createTenantFetch, type TenantFetch } from '../../src/fetch';
import { createTenantHandlers } from '../../src/msw';
import type { Tenant } from '../../src/tenant';
import { contract, defaultTenant, startTenant } from '../helpers/tenant';

const loaded = loadScenarios(defaultScenariosDir(), contract.catalogue);
if (!loaded.ok) throw new Error('fixtures/scenarios do not load');
const scenarios: Scenario[] = loaded.value;
const config = defaultTenant();
const defaults = readReferenceDefaults();

interface Answer {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly body: string;
}

function wireRequest(scenario: Scenario, base: string): WireRequest {
  const built = buildRequest(scenario, base, contract.catalogue.path, placeholderValues(defaults, base));
  if (!built.ok) throw new Error(`${scenario.id}: no value for {${built.missing}}`);
  return built.request.wire;
}

/** A fetch Request with the wire request's method, headers and bytes (no body on an empty one: GET cannot carry one). */
function fetchInit(wire: WireRequest): RequestInit {
  return {
    method: wire.method,
    headers: wire.headers.map(([name, value]) => [name, value]),
    body: wire.body.length > 0 ? new Uint8Array(wire.body) : undefined,
  };
}

async function answerOf(response: Response): Promise<Answer> {
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? undefined,
    body: Buffer.from(await response.arrayBuffer()).toString('latin1'),
  };
}

let started: Awaited<ReturnType<typeof startTenant>> | undefined;
afterAll(() => started?.tenant.close());

const ways: Record<'server' | 'fetch' | 'msw', { send(scenario: Scenario): Promise<Answer>; tenant(): Tenant }> = {
  server: {
    async send(scenario) {
      started ??= await startTenant({ tenant: config });
      const sent = await sendRequest(wireRequest(scenario, started.url), 10_000);
      if (!sent.ok) throw new Error(`${scenario.id}: ${sent.error}`);
      const { status, headers, body } = sent.response;
      return { status, contentType: headers['content-type'], body: body.toString('latin1') };
    },
    tenant: () => (started as NonNullable<typeof started>).tenant.tenant,
  },
  fetch: (() => {
    const base = 'https://in-process.example.test';
    const answer: TenantFetch = createTenantFetch({ contract, tenant: config });
    return {
      send: async (scenario) => {
        const wire = wireRequest(scenario, base);
        return answerOf(await answer(new Request(wire.url, fetchInit(wire))));
      },
      tenant: () => answer.tenant,
    };
  })(),
  msw: (() => {
    const base = 'https://your-tenant.example.test';
    const { handlers, tenant } = createTenantHandlers({ tenantUrl: base, contract, tenant: config });
    const server = setupServer(...handlers);
    return {
      // MSW intercepts node:http too: it listens only while its own request is made.
      send: async (scenario) => {
        const wire = wireRequest(scenario, base);
        server.listen({ onUnhandledRequest: 'error' });
        try {
          return await answerOf(await fetch(wire.url, fetchInit(wire)));
        } finally {
          server.close();
        }
      },
      tenant: () => tenant,
    };
  })(),
};

test('every scenario file is replayed', () => {
  const files = fs.readdirSync(defaultScenariosDir()).filter((name) => name.endsWith('.yaml'));
  expect(scenarios.map((scenario) => `${scenario.id}.yaml`).sort()).toEqual(files.sort());
});

// The Fetch standard forbids these methods: no Request can carry them, so no in-process caller
// sends them; the server alone answers them (its scenarios run in the conformance suite).
const forbiddenByFetch = new Set(['CONNECT', 'TRACE', 'TRACK']);
const fetchable = scenarios.filter((scenario) => !forbiddenByFetch.has(scenario.request.method));

test.each(
  scenarios
    .filter((scenario) => forbiddenByFetch.has(scenario.request.method))
    .map((scenario) => [scenario.id, scenario.request.method] as const),
)('%s: a fetch Request refuses %s, so only the server answers it', (_id, method) => {
  // undici's TypeError comes from another realm than jest's, so the message is what is matched.
  expect(() => new Request('http://tenant.test/', { method })).toThrow(method);
});

test.each(fetchable.map((scenario) => [scenario.id, scenario] as const))(
  '%s: the fetch entry and MSW answer as the server does',
  async (_id, scenario) => {
    const server = await ways.server.send(scenario);
    expect(server.status).toBe(scenario.expect.status);
    expect(await ways.fetch.send(scenario)).toEqual(server);
    expect(await ways.msw.send(scenario)).toEqual(server);
  },
);

test('the three tenants ran the same Actions, with the same record fields', () => {
  const runs = Object.values(ways).map((way) =>
    way
      .tenant()
      .executions()
      .map((execution) => [execution.extension, execution.action, execution.record?.fields]),
  );
  expect(runs[0]?.length).toBeGreaterThan(0);
  expect(runs[1]).toEqual(runs[0]);
  expect(runs[2]).toEqual(runs[0]);
});
