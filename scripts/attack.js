#!/usr/bin/env node
// `npm run attack`: the attacks of issue 11, long versions, against the built reference tenant on
// loopback. Each row says what was done, what came of it, and whether it held. Servers run in
// their own process (memory from /proc) except where the tenant's own records must be counted.
// Bounded: every attack has a guard and every process started here is stopped. Exit 1 when a row
// does not hold.
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { spawnServer, stopServer } = require('./lib/spawn-server');

const root = path.resolve(__dirname, '..');
const cli = path.join(root, 'dist/cli/index.js');
if (!fs.existsSync(cli)) {
  console.error('attack: dist/ is missing: run `npm run build` (npm ci does it) first');
  process.exit(2);
}
const { createTenantServer, loadTenantFile, defaultTenantFile } = require(path.join(root, 'dist/src'));
const tenantConfig = loadTenantFile(defaultTenantFile()).config;
const key = tenantConfig.apiKeys.find((k) => k.activated).referenceId;
const executePath = '/api/rest/Webhooks/Execute';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const rssMb = (pid, field = 'VmRSS') =>
  Number(new RegExp(`${field}:\\s+(\\d+)`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;
const portOf = (base) => Number(new URL(base).port);
const head = (extra = '', extension = 'MyTestWebhook') =>
  `POST ${executePath}?extension=${extension} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: rest_api_key=${key}\r\nContent-Type: application/json\r\n${extra}`;

function post(base, body, { extension = 'MyTestWebhook', contentType = 'application/json', agent } = {}) {
  return new Promise((resolve) => {
    const req = http.request(`${base}${executePath}?extension=${extension}`, {
      method: 'POST',
      agent,
      headers: { Authorization: `rest_api_key=${key}`, 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) },
    });
    req.on('response', (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString() }));
    });
    req.on('error', (error) => resolve({ status: 0, error: error.code ?? error.message }));
    req.setTimeout(15_000, () => req.destroy(new Error('timeout')));
    req.end(body);
  });
}

function get(base, route) {
  return new Promise((resolve) => {
    const started = performance.now();
    http
      .get(`${base}${route}`, (res) => {
        let bytes = 0;
        res.on('data', (c) => (bytes += c.length));
        res.on('end', () => resolve({ status: res.statusCode, bytes, ms: performance.now() - started }));
      })
      .on('error', (error) => resolve({ status: 0, bytes: 0, ms: performance.now() - started, error: error.code }));
  });
}

function connect(port, write) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      write?.(socket);
      resolve(socket);
    });
    socket.on('error', () => resolve(socket));
  });
}

const rows = [];
const row = (attack, result, held) => {
  rows.push({ attack, result, held });
  process.stderr.write(`attack: ${held ? 'held' : 'NOT HELD'}: ${attack}: ${result}\n`);
};

async function serve(args = []) {
  return spawnServer(process.execPath, [cli, 'serve', '--port', '0', '--quiet', ...args], {
    name: 'serve',
    cwd: root,
  });
}

async function tinyChunks(count) {
  // The issue's body: 99,990 one-byte chunks. Past 4,096 pieces the tenant stops reading (400,
  // connection closed), so memory and CPU per connection are capped whatever the chunking.
  const { child, base } = await serve();
  try {
    await post(base, '{"Subject":"warm-up"}');
    const before = rssMb(child.pid);
    const chunks = `1\r\n{\r\n${'1\r\na\r\n'.repeat(99_989)}`;
    const sockets = await Promise.all(
      Array.from({ length: count }, () => connect(portOf(base), (s) => s.write(`${head('Transfer-Encoding: chunked\r\n')}\r\n${chunks}`))),
    );
    let last = 0;
    for (let i = 0; i < 40; i++) {
      await sleep(250);
      const now = rssMb(child.pid);
      if (Math.abs(now - last) < 0.5 && i > 4) break;
      last = now;
    }
    const growth = rssMb(child.pid, 'VmHWM') - before;
    const after = await post(base, '{"Subject":"after"}');
    for (const s of sockets) s.destroy();
    // Node's parser makes one Buffer per chunk of a socket read (64 KB: about 11,000 chunks); the
    // tenant lets those past the 4,096th go as they come (a paused request kept them: about 2.4 MB
    // per connection), so a connection costs little more than its socket whatever its chunking.
    row(
      `${count} connections, a body of 99,990 one-byte chunks each, last chunk held`,
      `peak RSS +${growth.toFixed(0)} MB, then a normal request: ${after.status}`,
      growth < 50 && after.status === 200,
    );
  } finally {
    await stopServer(child);
  }
}

