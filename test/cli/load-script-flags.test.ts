import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { packageRoot } from '../../src/contract/package-root';

// The load scripts (npm run bench, bench:page, soak) refuse a bad flag before starting anything:
// exit 2, what was wrong, and the usage line. Runs the built CLI's checkout (`npm run build`).
test.each([
  ['bench.js', ['--rounds', '0'], "bench: --rounds must be a whole number >= 1, got '0'"],
  ['bench.js', ['--seconds', 'ten'], "bench: --seconds must be a whole number >= 1, got 'ten'"],
  ['bench.js', ['--targets', 'nginx'], "bench: unknown target 'nginx' (known: logged, reference, prism, bare, floor, baseline)"],
  ['bench.js', ['--nope'], "bench: Unknown option '--nope'"],
  ['bench-page.js', ['--connections', '1.5'], "bench:page: --connections must be a whole number >= 1, got '1.5'"],
  ['soak.js', ['--warmup', '0'], "soak: --warmup must be a whole number >= 1, got '0'"],
  ['soak.js', ['--rounds', '3'], "soak: Unknown option '--rounds'"],
])('%s %j exits 2 and says what was wrong', (script, args, message) => {
  const run = spawnSync(process.execPath, [path.join(packageRoot(), 'scripts', script), ...args], { encoding: 'utf8' });
  expect(run.status).toBe(2);
  const [first, second] = run.stderr.split('\n');
  expect(first).toContain(message);
  expect(second).toMatch(/^Usage: npm run /);
});
