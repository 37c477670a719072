import path from 'node:path';
import { loadContract } from '../contract';
import { createTenantServer } from '../server';
import type { AccessLogEvent } from '../server/options';
import { defaultTenantFile } from '../tenant/default-tenant';
import { formatProblems, loadTenantFile } from '../tenant/tenant-file';
import { UsageError, type Command } from './command';
import { exitCodes } from './exit-codes';
import { parseFlags, parsePort } from './options';

const usage = `Usage: ism-webhooks serve [--port 4010] [--host 127.0.0.1] [--tenant FILE] [--prefer]
                          [--cors] [--inspection loopback|any|off] [--quiet]

Runs the reference tenant: an in-memory ISM tenant that answers Webhooks Execute as the
contract says (keys, case-sensitive webhooks, the 100,000-character limit, Actions that insert
records).

  --port N            port to listen on (default: $PORT, else 4010; 0 picks a free port)
  --host H            address to bind (default 127.0.0.1)
  --tenant FILE       tenant file (default: the bundled fixtures/tenant.yaml)
  --prefer            honour Prism's 'Prefer: code=400, example=NAME' header (off: a tenant ignores it)
  --cors              answer CORS preflights and allow any origin, for a browser app that calls
                      the tenant directly (off: a tenant is called server to server)
  --inspection WHO    who may use the inspection page (GET /_mock/) and API (/_mock/executions,
                      /_mock/records, ...): loopback (default), any, off
  --quiet             no access log on stderr

Prints 'listening on http://HOST:PORT' on stdout when ready. SIGINT or SIGTERM closes it
gracefully. A tenant file that does not load stops the start with exit code 2.`;

const inspectionValues = ['loopback', 'any', 'off'] as const;

export const serveCommand: Command = {
  name: 'serve',
  usage,
  async run(args, io) {
    const flags = parseFlags(args, {
      port: { type: 'string' },
      host: { type: 'string' },
      tenant: { type: 'string' },
      prefer: { type: 'boolean' },
      cors: { type: 'boolean' },
      inspection: { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean' },
    });
    if (flags.help) {
      io.stdout.write(`${usage}\n`);
      return exitCodes.ok;
    }
    const port = parsePort(flags.port ?? io.env.PORT ?? '4010', flags.port !== undefined ? '--port' : 'PORT');
    const host = flags.host ?? '127.0.0.1';
    const inspection = flags.inspection ?? 'loopback';
    if (!(inspectionValues as readonly string[]).includes(inspection)) {
      throw new UsageError(`--inspection must be one of ${inspectionValues.join(', ')}, got '${inspection}'`);
    }
    const tenantFile = flags.tenant !== undefined ? path.resolve(flags.tenant) : defaultTenantFile();
    const loaded = loadTenantFile(tenantFile);
    if (!loaded.ok) {
      io.stderr.write(`ism-webhooks serve: the tenant file does not load:\n${formatProblems(loaded.problems)}\n`);
      return exitCodes.usage;
    }

    const tenant = createTenantServer({
      tenant: loaded.config,
      contract: loadContract(),
      prefer: flags.prefer ?? false,
      cors: flags.cors ?? false,
      inspection: inspection as (typeof inspectionValues)[number],
      log: flags.quiet ? undefined : (event) => io.stderr.write(`${formatAccessLog(event)}\n`),
    });
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
    const signal = await io.stopSignal;
    io.stderr.write(`${signal}: closing\n`);
    await tenant.close();
    return exitCodes.ok;
  },
};

/** One access-log line: never the key (only its hint) and never the body. */
export function formatAccessLog(event: AccessLogEvent): string {
  const extension = event.extension === undefined ? '' : ` extension=${printable(event.extension)}`;
  const key = event.key === undefined ? '' : ` key=${event.key}`;
  return `${event.time} ${event.method} ${event.path}${extension} -> ${event.status} ${event.answer} ${event.durationMs}ms${key}`;
}

/** Request input in a log line: control characters escaped, at most 100 characters. */
function printable(text: string): string {
  const shown = JSON.stringify(text.length > 100 ? `${text.slice(0, 100)}…` : text);
  return shown.slice(1, -1);
}