async function idleConnections() {
  const { child, base } = await serve();
  try {
    const sockets = await Promise.all(Array.from({ length: 1100 }, () => connect(portOf(base))));
    await sleep(200);
    const started = Date.now();
    let status = 0;
    while (status !== 200 && Date.now() - started < 20_000) {
      status = (await post(base, '{"Subject":"locked out?"}')).status;
      if (status !== 200) await sleep(250);
    }
    const waited = (Date.now() - started) / 1000;
    for (const s of sockets) s.destroy();
    row(
      '1,100 connections that never send a byte (default --max-connections 500, idle bound 10 s)',
      `a new client is served after ${waited.toFixed(1)} s`,
      status === 200 && waited <= 12,
    );
  } finally {
    await stopServer(child);
  }
}

async function stopWithHeldConnections() {
  const { child, base } = await serve();
  const idle = await connect(portOf(base));
  const half = await connect(portOf(base), (s) => s.write(head()));
  const slow = await connect(portOf(base), (s) => s.write(`${head('Content-Length: 100\r\n')}\r\n{`));
  await sleep(200);
  const started = Date.now();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const code = await Promise.race([exited, sleep(15_000).then(() => 'still running')]);
  const seconds = (Date.now() - started) / 1000;
  for (const s of [idle, half, slow]) s.destroy();
  if (code === 'still running') child.kill('SIGKILL');
  row(
    'SIGTERM while an idle, a half-sent-headers and a slow-body connection are held (grace 5 s)',
    `exited ${code} after ${seconds.toFixed(1)} s`,
    code === 0 && seconds < 7,
  );
}

async function stopUnderLoad() {
  // In-process, so that the tenant's records can be counted after the stop.
  // Every Action run takes one record ID: counting them counts executions (the logs are bounded).
  let executed = 0;
  const tenant = createTenantServer({ tenant: tenantConfig, newRecordId: () => (++executed).toString(16).toUpperCase().padStart(32, '0') });
  const base = await tenant.listen(0, '127.0.0.1');
  const agent = new http.Agent({ keepAlive: true, maxSockets: 50 });
  let answered = 0;
  let errors = 0;
  let stop = false;
  const worker = async () => {
    while (!stop) {
      const res = await post(base, '{"Subject":"under load"}', { agent });
      if (res.status === 200) answered++;
      else {
        errors++;
        if (stop) break;
      }
    }
  };
  const workers = Array.from({ length: 50 }, worker);
  await sleep(1000);
  const closed = tenant.close();
  stop = true;
  await closed;
  await Promise.all(workers);
  agent.destroy();
  row(
    'stop with 50 keep-alive clients sending',
    `${answered} answered 200, ${errors} refused or reset, ${executed - answered} executed but not answered`,
    executed === answered,
  );
}

async function executionsAmplification() {
  const { child, base } = await serve();
  try {
    const deep = `{"Subject":"deep","Extra":${'['.repeat(4000)}${']'.repeat(4000)}}`;
    const statuses = new Set();
    for (let i = 0; i < 17; i++) statuses.add((await post(base, deep)).status);
    statuses.add((await post(base, `{"Subject":"deeper","Extra":${'['.repeat(6000)}${']'.repeat(6000)}}`)).status);
    const shown = await get(base, '/_mock/executions');
    const rss = rssMb(child.pid, 'VmHWM');
    row(
      '17 bodies of 4,000 nested [ and one of 6,000, then GET /_mock/executions',
      `posts ${[...statuses].join(',')}; GET ${shown.status}, ${(shown.bytes / 1024).toFixed(0)} KB in ${shown.ms.toFixed(0)} ms; peak RSS ${rss.toFixed(0)} MB`,
      shown.status === 200 && shown.bytes < 1024 * 1024 && rss < 150,
    );
    const big = JSON.stringify({ Subject: 'x'.repeat(99_000) });
    for (let i = 0; i < 200; i++) await post(base, big);
    const after = await get(base, '/_mock/executions');
    row(
      '200 bodies of 99,000 characters, then GET /_mock/executions (log bound 4 MB)',
      `GET ${after.status}, ${(after.bytes / 2 ** 20).toFixed(1)} MB in ${after.ms.toFixed(0)} ms; RSS ${rssMb(child.pid).toFixed(0)} MB`,
      after.status === 200 && after.bytes < 5 * 2 ** 20,
    );
  } finally {
    await stopServer(child);
  }
}

