// Loads the fetch core the way a browser bundle would have it: the contract is read first (that
// side reads files), then every Node built-in is refused and the Buffer global hidden, and only
// then are the core's modules loaded and run (node-guard.js). Prints one JSON line per answer.
//   node without-node.js ROOT MODULE TENANT_JSON
'use strict';
const path = require('node:path');

const [root, entry, tenantJson] = process.argv.slice(2);
const { loadContract } = require(path.join(root, 'dist/src/contract'));
const contract = loadContract();

require('./node-guard').refuseNode(root);

const { tenantFetch } = require(path.join(root, entry));
const { createTenantCore } = require(path.join(root, 'dist/src/core/tenant-core.js'));
const core = createTenantCore({
  contract,
  tenant: JSON.parse(tenantJson),
  faults: [],
  // As resolveTenantFetch builds it: no name can be rebound in process, and a Request's URL is its Host.
  allowedHosts: 'any',
  onError: (error) => console.error(error),
});
const tenant = core.tenant;
const handle = tenantFetch(core);

const key = JSON.parse(tenantJson).apiKeys.find((k) => k.activated).referenceId;
const requests = [
  ['MyTestWebhook', 'application/json', new TextEncoder().encode('{"Subject":"from a browser"}')],
  ['MyXmlWebhook', 'application/xml', new TextEncoder().encode('<Incident><Subject>from a browser</Subject></Incident>')],
  ['MyTestWebhook', 'application/json', new Uint8Array([0x7b, 0x22, 0x53, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d])],
  ['MyTestWebhook', 'application/json', new TextEncoder().encode(`{"Subject":"${'x'.repeat(contract.maxCharacters)}"}`)],
];
(async () => {
  for (const [extension, type, body] of requests) {
    const url = `https://tenant.example.test/api/rest/Webhooks/Execute?extension=${extension}`;
    const response = await handle(
      new Request(url, { method: 'POST', headers: { Authorization: `rest_api_key=${key}`, 'Content-Type': type }, body }),
    );
    console.log(JSON.stringify([response.status, await response.text()]));
  }
  console.log(JSON.stringify(tenant.records().length));
  // An OData read of the records just inserted (src/odata), in the same node-free core.
  const read = await handle(
    new Request("https://tenant.example.test/api/odata/businessobject/incidents?$filter=Subject eq 'from a browser'", {
      headers: { Authorization: `rest_api_key=${key}` },
    }),
  );
  console.log(JSON.stringify([read.status, (await read.json())['@odata.count']]));
})();
