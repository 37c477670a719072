// Loads the browser entry of ism-webhook-contract/msw (dist/src/msw/browser.mjs) with every Node
// built-in refused (node-guard.js), creates its handlers and answers requests through them with
// msw's getResponse, as setupWorker would. Reads one plan as JSON on stdin:
//   { options, requests: [{ url, method, headers, body }] }
// and prints one JSON line per answer, [status, text], then the tenant's record count; or, when
// createTenantHandlers throws, one line { threw: [name, message] }.
//   node msw-browser.mjs ROOT [ENTRY] < plan.json
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const [root, entry = 'dist/src/msw/browser.mjs'] = process.argv.slice(2);
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const plan = JSON.parse(chunks.join(''));

require('./node-guard.js').refuseNode(root);
const { createTenantHandlers } = await import(pathToFileURL(path.join(root, entry)).href);
const { getResponse } = await import('msw');

let made;
try {
  made = createTenantHandlers(plan.options);
} catch (error) {
  console.log(JSON.stringify({ threw: [error.name, error.message] }));
}
if (made) {
  for (const { url, ...init } of plan.requests) {
    const response = await getResponse(made.handlers, new Request(url, init));
    console.log(JSON.stringify(response ? [response.status, await response.text()] : 'unhandled'));
  }
  console.log(JSON.stringify(made.tenant.records().length));
}