async function bodies() {
  const { child, base } = await serve();
  try {
    const cases = [
      [
        'a mapped field nested 11,000 deep',
        `{"Subject":${'['.repeat(11_000)}${']'.repeat(11_000)}}`,
        'application/json',
        'MyTestWebhook',
        200,
      ],
      [
        'XML 150 levels deep',
        `<Incident><Subject>s</Subject>${'<a>'.repeat(150)}${'</a>'.repeat(150)}</Incident>`,
        'application/xml',
        'MyXmlWebhook',
        200,
      ],
      [
        'XML with elements named constructor, prototype, __proto__',
        '<Incident><Subject>s</Subject><constructor/><prototype/><__proto__/></Incident>',
        'application/xml',
        'MyXmlWebhook',
        200,
      ],
      [
        'XML 5,000 levels deep (over the 1,000 cap: xmlTooDeep)',
        `<Incident>${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}</Incident>`,
        'application/xml',
        'MyXmlWebhook',
        400,
      ],
    ];
    for (const [label, body, contentType, extension, want] of cases) {
      const res = await post(base, body, { contentType, extension });
      row(label, `${res.status} ${res.text.slice(0, 60)}`, res.status === want);
    }
  } finally {
    await stopServer(child);
  }
}

async function pipelining() {
  const { child, base } = await serve();
  try {
    const text = (b) => `${head(`Content-Length: ${b.length}\r\n`)}\r\n${b}`;
    const exchange = (bytes) =>
      new Promise((resolve) => {
        const s = net.connect(portOf(base), '127.0.0.1', () => s.write(bytes));
        let got = '';
        s.on('data', (c) => (got += c));
        s.on('close', () => resolve(got));
        s.on('error', () => undefined);
        setTimeout(() => s.destroy(), 8000).unref();
      });
    await fetch(`${base}/_mock/records`, { method: 'DELETE' });
    const first = await exchange(`GET /nowhere HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n${text('{"Subject":"queued"}')}`);
    const second = await exchange(`${text('{"Subject":"then garbage"}')}GARBAGE\r\n\r\n`);
    const records = (await (await fetch(`${base}/_mock/records`)).json()).records.length;
    const lines = (t) => (t.match(/HTTP\/1\.1 \d{3}/g) ?? []).join(' + ');
    row(
      'a 404 then a valid POST in one write; a valid POST then garbage in one write',
      `answers: ${lines(first)}; ${lines(second)}; records created: ${records}`,
      lines(first) === 'HTTP/1.1 404' && lines(second) === 'HTTP/1.1 200' && records === 1,
    );
  } finally {
    await stopServer(child);
  }
}

async function mockUpload() {
  const { child, base } = await serve();
  try {
    const sent = await new Promise((resolve) => {
      let bytes = 0;
      const s = net.connect(portOf(base), '127.0.0.1', async () => {
        s.write('DELETE /_mock/executions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 20971520\r\n\r\n');
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        while (bytes < 20 * 2 ** 20 && !s.destroyed) {
          if (!s.write(chunk))
            await new Promise((r) => {
              s.once('drain', r);
              s.once('close', r);
            });
          bytes += chunk.length;
        }
      });
      s.on('error', () => undefined);
      s.on('close', () => resolve(bytes));
      s.resume();
      setTimeout(() => s.destroy(), 15_000).unref();
    });
    row(
      'a 20 MB upload to DELETE /_mock/executions',
      `connection closed after ${(sent / 2 ** 20).toFixed(1)} MB sent (kernel buffers included)`,
      sent < 8 * 2 ** 20,
    );
  } finally {
    await stopServer(child);
  }
}

