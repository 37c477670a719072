import fc from 'fast-check';
import type { TenantServer } from '../../src/server';
import { rawRequest, type RawResponse } from '../helpers/raw-request';
import { contract, executePath, keys, startTenant } from '../helpers/tenant';
import { fuzzRequest, type FuzzRequest } from './request-arbitrary';

// Property-based fuzzing of the reference tenant (fast-check). `npm test` runs 1,000 cases with a
// fixed seed; `npm run fuzz -- --runs N [--seed S]` runs longer. A failure prints the seed, the
// shrunk counterexample, and a curl command that replays it (the key as $ISM_API_KEY).
const runs = Number(process.env.FUZZ_RUNS ?? 1000);
const seed = Number(process.env.FUZZ_SEED ?? 20261127);

let tenant: TenantServer;
let url: string;
beforeAll(async () => ({ tenant, url } = await startTenant()));
afterAll(() => tenant.close());

const send = (request: FuzzRequest): Promise<RawResponse> =>
  rawRequest(url, { method: request.method, path: `${executePath}${request.query}`, headers: { ...request.headers, 'Content-Length': request.body.length }, body: request.body });

/** Statuses the spec lists for a method on the Execute path. */
const statusesFor = (method: string): number[] => {
  const statuses = [...contract.catalogue.answers.values()].filter((answer) => (method === 'POST' ? answer.status !== 405 : answer.status === 405)).map((answer) => answer.status);
  return [...new Set(statuses)];
};

export function curlFor(request: FuzzRequest): string {
  const quote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;
  const redact = (text: string): string => text.split(keys.active).join('$ISM_API_KEY').split(keys.deactivated).join('$ISM_DEACTIVATED_API_KEY');
  const headers = Object.entries(request.headers).map(([name, value]) => `-H ${redact(quote(`${name}: ${value}`)).replace(/\$ISM_/g, "'\"$ISM_").replace(/(\$ISM_[A-Z_]+)/g, '$1"\'')}`);
  const printable = request.body.length <= 200 ? quote(request.body.toString('latin1')) : `@body.bin  # ${request.body.length} bytes`;
  return ['curl -i -X', request.method, quote(`$TENANT_URL${executePath}${request.query}`).replace("'$TENANT_URL", "\"$TENANT_URL\"'"), ...headers, '--data-binary', printable].join(' ');
}

test(`the reference tenant never answers outside the contract (${runs} runs, seed ${seed})`, async () => {
  const property = fc.asyncProperty(fuzzRequest, async (request) => {
    const before = tenant.tenant.executions().length;
    const first = await send(request);
    const created = tenant.tenant.executions().length - before;

    // No 5xx, ever.
    expect(first.status).toBeLessThan(500);
    // Every status is one the spec lists for that method.
    expect(statusesFor(request.method)).toContain(first.status);
    // Every JSON body validates against the spec's schema for its status.
    const mediaType = String(first.headers['content-type'] ?? '').split(';')[0] as string;
    expect(contract.catalogue.mediaTypes.get(first.status)).toContain(mediaType);
    expect(contract.validators.response(request.method, first.status, mediaType, JSON.parse(first.text))).toEqual({ valid: true });
    // A record is created only by a 200, and a 200 always creates one.
    expect(created).toBe(first.status === 200 ? 1 : 0);
    // The key is never echoed back.
    expect(first.text).not.toContain(keys.active);
    // The same request gives the same answer.
    const second = await send(request);
    expect({ status: second.status, text: second.text }).toEqual({ status: first.status, text: first.text });
  });
  const details = await fc.check(property, { numRuns: runs, seed, endOnFailure: false });
  if (details.failed) {
    const example = details.counterexample?.[0];
    const message = [
      `fuzz: a property failed after ${details.numRuns} runs (seed ${details.seed}, path ${details.counterexamplePath}).`,
      `Replay: FUZZ_SEED=${details.seed} npm run fuzz -- --runs ${runs}`,
      example ? `Shrunk counterexample:\n  ${curlFor(example)}` : '',
      String(details.errorInstance ?? ''),
    ].join('\n');
    throw new Error(message);
  }
  expect(details.numRuns).toBe(runs);
});
