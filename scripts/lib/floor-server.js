'use strict';
// The floor of `npm run bench`: the least any tenant has to do per success call, written apart
// from the reference (none of its code) so that the bench can show, in the same run, how fast a
// tenant could be at best. Per call it checks the key (a plain comparison, where the reference
// compares in constant time), reads the body up to the character limit, parses the JSON, maps
// two fields into a record kept in a ring of 1,000, answers the documented 200 body, and writes
// one access-log line to stderr in 4 KB batches (sonic-boom, as the reference does). It skips
// everything else the reference does: no execution log, no call journal, no redaction, no fault
// rules, no content-type or charset checks, no answer for any failure but a bare 401 or 400.
//
// It is a lower bound, not a tenant: never use it as one. The key comes in ISM_FLOOR_KEY (not in
// argv, which `ps` shows).
const http = require('node:http');
const SonicBoom = require('sonic-boom');

const expected = `rest_api_key=${process.env.ISM_FLOOR_KEY ?? ''}`;
const limit = 100_000;
const log = new SonicBoom({ fd: 2, sync: false, minLength: 4096, maxLength: 1024 * 1024 });
const records = new Array(1000);
let next = 0;

const server = http.createServer((req, res) => {
  const started = performance.now();
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const text = Buffer.concat(chunks).toString('utf8');
    let status = 200;
    if (req.headers.authorization !== expected) status = 401;
    else if (text.length > limit) status = 400;
    else {
      try {
        const body = JSON.parse(text);
        records[next++ % records.length] = { RecId: next, Subject: String(body.Subject), Priority: String(body.Priority) };
      } catch {
        status = 400;
      }
    }
    if (status === 200) {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end('{"status":"executed"}');
    } else {
      res.writeHead(status);
      res.end();
    }
    const ms = (performance.now() - started).toFixed(2);
    log.write(`${new Date().toISOString()} ${req.method} ${req.url} -> ${status} ${ms}ms key=…${expected.slice(-4)}\n`);
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening on http://127.0.0.1:${server.address().port}\n`));
process.on('SIGTERM', () => {
  log.flushSync();
  process.exit(0);
});