async function slowLogReader() {
  // The access log on a pipe nobody reads: answers go on, memory stays bounded, drops are counted.
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr.pause();
  const base = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', () => reject(new Error('serve exited')));
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 20 });
  let ok = 0;
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      for (let i = 0; i < 2000; i++) if ((await post(base, '{"Subject":"unread log"}', { agent })).status === 200) ok++;
    }),
  );
  agent.destroy();
  const rss = rssMb(child.pid);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  let tail = '';
  child.stderr.on('data', (c) => (tail = (tail + c).slice(-400)));
  child.stderr.resume();
  const code = await Promise.race([exited, sleep(10_000).then(() => 'still running')]);
  if (code === 'still running') child.kill('SIGKILL');
  const dropped = /access log: (\d+) lines dropped/.exec(tail)?.[1] ?? '0';
  row(
    '40,000 requests with the access log on a pipe nobody reads',
    `${ok} answered, RSS ${rss.toFixed(0)} MB, ${dropped} lines dropped (counted), exit ${code}`,
    ok === 40_000 && rss < 120 && code === 0,
  );
}

/** A rule posted to /_mock/faults as JSON; resolves with the status. */
function postRule(base, text) {
  return new Promise((resolve) => {
    const req = http.request(`${base}/_mock/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', (error) => resolve(error.code ?? 0));
    req.end(text);
  });
}

// Issue 19: what any web page can send to /_mock/faults, and event streams nobody reads.
async function faultRuleInput() {
  const { child, base } = await serve();
  try {
    const deep = `${'['.repeat(1000)}${']'.repeat(1000)}`;
    const deepStatuses = [];
    for (let i = 0; i < 5; i++) deepStatuses.push(await postRule(base, deep));
    const after = await post(base, '{"Subject":"after depth 1,000"}');
    row(
      'depth 1,000 posted 5 times to /_mock/faults, then Execute',
      `posts ${deepStatuses.join(',')}; Execute ${after.status}; process ${child.exitCode === null ? 'alive' : `exited ${child.exitCode}`}`,
      deepStatuses.every((status) => status === 400) && after.status === 200 && child.exitCode === null,
    );
    const big = JSON.stringify({ answer: { status: 503, body: 'x'.repeat(64_000) } });
    const counts = new Map();
    for (let i = 0; i < 1000; i++) {
      const status = await postRule(base, big);
      counts.set(status, (counts.get(status) ?? 0) + 1);
    }
    const list = await get(base, '/_mock/faults');
    const rss = rssMb(child.pid, 'VmHWM');
    row(
      '1,000 rules of 64 KB posted, then GET /_mock/faults',
      `posts ${[...counts].map(([status, n]) => `${n}x${status}`).join(', ')}; GET ${(list.bytes / 1024).toFixed(0)} KB in ${list.ms.toFixed(0)} ms; peak RSS ${rss.toFixed(0)} MB`,
      list.status === 200 && list.bytes < 1.1 * 2 ** 20 && rss < 150,
    );
  } finally {
    await stopServer(child);
  }
}

async function unreadStreams() {
  const { child, base } = await serve();
  const sockets = [];
  try {
    let opened = 0;
    let refused = 0;
    for (let i = 0; i < 500; i++) {
      const socket = await connect(portOf(base), (s) => s.write('GET /_mock/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'));
      const first = await new Promise((resolve) => {
        socket.once('data', (c) => resolve(c.toString('latin1').slice(0, 12)));
        socket.once('close', () => resolve(''));
      });
      socket.pause(); // never reads again
      sockets.push(socket);
      if (first === 'HTTP/1.1 200') opened++;
      else refused++;
    }
    const calls = await Promise.all(Array.from({ length: 20 }, () => post(base, '{"Subject":"beside 500 streams"}')));
    const answered = calls.filter((res) => res.status === 200).length;
    row(
      '500 event streams opened and never read, then 20 Execute calls',
      `${opened} streams opened, ${refused} refused (503); ${answered}/20 calls answered`,
      opened <= 20 && answered === 20,
    );
  } finally {
    for (const socket of sockets) socket.destroy();
    await stopServer(child);
  }
}

(async () => {
  const attacks = [
    () => tinyChunks(40),
    () => tinyChunks(250),
    idleConnections,
    stopWithHeldConnections,
    stopUnderLoad,
    executionsAmplification,
    bodies,
    pipelining,
    mockUpload,
    slowLogReader,
    faultRuleInput,
    unreadStreams,
  ];
  for (const attack of attacks) {
    try {
      await attack();
    } catch (error) {
      row(attack.name || 'attack', `failed to run: ${error.message}`, false);
    }
  }
  console.log('| attack | result | held |');
  console.log('|---|---|---|');
  for (const r of rows) console.log(`| ${r.attack} | ${r.result} | ${r.held ? 'yes' : 'NO'} |`);
  process.exit(rows.every((r) => r.held) ? 0 : 1);
})();
