// The success path every benchmark loads: the default tenant's activated key (read from the
// fixture, never written here), a JSON object of exactly 1,024 characters, autocannon against
// the Execute path, and the median the benchmarks report. Shared by bench.js and bench-page.js.
'use strict';
const path = require('node:path');
const autocannon = require('autocannon');

const root = path.resolve(__dirname, '../..');
const executePath = '/api/rest/Webhooks/Execute';
const frame = '{"Subject":"","Priority":"3"}';
const body = `{"Subject":"${'x'.repeat(1024 - frame.length)}","Priority":"3"}`;

/** The activated key of the default tenant, from the built package; `fail` says what to do when it does not load. */
function activatedKey(fail) {
  const { loadTenantFile, defaultTenantFile } = require(path.join(root, 'dist/src/tenant'));
  const tenant = loadTenantFile(defaultTenantFile());
  if (!tenant.ok) fail('fixtures/tenant.yaml does not load');
  return tenant.config.apiKeys.find((k) => k.activated).referenceId;
}

/** Loads `base` on the success path for `duration` seconds; resolves to autocannon's result. */
function loadSuccess(base, { key, connections, duration }) {
  return autocannon({
    url: `${base}${executePath}?extension=MyTestWebhook`,
    method: 'POST',
    connections,
    duration,
    headers: { Authorization: `rest_api_key=${key}`, 'Content-Type': 'application/json' },
    body,
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

module.exports = { root, executePath, body, activatedKey, loadSuccess, median };
