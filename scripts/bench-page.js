#!/usr/bin/env node
// `npm run bench:page`: does an open inspection page slow the tenant down? One reference tenant
// (the CLI through its bin), the success path under autocannon, in interleaved rounds: with no
// page, then with one page connected (a client reading GET /_mock/events, as the page's
// EventSource does). Prints both medians and their ratio; compare the ratio, not the numbers.
//
//   npm run bench:page [-- --seconds 10] [--rounds 5] [--connections 10]
'use strict';
const http = require('node:http');
const path = require('node:path');
const { loadFlags } = require('./lib/load-flags');
const { spawnServer, stopServer } = require('./lib/spawn-server');
const { root, activatedKey, loadSuccess, median } = require('./lib/success-load');

const cli = path.join(root, 'dist/cli/index.js');
const { seconds, rounds, connections, usage } = loadFlags(
  'bench:page',
  'npm run bench:page -- [--seconds N] [--rounds N] [--connections N]',
  {
    seconds: '10',
    rounds: '5',
    connections: '10',
  },
);

const key = activatedKey(usage);
const load = (base, duration) => loadSuccess(base, { key, connections, duration });

/** One open page: reads the event stream and counts what it got. */
function openPage(base) {
  return new Promise((resolve, reject) => {
    const page = { events: 0, bytes: 0, close: () => req.destroy() };
    const req = http.get(`${base}/_mock/events`, (res) => {
      if (res.statusCode !== 200) reject(new Error(`GET /_mock/events answered ${res.statusCode}`));
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        page.bytes += Buffer.byteLength(chunk);
        page.events += chunk.split('\nevent: ').length - 1 + (chunk.startsWith('event: ') ? 1 : 0);
      });
      resolve(page);
    });
    req.on('error', (error) => {
      if (error.code !== 'ECONNRESET') reject(error);
    });
  });
}

(async () => {
  const { child, base } = await spawnServer(cli, ['serve', '--port', '0', '--quiet'], { name: 'reference', cwd: root });
  try {
    const slice = Math.max(1, Math.round(seconds / rounds));
    await load(base, 1); // warm-up
    const samples = { none: [], page: [] };
    const received = { events: 0, bytes: 0 };
    let errors = 0;
    for (let round = 1; round <= rounds; round++) {
      for (const mode of ['none', 'page']) {
        process.stderr.write(
          `bench:page: round ${round}/${rounds}: ${mode === 'page' ? 'one page open' : 'no page'} (${slice} s, ${connections} connections)\n`,
        );
        const page = mode === 'page' ? await openPage(base) : undefined;
        const result = await load(base, slice);
        if (page) {
          page.close();
          received.events += page.events;
          received.bytes += page.bytes;
        }
        errors += result.non2xx + result.errors + result.timeouts;
        samples[mode].push(result.requests.average);
      }
    }
    const none = median(samples.none);
    const withPage = median(samples.page);
    console.log(
      `Load: autocannon, ${connections} connections, ${rounds} interleaved rounds of ${slice} s per mode after a 1 s warm-up (medians), 1,024-character JSON body, success path\n`,
    );
    console.log('| reference tenant | requests/s |');
    console.log('|---|---:|');
    console.log(`| no page open | ${Math.round(none).toLocaleString('en-US')} |`);
    console.log(`| one page open | ${Math.round(withPage).toLocaleString('en-US')} |`);
    console.log(`\nwith page / without: ${(withPage / none).toFixed(2)}`);
    console.log(`the page received ${received.events} events, ${(received.bytes / 1024 / 1024).toFixed(1)} MB over ${rounds * slice} s`);
    if (errors > 0 || received.events < rounds) {
      console.error(`bench:page: ${errors} answers were not 2xx, or the page got no events: the numbers do not measure what they say`);
      process.exitCode = 1;
    }
  } finally {
    await stopServer(child);
  }
})().catch((error) => {
  console.error(`bench:page: ${error.message}`);
  process.exit(1);
});
