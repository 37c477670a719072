#!/usr/bin/env node
// `npm run bench`: the success path (1 KB JSON body) under autocannon, 10 connections, on
// loopback, side by side in one run: the reference tenant as `serve` runs by default (access log
// on, its stderr piped to this process, which reads it), the same with `--quiet`, Prism serving
// the same spec, a bare node:http server that reads the body and answers 200, and the floor
// (scripts/lib/floor-server.js): the least any tenant must do per call, logged like `serve`, which
// bounds what a ratio to Prism can reach in that run. Each server runs in its own process;
// the table reports throughput, latency, time from spawn to first answer, and resident memory
// after the run, with the ratios the guards of docs/performance.md are stated in.
//
// The machines are shared and noisy, so the targets are measured in interleaved rounds (each
// round gives every target an equal slice, in turn) and each figure is the median of its rounds.
// A ratio is the median of the round's ratios (two targets a few seconds apart, under the same
// load from the rest of the machine), shown with their range.
//
//   npm run bench [-- --seconds 10] [--rounds 5] [--connections 10] [--targets logged,reference,prism,bare,floor]
//                 [--baseline DIR]   another built checkout (say the main branch), run as `serve --quiet`
//                                    beside the others: `reference / baseline` compares two versions in one run
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { loadFlags } = require('./lib/load-flags');
const { spawnServer, stopServer } = require('./lib/spawn-server');
const { root, executePath, body, activatedKey, loadSuccess, median } = require('./lib/success-load');

const cli = path.join(root, 'dist/cli/index.js');

const { flags, seconds, rounds, connections, usage } = loadFlags(
  'bench',
  'npm run bench -- [--seconds N] [--rounds N] [--connections N] [--targets logged,reference,prism,bare,floor,baseline] [--baseline DIR]',
  { seconds: '10', rounds: '5', connections: '10' },
  { targets: { type: 'string', default: 'logged,reference,prism,bare,floor' }, baseline: { type: 'string' } },
);
const known = ['logged', 'reference', 'prism', 'bare', 'floor', 'baseline'];
const chosen = flags.targets.split(',').filter(Boolean);
if (flags.baseline !== undefined && !chosen.includes('baseline')) chosen.push('baseline');
const baselineCli = flags.baseline === undefined ? undefined : path.join(path.resolve(flags.baseline), 'dist/cli/index.js');
if (chosen.includes('baseline') && (baselineCli === undefined || !fs.existsSync(baselineCli)))
  usage('the baseline target needs --baseline DIR, a checkout built with `npm run build`');
for (const name of chosen) if (!known.includes(name)) usage(`unknown target '${name}' (known: ${known.join(', ')})`);

const key = activatedKey(usage);

