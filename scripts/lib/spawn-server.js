'use strict';
// Starts a server process that prints `listening on http://HOST:PORT` when ready (`ism-webhooks
// serve` and `mock` do), and resolves with the child and its base URL. Shared by the bench, the
// soak and the CI conformance script.
const { spawn } = require('node:child_process');

function spawnServer(command, args, { name, cwd, stderr = 'ignore', timeoutMs = 60_000, env }) {
  const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', stderr], env: env ?? process.env });
  const ready = new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${name} did not start within ${timeoutMs / 1000} s`)), timeoutMs);
    const onExit = (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with code ${code} before listening`));
    };
    child.on('exit', onExit);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve(match[1]);
      }
    });
  });
  return ready.then((base) => ({ child, base }));
}

/** Ends a child started by spawnServer and waits for it. */
async function stopServer(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

module.exports = { spawnServer, stopServer };
