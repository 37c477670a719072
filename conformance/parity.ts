import fs from 'node:fs';
import path from 'node:path';
import type { Answer, Contract, Provenance } from '../src/contract';
import { type Checked, type DataFileProblem, fileProblem, loadYamlFile } from '../src/data-file';
import { cassetteKind, type Cassette, type ExchangeMatch, loadCassette } from '../src/proxy/cassette';
import type { Scenario } from './scenario/scenario';
import { loadTenantProfile, tenantProfileKind } from './judging/tenant-profile';

/**
 * The parity table (docs/decisions.md #38): for each scenario, its provenance, the reference's
 * answer, and what each observed tenant answered, read from cassettes (`proxy --record`), tenant
 * profiles (`probe`) and `conform --reporter json` results. This is how an inferred behaviour
 * becomes observed: a user runs it against their tenant and sends the table back.
 */

export interface ObservedTenant {
  /** Its base URL as the file names it. */
  readonly name: string;
  readonly source: 'cassette' | 'profile' | 'conform';
  readonly file: string;
  /** The upstream's `Server` header, when the file kept one. */
  readonly server: string | undefined;
  readonly date: string | undefined;
}

export interface Observation {
  readonly agrees: boolean;
  /** How it differs (status and body), when it does. */
  readonly how?: string;
}

export interface ParityRow {
  readonly scenario: string;
  readonly provenance: Provenance;
  readonly reference: string;
  /** Per tenant (by index into `tenants`), what it answered; absent when it did not answer this one. */
  readonly observed: readonly (Observation | undefined)[];
}

export interface ParityTable {
  readonly tenants: readonly ObservedTenant[];
  readonly rows: readonly ParityRow[];
}

/** An answer as a file keeps it. */
interface Seen {
  readonly status: number;
  readonly body: string;
}

/** What the reference answers: a status and the bodies it accepts (none: any body). */
interface Expected {
  readonly provenance: Provenance;
  readonly status: number;
  readonly bodies: readonly Answer[];
  /** Other answers that agree too (for a recorded exchange whose body the cassette does not keep). */
  readonly also?: readonly Answer[];
}

function describe(expected: Expected): string {
  const names = expected.bodies.map((answer) => answer.name);
  const also = (expected.also ?? []).map((answer) => `${answer.status} ${answer.name}`);
  return [`${expected.status}${names.length > 0 ? ` ${names.join(' or ')}` : ''}`, ...also].join(', or ');
}

function observe(expected: Expected, seen: Seen): Observation {
  const fits = (answer: Answer): boolean => answer.status === seen.status && answer.body === seen.body;
  if (expected.also?.some(fits)) return { agrees: true };
  // Any body is allowed where the spec names none, but not a web page: that is a front end, not the API.
  const page = /^\s*<(!doctype|html)/i.test(seen.body);
  if (seen.status === expected.status && (expected.bodies.length === 0 ? !page : expected.bodies.some(fits))) return { agrees: true };
  const body = seen.body.length > 120 ? `${seen.body.slice(0, 120)}…` : seen.body;
  return { agrees: false, how: `${seen.status}${body === '' ? '' : ` ${body}`}` };
}

function scenarioExpected(contract: Contract, scenario: Scenario): Expected {
  const bodies =
    scenario.expect.body.kind === 'examples'
      ? scenario.expect.body.names.map((name) => contract.catalogue.answers.get(name) as Answer)
      : [];
  return { provenance: scenario.provenance, status: scenario.expect.status, bodies };
}

/**
 * What the reference answers to a recorded exchange, from what a cassette keeps of the request
 * (docs/decisions.md #1's order of checks). A cassette keeps neither the body nor the tenant's
 * webhooks, so once the request-level checks pass, a 200, an unknown-extension answer or a
 * format answer of the spec all agree.
 */