const bareServer = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => { Buffer.concat(chunks); res.writeHead(200, { 'Content-Type': 'application/json' }); res.end('{"status":"executed"}'); });
});
server.listen(0, '127.0.0.1', () => console.log('listening on http://127.0.0.1:' + server.address().port));`;

// The CLI is started as users start it, through its bin's shebang (plain `node`, no flags).
// `logged` is `serve` as users start it: the access log on stderr, piped to a process that reads it.
const targets = {
  logged: () => [cli, ['serve', '--port', '0']],
  reference: () => [cli, ['serve', '--port', '0', '--quiet']],
  prism: () => [cli, ['mock', '--port', '0']],
  bare: () => [process.execPath, ['-e', bareServer]],
  floor: () => [process.execPath, [path.join(__dirname, 'lib/floor-server.js')]],
  baseline: () => [baselineCli, ['serve', '--port', '0', '--quiet']],
};

function post(base) {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${executePath}?extension=MyTestWebhook`, {
      method: 'POST',
      headers: { Authorization: `rest_api_key=${key}`, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function rssMb(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return Math.round((kb / 1024) * 10) / 10;
  } catch {
    return NaN;
  }
}

/** Spawns a target and resolves when its first answer has come, with the time it took. */
async function start(name) {
  const spawned = performance.now();
  const [command, args] = targets[name]();
  // The floor takes the key from its environment; no other target needs it there.
  const env = name === 'floor' ? { ...process.env, ISM_FLOOR_KEY: key } : process.env;
  const { child, base } = await spawnServer(command, args, { name, cwd: root, stderr: 'pipe', env });
  let logBytes = 0;
  child.stderr.on('data', (chunk) => (logBytes += chunk.length));
  child.logBytes = () => logBytes;
  const status = await post(base);
  const firstAnswerMs = performance.now() - spawned;
  if (status !== 200) throw new Error(`${name} answered ${status} to the success request`);
  return { child, base, firstAnswerMs };
}

const load = (base, duration) => loadSuccess(base, { key, connections, duration });

(async () => {
  const started = [];
  try {
    for (const name of chosen) {
      process.stderr.write(`bench: starting ${name}...\n`);
      // Start-up is the median of three spawns; the last one stays up for the load.
      const times = [];
      let running;
      for (let attempt = 1; attempt <= 3; attempt++) {
        if (running) await stopServer(running.child);
        running = await start(name);
        times.push(running.firstAnswerMs);
      }
      started.push({ name, ...running, firstAnswerMs: median(times) });
    }
    const slice = Math.max(1, Math.round(seconds / rounds));
    for (const target of started) await load(target.base, 1); // warm-up
    const samples = new Map(started.map((target) => [target.name, []]));
    for (let round = 1; round <= rounds; round++) {
      for (const target of started) {
        process.stderr.write(`bench: round ${round}/${rounds}: ${target.name} (${slice} s, ${connections} connections)\n`);
        samples.get(target.name).push(await load(target.base, slice));
      }
    }
    const rows = started.map((target) => {
      const results = samples.get(target.name);
      return {
        name: target.name,
        rps: median(results.map((result) => result.requests.average)),
        perRound: results.map((result) => result.requests.average),
        p99: median(results.map((result) => result.latency.p99)),
        firstAnswerMs: target.firstAnswerMs,
        rss: rssMb(target.child.pid),
        logBytes: target.child.logBytes(),
        non2xx: results.reduce((sum, result) => sum + result.non2xx + result.errors + result.timeouts, 0),
      };
    });
    report(rows, slice);
  } finally {
    for (const target of started) await stopServer(target.child);
  }
})().catch((error) => {
  console.error(`bench: ${error.message}`);
  process.exit(1);
});

function report(rows, slice) {
  const by = Object.fromEntries(rows.map((row) => [row.name, row]));
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `Machine: ${os.cpus().length} x ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`,
  );
  console.log(
    `Load: autocannon, ${connections} connections, ${rounds} interleaved rounds of ${slice} s per target after a 1 s warm-up (medians), 1,024-character JSON body, success path\n`,
  );
  console.log(
    '| target | requests/s | p99 latency ms | spawn to first answer ms (median of 3) | RSS after run MB | access log read MB | non-2xx/errors |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const row of rows) {
    const log = row.logBytes > 0 ? (row.logBytes / 2 ** 20).toFixed(1) : '-';
    console.log(
      `| ${row.name} | ${Math.round(row.rps).toLocaleString('en-US')} | ${row.p99} | ${Math.round(row.firstAnswerMs)} | ${row.rss} | ${log} | ${row.non2xx} |`,
    );
  }
  // The guards of docs/performance.md are stated for the default `serve` (logged); `reference` is --quiet.
  const main = by.logged ?? by.reference;
  const label = by.logged ? 'logged' : 'reference';
  const checks = [];
  /** The median of the rounds' ratios of two targets, and their range. */
  const ratio = (a, b) => {
    const each = a.perRound.map((rps, round) => rps / b.perRound[round]);
    return { value: median(each), range: `${Math.min(...each).toFixed(2)} to ${Math.max(...each).toFixed(2)}` };
  };
  const add = (label, measured, target, met) => checks.push({ label, ...measured, target, met });
  const single = (value) => ({ value, range: '-' });
  if (main && by.prism) add(`${label} / prism`, ratio(main, by.prism), '>= 10', (v) => v >= 10);
  if (main && by.floor) add(`${label} / floor`, ratio(main, by.floor), '>= 0.5', (v) => v >= 0.5);
  if (main && by.bare)
    add(`${label} first answer after bare's (ms)`, single(main.firstAnswerMs - by.bare.firstAnswerMs), '<= 150', (v) => v <= 150);
  if (main) add(`${label} RSS after run (MB)`, single(main.rss), '<= 100', (v) => v <= 100);
  // Context, not guards.
  if (by.logged && by.reference) add('logged / --quiet', ratio(by.logged, by.reference), 'context', undefined);
  if (by.reference && by.baseline) add('reference / baseline (--baseline)', ratio(by.reference, by.baseline), 'context', undefined);
  if (main && by.bare) add(`${label} / bare node:http`, ratio(main, by.bare), 'context', undefined);
  if (by.floor && by.prism) add('floor / prism (the best any tenant could show)', ratio(by.floor, by.prism), 'context', undefined);
  console.log('\n| measure | value | rounds | target | met |');
  console.log('|---|---:|---|---|---|');
  for (const { label, value, range, target, met } of checks)
    console.log(`| ${label} | ${value.toFixed(2)} | ${range} | ${target} | ${met === undefined ? '-' : met(value) ? 'yes' : 'no'} |`);
  if (rows.some((row) => row.non2xx > 0)) {
    console.error('bench: some answers were not 2xx: the numbers above do not measure the success path');
    process.exitCode = 1;
  }
}
