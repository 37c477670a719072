import { createProxyServer } from '../../src/proxy/create-proxy-server';
import type { AccessLogEvent } from '../../src/node/options';
import { contract, executePath, keys, startTenant } from '../helpers/tenant';
import { call, replied } from './helpers/call';

/**
 * The one end-to-end case: the proxy in front of the reference tenant. Every answer the reference
 * gives is one of the spec's examples, so the proxy's verdict must name the very answer the
 * reference says it gave (its own access log), documented or inferred as the spec tags it.
 */
test.each([
  ['executed', keys.header, 'application/json', '{"Subject":"x"}', 'MyTestWebhook'],
  ['invalidApiKey', keys.deactivatedHeader, 'application/json', '{}', 'MyTestWebhook'],
  ['extensionDoesNotExist', keys.header, 'application/json', '{}', 'blahblahWebhook'],
  ['jsonNotObject', keys.header, 'application/json', '[1]', 'MyTestWebhook'],
  ['unsupportedContentType', keys.header, 'text/plain', 'x', 'MyTestWebhook'],
] as const)('the reference answers %s; the proxy names it so', async (name, authorization, contentType, body, extension) => {
  const upstreamLog: AccessLogEvent[] = [];
  const proxyLog: AccessLogEvent[] = [];
  const { tenant, url: upstream } = await startTenant({ log: (event) => upstreamLog.push(event) });
  const proxy = createProxyServer({ contract, upstream: new URL(upstream), log: (event) => proxyLog.push(event) });
  const url = await proxy.listen(0);
  try {
    const reply = replied(
      await call(url, `${executePath}?extension=${extension}`, {
        headers: { Authorization: authorization, 'Content-Type': contentType },
        body,
      }),
    );
    while (proxyLog.length === 0) await new Promise((resolve) => setImmediate(resolve));
    expect(upstreamLog[0]?.answer).toBe(name);
    const answer = contract.catalogue.get(name);
    expect(reply.status).toBe(answer.status);
    expect(proxyLog[0]?.answer.split(' ')[0]).toBe(`${answer.provenance}:${name}`);
  } finally {
    await proxy.close();
    await tenant.close();
  }
});