export function exchangeExpected(contract: Contract, match: ExchangeMatch): Expected {
  const get = (name: Parameters<Contract['catalogue']['get']>[0]): Answer => contract.catalogue.get(name);
  const one = (name: Parameters<Contract['catalogue']['get']>[0]): Expected => {
    const answer = get(name);
    return { provenance: answer.provenance, status: answer.status, bodies: [answer] };
  };
  if (match.method !== 'POST') return one('methodNotAllowed');
  if (match.key !== 'accepted') return one('invalidApiKey');
  if (match.extension === '') return one('missingExtension');
  if (match.size === 'over') return one('bodyTooLong');
  if (!/^(application\/(json|xml|[\w.+-]+\+(json|xml))|text\/xml)$/.test(match.contentType)) return one('unsupportedContentType');
  const executed = get('executed');
  const also = (
    [
      'extensionDoesNotExist',
      'nonExistentWebhook',
      'formatMismatch',
      'invalidJson',
      'jsonNotObject',
      'invalidXml',
      'invalidEncoding',
    ] as const
  ).map(get);
  return { provenance: executed.provenance, status: executed.status, bodies: [], also };
}

export function exchangeName(match: ExchangeMatch): string {
  const where = match.path.replace(/^\/api\/rest\/Webhooks\/Execute$/, 'Execute');
  const extension = match.extension === '' ? 'no extension' : `extension=${match.extension}`;
  return `${match.method} ${where} ${extension}, key ${match.key}, ${match.contentType || 'no Content-Type'}, body ${match.size}`;
}

type Loaded = { tenant: ObservedTenant; answers: Map<string, Seen>; cassette?: Cassette };

/** Reads one input file: a cassette, a tenant profile, or a `conform --reporter json` result. */
function loadInput(file: string, scenarios: ReadonlyMap<string, Scenario>): Checked<Loaded> {
  if (/\.json$/i.test(file)) return loadConformResult(file);
  const parsed = loadYamlFile(file, {
    maxBytes: 32 * 1024 * 1024,
    what: 'the file',
    fixPath: 'pass a cassette, a tenant profile or a conform JSON result',
  });
  if (!parsed.ok) return parsed;
  const kind = (parsed.value.data as { kind?: unknown } | null)?.kind;
  if (kind === cassetteKind) {
    const cassette = loadCassette(file);
    if (!cassette.ok) return cassette;
    const first = cassette.value.exchanges[0];
    return {
      ok: true,
      value: {
        tenant: {
          name: cassette.value.upstream,
          source: 'cassette',
          file,
          server: cassette.value.exchanges.find((e) => e.server)?.server,
          date: first?.recordedAt.slice(0, 10),
        },
        answers: new Map(),
        cassette: cassette.value,
      },
    };
  }
  if (kind === tenantProfileKind) {
    const profile = loadTenantProfile(file, scenarios);
    if (!profile.ok) return profile;
    const answers = new Map([...profile.value.answers].map(([id, answer]) => [id, { status: answer.status, body: answer.body }]));
    return {
      ok: true,
      value: {
        tenant: { name: profile.value.target, source: 'profile', file, server: undefined, date: profile.value.recordedAt.slice(0, 10) },
        answers,
      },
    };
  }
  return {
    ok: false,
    problems: [
      fileProblem(
        file,
        'is neither a cassette nor a tenant profile',
        'pass a file written by `proxy --record`, `probe --output` or `conform --reporter json`',
      ),
    ],
  };
}

function loadConformResult(file: string): Checked<Loaded> {
  let report: { target?: unknown; startedAt?: unknown; results?: unknown };
  try {
    report = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? 'not JSON';
    return {
      ok: false,
      problems: [
        fileProblem(file, `cannot be read as a conform JSON result (${why})`, 'pass the output of `ism-webhooks conform --reporter json`'),
      ],
    };
  }
  if (!Array.isArray(report.results) || typeof report.target !== 'string')
    return {
      ok: false,
      problems: [
        fileProblem(
          file,
          'is not a conform JSON result (no target or results)',
          'pass the output of `ism-webhooks conform --reporter json`',
        ),
      ],
    };
  const answers = new Map<string, Seen>();
  let server: string | undefined;
  for (const result of report.results as { id: string; response?: { status: number; body: string; headers: Record<string, string> } }[]) {
    if (!result.response) continue;
    server ??= result.response.headers.server;
    answers.set(result.id, { status: result.response.status, body: result.response.body });
  }
  const date = typeof report.startedAt === 'string' ? report.startedAt.slice(0, 10) : undefined;
  return { ok: true, value: { tenant: { name: report.target, source: 'conform', file, server, date }, answers } };
}

