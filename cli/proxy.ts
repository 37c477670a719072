import fs from 'node:fs';
import path from 'node:path';
import { loadContract } from '../src/contract';
import { formatProblems } from '../src/data-file';
import { openCassetteRecorder } from '../src/proxy/cassette';
import { createProxyServer } from '../src/proxy/create-proxy-server';
import { createAccessLog } from '../src/node/access-log';
import { parseBasePath } from '../src/node/options';
import { UsageError, type Command } from './command';
import { exitCodes } from './exit-codes';
import { exposureWarnings } from '../src/core/exposure-warnings';
import { parseAllowedHosts, parseListenHost, parsePort } from './options';

const usage = `Usage: ism-webhooks proxy --upstream URL [--port 4012] [--host 127.0.0.1] [--base-path /HEAT]
                          [--record FILE] [--strict-caller] [--upstream-ca FILE]
                          [--inspection loopback|any|off] [--allowed-hosts NAME,NAME] [--quiet]

Forwards every request to your real tenant and returns its answer unchanged, while it checks
your caller and the tenant against the contract. Point your caller at the printed URL instead
of the tenant; open /_mock/ on it to see every exchange with its verdicts.

  --upstream URL      the tenant's base URL, http or https (on premises it ends in /HEAT)
  --port N            port to listen on (default 4012; 0 picks a free port)
  --host H            address to bind (default 127.0.0.1)
  --base-path PATH    serve under PATH (default: none); the upstream's path comes from --upstream
  --record FILE       write a cassette: each distinct exchange, no key and no cookie, as it
                      arrives (replay it with: ism-webhooks serve --replay FILE)
  --strict-caller     refuse (400) a request that breaks the contract instead of forwarding it
  --upstream-ca FILE  a PEM CA certificate to trust for an https upstream (NODE_EXTRA_CA_CERTS works too)
  --inspection WHO    who may use /_mock/: loopback (default), any, off
  --allowed-hosts L   host names served besides IP addresses and localhost, comma-separated,
                      as serve takes them (a DNS-rebinding guard; default: none)
  --quiet             no access log on stderr

Prints 'listening on http://HOST:PORT' on stdout when ready; SIGINT or SIGTERM stops it.`;

const inspectionValues = ['loopback', 'any', 'off'] as const;

const proxyFlags = {
  upstream: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  'base-path': { type: 'string' },
  record: { type: 'string' },
  'strict-caller': { type: 'boolean' },
  'upstream-ca': { type: 'string' },
  inspection: { type: 'string' },
  'allowed-hosts': { type: 'string' },
  quiet: { type: 'boolean' },
} as const;

export const proxyCommand: Command<typeof proxyFlags> = {
  name: 'proxy',
  usage,
  flags: proxyFlags,
  async run(flags, io) {
    if (flags.upstream === undefined)
      throw new UsageError('--upstream URL is required', 'ism-webhooks proxy --upstream https://tenant.example.com');
    let upstream: URL;
    try {
      upstream = new URL(flags.upstream);
    } catch {
      throw new UsageError(
        `--upstream must be a URL, got '${flags.upstream}'`,
        'give the base URL: https://tenant.example.com (on premises .../HEAT)',
      );
    }
    if (upstream.protocol !== 'http:' && upstream.protocol !== 'https:')
      throw new UsageError(`--upstream must be http or https, got '${upstream.protocol}'`);
    if (upstream.username !== '' || upstream.password !== '' || upstream.search !== '')
      throw new UsageError('--upstream takes a base URL without credentials or query', "the key goes in the caller's Authorization header");
    const port = parsePort(flags.port ?? '4012', '--port');
    const inspection = flags.inspection ?? 'loopback';
    if (!(inspectionValues as readonly string[]).includes(inspection))
      throw new UsageError(`--inspection must be one of ${inspectionValues.join(', ')}, got '${inspection}'`);
    const allowedHosts = parseAllowedHosts(flags['allowed-hosts']);
    const basePath = parseBasePath(flags['base-path'] ?? '');
    if (!basePath.ok) throw new UsageError(basePath.message);
    let upstreamCa: string | undefined;
    if (flags['upstream-ca'] !== undefined) {
      try {
        upstreamCa = fs.readFileSync(path.resolve(flags['upstream-ca']), 'utf8');
      } catch (error) {
        throw new UsageError(`--upstream-ca cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`, 'pass a PEM file');
      }
      if (!upstreamCa.includes('-----BEGIN CERTIFICATE-----'))
        throw new UsageError('--upstream-ca is not a PEM certificate', 'pass a PEM file');
    }
    const shown = `${upstream.protocol}//${upstream.host}${upstream.pathname.replace(/\/+$/, '')}`;
    let recorder: ReturnType<typeof openCassetteRecorder> | undefined;
    if (flags.record !== undefined) {
      recorder = openCassetteRecorder(path.resolve(flags.record), shown);
      if (!recorder.ok) {
        io.stderr.write(`ism-webhooks proxy: --record names a file that is not a cassette:\n${formatProblems(recorder.problems)}\n`);
        return exitCodes.usage;
      }
    }
    const accessLog = flags.quiet ? undefined : createAccessLog({ format: 'text', destination: io.stderrFd ?? io.stderr });
    const proxy = createProxyServer({
      contract: loadContract(),
      upstream,
      upstreamCa,
      basePath: basePath.value,
      strictCaller: flags['strict-caller'] ?? false,
      recorder: recorder?.ok ? recorder.value : undefined,
      inspection: inspection as (typeof inspectionValues)[number],
      allowedHosts,
      log: accessLog?.log,
    });
    const host = parseListenHost(flags.host);
    let url: string;
    try {
      url = await proxy.listen(port, host);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      io.stderr.write(`ism-webhooks proxy: cannot listen on ${host}:${port} (${code ?? String(error)}): choose another --port, or 0\n`);
      return exitCodes.usage;
    }
    io.stdout.write(`listening on ${url}\n`);
    io.stdout.write(`forwarding to ${shown}; exchanges and verdicts at ${url}/_mock/\n`);
    for (const warning of exposureWarnings(host, inspection as (typeof inspectionValues)[number])) io.stderr.write(`${warning}\n`);
    const signal = await io.stopSignal;
    io.stderr.write(`${signal}: closing\n`);
    await proxy.close();
    await accessLog?.close();
    return exitCodes.ok;
  },
};
