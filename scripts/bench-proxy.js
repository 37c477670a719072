#!/usr/bin/env node
// `npm run bench:proxy`: what `ism-webhooks proxy` costs a caller. The success path (1 KB JSON
// body, the default tenant's key) under autocannon, side by side in interleaved rounds: straight
// to `serve --quiet` (the upstream), and through `proxy --quiet --upstream` in front of it. Each
// figure is the median of its rounds; the ratio `proxy / direct` is the median of the rounds'
// ratios (both measured a few seconds apart, under the same load from the rest of the machine).
// Kept apart from bench.js (owned by the build) and run the same way.
//
//   npm run bench:proxy [-- --seconds 10] [--rounds 3] [--connections 10]
'use strict';
const path = require('node:path');
const { loadFlags } = require('./lib/load-flags');
const { spawnServer, stopServer } = require('./lib/spawn-server');
const { root, activatedKey, loadSuccess, median } = require('./lib/success-load');

const cli = path.join(root, 'dist/cli/index.js');
const { seconds, rounds, connections, usage } = loadFlags(
  'bench-proxy',
  'npm run bench:proxy -- [--seconds N] [--rounds N] [--connections N]',
  { seconds: '10', rounds: '3', connections: '10' },
);
const key = activatedKey(usage);

async function main() {
  const upstream = await spawnServer(process.execPath, [cli, 'serve', '--port', '0', '--quiet'], { name: 'serve', cwd: root });
  const proxy = await spawnServer(process.execPath, [cli, 'proxy', '--port', '0', '--quiet', '--upstream', upstream.base], {
    name: 'proxy',
    cwd: root,
  });
  const results = { direct: [], proxy: [] };
  const ratios = [];
  try {
    for (let round = 0; round < rounds; round++) {
      const round_ = {};
      for (const [name, base] of [
        ['direct', upstream.base],
        ['proxy', proxy.base],
      ]) {
        const result = await loadSuccess(base, { key, connections, duration: seconds });
        if (result.non2xx > 0 || result.errors > 0) throw new Error(`${name}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
        round_[name] = { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
        results[name].push(round_[name]);
      }
      ratios.push(round_.proxy.rps / round_.direct.rps);
      console.error(
        `round ${round + 1}/${rounds}: direct ${Math.round(round_.direct.rps)} req/s, proxy ${Math.round(round_.proxy.rps)} req/s`,
      );
    }
  } finally {
    await stopServer(proxy.child);
    await stopServer(upstream.child);
  }
  const row = (name) => {
    const of = (field) => median(results[name].map((r) => r[field]));
    return `| ${name} | ${Math.round(of('rps'))} | ${of('p50')} | ${of('p99')} |`;
  };
  console.log(`Success path, ${connections} connections, ${rounds} rounds of ${seconds} s (medians)\n`);
  console.log('| target | req/s | p50 ms | p99 ms |\n|---|---|---|---|');
  console.log(row('direct'));
  console.log(row('proxy'));
  const low = Math.min(...ratios).toFixed(2);
  const high = Math.max(...ratios).toFixed(2);
  console.log(`\nproxy / direct throughput: ${median(ratios).toFixed(2)} (rounds ${low}–${high})`);
}

main().catch((error) => {
  console.error(`bench-proxy: ${error.message}`);
  process.exit(1);
});
