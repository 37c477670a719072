#!/usr/bin/env node
// `npm run soak [-- --seconds 60] [--connections 200] [--warmup 15]`: the documented scenarios, mixed, against
// the reference tenant (the built CLI, its own process) at 200 connections on loopback. Every
// answer is checked against the spec's example for its scenario. Prints requests served, wrong
// answers, errors, and the server's resident memory at start (after a warm-up) and at the end.
// Targets: no errors, no wrong answers, memory growth under 20 MB. Exit 1 when one is missed.
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { loadFlags } = require('./lib/load-flags');
const { spawnServer, stopServer } = require('./lib/spawn-server');

const root = path.resolve(__dirname, '..');
const cli = path.join(root, 'dist/cli/index.js');
const {
  seconds,
  connections,
  warmup,
  usage: fail,
} = loadFlags('soak', 'npm run soak -- [--seconds N] [--connections N] [--warmup N]', {
  seconds: '60',
  connections: '200',
  warmup: '15',
});

const { loadContract, loadTenantFile, defaultTenantFile } = require(path.join(root, 'dist/src'));
const { catalogue } = loadContract();
const tenant = loadTenantFile(defaultTenantFile());
if (!tenant.ok) fail('fixtures/tenant.yaml does not load');
const active = tenant.config.apiKeys.find((key) => key.activated).referenceId;
const deactivated = tenant.config.apiKeys.find((key) => !key.activated).referenceId;
const ofLength = (units, char) => `{"Subject":"${char.repeat((units - 14) / char.length)}"}`;

// The vendor page's scenarios (documented), with a weight: large bodies are rarer.
const scenarios = [
  {
    name: 'success',
    weight: 10,
    query: '?extension=MyTestWebhook',
    key: active,
    body: '{"Subject":"soak","Priority":"3"}',
    want: 'executed',
  },
  { name: 'non-existent webhook', weight: 4, query: '?extension=NonExistentWebhook', key: active, body: '{}', want: 'nonExistentWebhook' },
  { name: 'missing extension', weight: 4, query: '', key: active, body: '{}', want: 'missingExtension' },
  {
    name: 'incorrect key',
    weight: 4,
    query: '?extension=MyTestWebhook',
    key: 'BADBADBADBADBADBADBADBADBADBAD00',
    body: '{}',
    want: 'invalidApiKey',
  },
  { name: 'deactivated key', weight: 4, query: '?extension=MyTestWebhook', key: deactivated, body: '{}', want: 'invalidApiKey' },
  { name: 'mistyped extension', weight: 4, query: '?extension=blahblahWebhook', key: active, body: '{}', want: 'extensionDoesNotExist' },
  {
    name: '100,001 characters',
    weight: 1,
    query: '?extension=MyTestWebhook',
    key: active,
    body: ofLength(100_001, 'x'),
    want: 'bodyTooLong',
  },
  { name: '100,000 é', weight: 1, query: '?extension=MyTestWebhook', key: active, body: ofLength(100_000, 'é'), want: 'executed' },
].map((scenario) => ({ ...scenario, payload: Buffer.from(scenario.body), expected: catalogue.get(scenario.want) }));
const deck = scenarios.flatMap((scenario) => Array(scenario.weight).fill(scenario));

function rssMb(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) / 1024;
}

(async () => {
  const { child, base } = await spawnServer(cli, ['serve', '--port', '0', '--quiet'], {
    name: 'the reference tenant',
    cwd: root,
    stderr: 'inherit',
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const counts = { served: 0, wrong: 0, errors: 0 };
  const wrongSamples = [];
  let stopAt = 0;

  const once = (scenario) =>
    new Promise((resolve) => {
      const req = http.request(`${base}/api/rest/Webhooks/Execute${scenario.query}`, {
        method: 'POST',
        agent,
        headers: {
          Authorization: `rest_api_key=${scenario.key}`,
          'Content-Type': 'application/json',
          'Content-Length': scenario.payload.length,
        },
      });
      req.on('response', (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => {
          counts.served++;
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== scenario.expected.status || text !== scenario.expected.body) {
            counts.wrong++;
            if (wrongSamples.length < 5) wrongSamples.push(`${scenario.name}: got ${res.statusCode} ${text.slice(0, 120)}`);
          }
          resolve();
        });
      });
      req.on('error', (error) => {
        counts.errors++;
        if (wrongSamples.length < 5) wrongSamples.push(`${scenario.name}: ${error.code ?? error.message}`);
        resolve();
      });
      req.end(scenario.payload);
    });

  const worker = async (offset) => {
    for (let i = offset; Date.now() < stopAt; i += connections) await once(deck[i % deck.length]);
  };
  const run = async (ms) => {
    stopAt = Date.now() + ms;
    await Promise.all(Array.from({ length: connections }, (_, i) => worker(i)));
  };

  // The warm-up fills the bounded logs (executions, records) and lets V8's heap reach its size
  // under this load; growth is measured from there.
  process.stderr.write(`soak: warming up for ${warmup} s, then ${seconds} s at ${connections} connections against ${base}\n`);
  await run(warmup * 1000);
  const startRss = rssMb(child.pid);
  Object.assign(counts, { served: 0, wrong: 0, errors: 0 });
  const started = Date.now();
  await run(seconds * 1000);
  const elapsed = (Date.now() - started) / 1000;
  const endRss = rssMb(child.pid);
  agent.destroy();
  await stopServer(child);

  const growth = endRss - startRss;
  console.log(
    `requests served   ${counts.served} (${Math.round(counts.served / elapsed)}/s over ${elapsed.toFixed(1)} s, ${scenarios.length} documented scenarios, every answer checked)`,
  );
  console.log(`wrong answers     ${counts.wrong}`);
  console.log(`errors            ${counts.errors}`);
  console.log(
    `memory (RSS)      ${startRss.toFixed(1)} MB at start, ${endRss.toFixed(1)} MB at end, growth ${growth.toFixed(1)} MB (target < 20 MB)`,
  );
  for (const sample of wrongSamples) console.log(`  sample: ${sample}`);
  const ok = counts.wrong === 0 && counts.errors === 0 && growth < 20;
  console.log(ok ? 'soak: all targets met' : 'soak: a target was missed');
  process.exit(ok ? 0 : 1);
})().catch((error) => {
  console.error(`soak: ${error.message}`);
  process.exit(1);
});