/** Builds the table from the files, in the order given. Any file that does not load fails the whole (every problem listed). */
export function parityTable(contract: Contract, scenarios: readonly Scenario[], files: readonly string[]): Checked<ParityTable> {
  const byId = new Map(scenarios.map((scenario) => [scenario.id, scenario]));
  const loaded: Loaded[] = [];
  const problems: DataFileProblem[] = [];
  for (const file of files) {
    const one = loadInput(file, byId);
    if (one.ok) loaded.push(one.value);
    else problems.push(...one.problems);
  }
  if (problems.length > 0) return { ok: false, problems };
  const rows: ParityRow[] = [];
  for (const scenario of scenarios) {
    const observed = loaded.map((input) => {
      const seen = input.answers.get(scenario.id);
      return seen === undefined ? undefined : observe(scenarioExpected(contract, scenario), seen);
    });
    if (observed.some((cell) => cell !== undefined)) {
      const expected = scenarioExpected(contract, scenario);
      rows.push({ scenario: scenario.id, provenance: scenario.provenance, reference: describe(expected), observed });
    }
  }
  const exchangeRows = new Map<string, { expected: Expected; observed: (Observation | undefined)[] }>();
  loaded.forEach((input, index) => {
    for (const exchange of input.cassette?.exchanges ?? []) {
      const name = exchangeName(exchange.match);
      const row = exchangeRows.get(name) ?? { expected: exchangeExpected(contract, exchange.match), observed: loaded.map(() => undefined) };
      row.observed[index] ??= observe(row.expected, { status: exchange.status, body: new TextDecoder().decode(exchange.body) });
      exchangeRows.set(name, row);
    }
  });
  for (const [name, row] of [...exchangeRows].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    rows.push({ scenario: name, provenance: row.expected.provenance, reference: describe(row.expected), observed: row.observed });
  return { ok: true, value: { tenants: loaded.map((input) => input.tenant), rows } };
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** The table as markdown: the tenants first (name, source, Server, date), then a row per scenario. */
export function renderParityMarkdown(table: ParityTable, root = process.cwd()): string {
  const lines = ['## Observed tenants', '', '| # | tenant | from | Server | date |', '|---|---|---|---|---|'];
  for (const [index, tenant] of table.tenants.entries())
    lines.push(
      `| ${index + 1} | ${cell(tenant.name)} | ${tenant.source}: \`${cell(path.relative(root, tenant.file))}\` | ${cell(tenant.server ?? '—')} | ${tenant.date ?? '—'} |`,
    );
  const heads = table.tenants.map((_, index) => `tenant ${index + 1}`);
  lines.push(
    '',
    '## Scenarios',
    '',
    `| scenario | provenance | reference | ${heads.join(' | ')} |`,
    `|---|---|---|${heads.map(() => '---|').join('')}`,
  );
  for (const row of table.rows) {
    const cells = row.observed.map((observation) =>
      observation === undefined ? '—' : observation.agrees ? 'agrees' : `**differs**: ${cell(observation.how ?? '')}`,
    );
    lines.push(`| ${cell(row.scenario)} | ${row.provenance} | ${cell(row.reference)} | ${cells.join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}

export function renderParityJson(table: ParityTable, root = process.cwd()): string {
  const tenants = table.tenants.map((tenant) => ({ ...tenant, file: path.relative(root, tenant.file) }));
  const rows = table.rows.map((row) => ({ ...row, observed: row.observed.map((observation) => observation ?? null) }));
  return `${JSON.stringify({ tenants, rows }, null, 2)}\n`;
}
