import path from 'node:path';
import { loadContract } from '../src/contract';
import { createTenantServer, TenantFileError } from '../src/node';
import { accessLogFormats, createAccessLog, type AccessLogFormat } from '../src/node/access-log';
import { defaultMaxConnections, defaultTimeouts, parseBasePath } from '../src/node/options';
import { defaultTenantFile } from '../src/tenant/default-tenant';
import { formatProblems, loadTenantFile } from '../src/tenant/tenant-file';
import { loadCassette } from '../src/proxy/cassette';
import { UsageError, type Command } from './command';
import { exitCodes } from './exit-codes';
import { exposureWarnings } from '../src/core/exposure-warnings';
import { unreachableRuleWarnings } from '../src/faults/fault-rule';
import { parseAllowedHosts, parseListenHost, parsePort } from './options';

const usage = `Usage: ism-webhooks serve [--port 4010] [--host 127.0.0.1] [--tenant FILE] [--prefer]
                          [--cors] [--inspection loopback|any|off] [--quiet] [--log-format text|json]
                          [--max-connections N] [--grace-period MS] [--seed N]
                          [--base-path /HEAT] [--allowed-hosts NAME,NAME] [--replay FILE]

Runs the reference tenant: an in-memory ISM tenant that answers Webhooks Execute as the
contract says (keys, case-sensitive webhooks, the 100,000-character limit, Actions that insert
records).

  --port N            port to listen on (default: $PORT, else 4010; the mock's is 4011; 0 picks a free port)
  --host H            address to bind (default 127.0.0.1)
  --tenant FILE       tenant file (default: the bundled fixtures/tenant.yaml)
  --prefer            honour Prism's 'Prefer: code=400, example=NAME' header (off: a tenant ignores it)
  --cors              answer CORS preflights and allow any origin, for a browser app that calls
                      the tenant directly (off: a tenant is called server to server)
  --inspection WHO    who may use the inspection page (GET /_mock/) and API (/_mock/calls,
                      /_mock/executions, /_mock/records, ...): loopback (default), any, off
  --quiet             no access log on stderr
  --log-format F      the access log: text (default, one line per call, dropped ones too) or json (one object a line)
  --max-connections N connections served at once; more are closed as they come (default ${defaultMaxConnections})
  --grace-period MS   on stop, how long answers in flight get before connections are cut
                      (default ${defaultTimeouts.grace})
  --seed N            seed of the fault rules' probabilities and random latencies, so a run
                      repeats (default: a new seed each start); rules come from the tenant
                      file's faults: list and from POST /_mock/faults
  --base-path PATH    serve the API under PATH, as on premises (/HEAT): conform --target then
                      takes http://HOST:PORT/HEAT; other paths answer 404 (default: none)
  --allowed-hosts L   host names served besides IP addresses and localhost, comma-separated
                      (a DNS-rebinding guard): 'tenant' for a compose service, '.example.com'
                      for a domain and its subdomains, 'any' for every name (default: none)
  --replay FILE       answer requests that match a cassette (ism-webhooks proxy --record FILE)
                      with the recorded answer, byte for byte, the rest with the model; every
                      answer carries x-ism-source: replay or model

Prints 'listening on http://HOST:PORT' on stdout when ready. SIGINT, SIGTERM or SIGHUP stops it
gracefully: no new connections, idle ones closed at once, answers in flight finished with
'Connection: close', the rest cut after the grace period; a second signal stops it at once.
A tenant file that does not load stops the start with exit code 2. A --host other than loopback
and --inspection any print a warning on stderr naming what the network can reach.`;

const inspectionValues = ['loopback', 'any', 'off'] as const;

const serveFlags = {
  port: { type: 'string' },
  host: { type: 'string' },
  tenant: { type: 'string' },
  prefer: { type: 'boolean' },
  cors: { type: 'boolean' },
  inspection: { type: 'string' },
  quiet: { type: 'boolean' },
  'log-format': { type: 'string' },
  'max-connections': { type: 'string' },
  'grace-period': { type: 'string' },
  seed: { type: 'string' },
  'base-path': { type: 'string' },
  'allowed-hosts': { type: 'string' },
  replay: { type: 'string' },
} as const;

export const serveCommand: Command<typeof serveFlags> = {
  name: 'serve',
  usage,
  flags: serveFlags,
  async run(flags, io) {
    const port = parsePort(flags.port ?? io.env.PORT ?? '4010', flags.port !== undefined ? '--port' : 'PORT');
    const host = parseListenHost(flags.host);
    const inspection = flags.inspection ?? 'loopback';
    if (!(inspectionValues as readonly string[]).includes(inspection)) {
      throw new UsageError(`--inspection must be one of ${inspectionValues.join(', ')}, got '${inspection}'`);
    }
    const logFormat = flags['log-format'] ?? 'text';
    if (!(accessLogFormats as readonly string[]).includes(logFormat)) {
      throw new UsageError(`--log-format must be one of ${accessLogFormats.join(', ')}, got '${logFormat}'`);
    }
    const maxConnections = wholeNumber(flags['max-connections'], '--max-connections', defaultMaxConnections, 1);
    const grace = wholeNumber(flags['grace-period'], '--grace-period', defaultTimeouts.grace, 0);
    const seed = flags.seed === undefined ? undefined : wholeNumber(flags.seed, '--seed', 0, 0);
    if (seed !== undefined && seed > 0xffffffff)
      throw new UsageError(`--seed must be a whole number from 0 to 4294967295, got '${flags.seed}'`);
    const basePath = parseBasePath(flags['base-path'] ?? '');
    if (!basePath.ok) throw new UsageError(basePath.message, 'On premises the REST API lives under /HEAT: --base-path /HEAT.');
    const allowedHosts = parseAllowedHosts(flags['allowed-hosts']);
    const tenantFile = flags.tenant !== undefined ? path.resolve(flags.tenant) : defaultTenantFile();
    const loaded = loadTenantFile(tenantFile);
    if (!loaded.ok) {
      io.stderr.write(`ism-webhooks serve: the tenant file does not load:\n${formatProblems(loaded.problems)}\n`);
      return exitCodes.usage;
    }

    const replay = flags.replay === undefined ? undefined : loadCassette(path.resolve(flags.replay));
    if (replay && !replay.ok) {
      io.stderr.write(`ism-webhooks serve: the cassette does not load:\n${formatProblems(replay.problems)}\n`);
      return exitCodes.usage;
    }

    const accessLog = flags.quiet
      ? undefined
      : createAccessLog({ format: logFormat as AccessLogFormat, destination: io.stderrFd ?? io.stderr });
    let tenant: ReturnType<typeof createTenantServer>;
    try {
      tenant = createTenantServer({
        tenant: loaded.config,
        tenantFile,
        seed,
        basePath: basePath.value,
        allowedHosts,
        replay: replay?.value,
        contract: loadContract(),
        prefer: flags.prefer ?? false,
        cors: flags.cors ?? false,
        inspection: inspection as (typeof inspectionValues)[number],
        log: accessLog?.log,
        maxConnections,
        timeouts: { grace },
      });
    } catch (error) {
      if (!(error instanceof TenantFileError)) throw error;
      io.stderr.write(`ism-webhooks serve: the tenant file does not load:\n${formatProblems(error.problems)}\n`);
      return exitCodes.usage;
    }
    let url: string;
    try {
      url = await tenant.listen(port, host);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const hint = code === 'EADDRINUSE' ? 'choose another --port, or 0 for a free one' : 'check --host and --port';
      io.stderr.write(`ism-webhooks serve: cannot listen on ${host}:${port} (${code ?? String(error)}): ${hint}\n`);
      return exitCodes.usage;
    }
    io.stdout.write(`listening on ${url}\n`);
    for (const warning of exposureWarnings(host, inspection as (typeof inspectionValues)[number])) io.stderr.write(`${warning}\n`);
    for (const warning of unreachableRuleWarnings(loaded.config.faults ?? [])) io.stderr.write(`warning: ${tenantFile}: ${warning}\n`);
    const signal = await io.stopSignal;
    io.stderr.write(`${signal}: closing (a second signal stops at once)\n`);
    void io.forceSignal?.then(() => tenant.closeNow());
    await tenant.close();
    await accessLog?.close();
    return exitCodes.ok;
  },
};

/** A whole-number flag at least `min`, or its default when absent. */
function wholeNumber(value: string | undefined, flag: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const number = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < min)
    throw new UsageError(`${flag} must be a whole number of at least ${min}, got '${value}'`);
  return number;
}
