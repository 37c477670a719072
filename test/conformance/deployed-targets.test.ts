import net from 'node:net';
import { type Answer, loadContract } from '../../src/contract';
import { defaultScenariosDir, loadScenarios, type RunReport, type Scenario } from '../../conformance';
import {
  failingGateway,
  httpsRewrite,
  iisDelivery,
  loginFrontEnd,
  plainWebServer,
  type RawServer,
  resetAfterHeaders,
  resetBeforeHeaders,
  stalledBody,
  startRawServer,
  wrongBasePath,
} from './helpers/deployments';
import { fullLiveRun, runCli } from './helpers/run-cli';
import { correctBehaviour, type Delivery, plainDelivery, standInKeys, startStandIn } from './helpers/stand-in';

// Targets shaped like tenants as they are really deployed (IIS, a login front end, a load balancer
// that resets, a rewrite to https) or like the wrong server altogether. Each row: the exit code,
// the verdict of every affected scenario, the diagnosis line, and how many lines the console prints.
const contract = loadContract();
const loaded = loadScenarios(defaultScenariosDir(), contract.catalogue);
if (!loaded.ok) throw new Error('the bundled scenarios load');
const scenarios: readonly Scenario[] = loaded.value;
const ids = (keep: (scenario: Scenario) => boolean): string[] => scenarios.filter(keep).map((scenario) => scenario.id);
const expectedAnswer = (scenario: Scenario): Answer | undefined =>
  scenario.expect.body.kind === 'examples' ? contract.catalogue.answers.get(scenario.expect.body.names[0] ?? '') : undefined;

/** An error answer the vendor does not document (inferred), and the scenarios that expect one. */
const undocumentedError = (answer: Answer): boolean => answer.provenance === 'inferred' && answer.status >= 400;
const expectingUndocumentedError = ids((scenario) => {
  const answer = expectedAnswer(scenario);
  return answer !== undefined && undocumentedError(answer);
});

const standIn = (deliver: Delivery) => (): Promise<RawServer> => startStandIn(contract, correctBehaviour(), deliver);
const raw = (handler: Parameters<typeof startRawServer>[0]) => (): Promise<RawServer> => startRawServer(handler);
/** https:// in --target for a server that speaks plain http (the stand-in, reached over the wrong scheme). */
const overHttps = (start: () => Promise<RawServer>) => async (): Promise<RawServer> => {
  const server = await start();
  return { baseUrl: server.baseUrl.replace(/^http:/, 'https:'), close: () => server.close() };
};
/** A port nothing listens on: bound, then closed. */
async function refusedPort(): Promise<RawServer> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return { baseUrl: `http://127.0.0.1:${port}`, close: async () => undefined };
}

interface Case {
  readonly start: () => Promise<RawServer>;
  readonly args?: readonly string[];
  readonly apiKey?: string;
  readonly code: number;
  readonly failed: readonly string[];
  readonly observed?: readonly string[];
  /** What the first failure of each failed scenario says. */
  readonly failure?: RegExp;
  readonly diagnosis: RegExp | undefined;
  /** Lines of console output, counted by what each prints. */
  readonly lines: number;
}

// A run line, a row per scenario (or fewer when stopped), per failure: judged against + check + expected + actual + reproduce,
// two diagnosis lines (diagnosis, fix), a line saying where it stopped, the closing line.
const perFailure = 5;
const total = scenarios.length;
const resetCount = expectingUndocumentedError.length;
const expecting401 = ids((scenario) => scenario.expect.status === 401);
const stoppedAfterThree = ['body-at-limit', 'body-at-limit-two-byte-characters', 'body-over-limit'];
const stoppedLines = 1 + 3 * (1 + perFailure) + 2 + 1 + 1;

const cases: [string, Case][] = [
  [
    'IIS in front: extra headers, charset=utf-8, chunked answers, an empty 200',
    { start: standIn(iisDelivery), code: 0, failed: [], diagnosis: undefined, lines: 1 + total + 1 },
  ],
  [
    'IIS in front, --strict: the empty 200 is still not judged',
    { start: standIn(iisDelivery), args: ['--strict'], code: 0, failed: [], diagnosis: undefined, lines: 1 + total + 1 },
  ],
  [
    'a load balancer resets after the headers of every undocumented answer',
    {
      start: standIn(resetAfterHeaders(undocumentedError)),
      code: 1,
      failed: expectingUndocumentedError,
      failure: /^transport: connection reset after headers$/,
      diagnosis: new RegExp(
        `^diagnosis: ${resetCount} of ${total} requests got no complete answer \\(connection reset after headers: ${resetCount}\\)$`,
      ),
      lines: 1 + total + resetCount * perFailure + 2 + 1,
    },
  ],
  [
    'a reset before any answer on every 401',
    {
      start: standIn(resetBeforeHeaders((answer) => answer.status === 401)),
      code: 1,
      failed: expecting401,
      failure: /^transport: connection reset before any answer$/,
      diagnosis: new RegExp(
        `^diagnosis: ${expecting401.length} of ${total} requests got no complete answer \\(connection reset before any answer: ${expecting401.length}\\)$`,
      ),
      lines: 1 + total + expecting401.length * perFailure + 2 + 1,
    },
  ],
  [
    'a body that stalls past --timeout',
    {
      start: standIn(stalledBody((answer) => answer.status === 405)),
      args: ['--timeout', '300', '--only', 'method-get-not-allowed,method-put-not-allowed'],
      code: 1,
      failed: ['method-get-not-allowed', 'method-put-not-allowed'],
      failure: /^transport: timed out after [\d,]+ ms waiting for the body \(--timeout 300\)$/,
      diagnosis: /^diagnosis: 2 of 2 requests got no complete answer \(timed out waiting for the body: 2\)$/,
      lines: 1 + 2 + 2 * perFailure + 2 + 1,
    },
  ],
  [
    'a login front end',
    {
      start: raw(loginFrontEnd),
      code: 2,
      failed: stoppedAfterThree,
      failure:
        /^status-code: redirect 302 to \/login\?ReturnUrl=%2Fapi%2Frest%2FWebhooks%2FExecute.* instead of (200|400): a login front end answers instead of the API \(not followed\)$/,
      diagnosis:
        /^diagnosis: redirected: every answer \(3 of 3\) is a redirect, first to \/login\?ReturnUrl=\S+: a login front end answers instead of the API$/,
      lines: stoppedLines,
    },
  ],
  [
    'an http->https rewrite',
    {
      start: raw(httpsRewrite),
      code: 2,
      failed: stoppedAfterThree,
      failure:
        /^status-code: redirect 301 to https:\/\/127\.0\.0\.1:\d+\/api\/rest\/Webhooks\/Execute\S* instead of (200|400): the tenant wants https \(not followed\)$/,
      diagnosis: /^diagnosis: redirected: every answer \(3 of 3\) is a redirect, first to https:\S+: the tenant wants https$/,
      lines: stoppedLines,
    },
  ],
  [
    'a wrong base path (the API is under /HEAT)',
    {
      start: raw(wrongBasePath),
      code: 2,
      failed: stoppedAfterThree,
      failure: /^status-code: status 404 instead of (200|400)$/,
      diagnosis: /^diagnosis: wrong base URL: every answer \(3 of 3\) is 404 without the ISM error envelope/,
      lines: stoppedLines + 3,
    },
  ],
  [
    'a web server that is not ISM (python3 -m http.server)',
    {
      start: raw(plainWebServer),
      code: 2,
      failed: stoppedAfterThree,
      failure: /^status-code: status 501 instead of (200|400)$/,
      diagnosis:
        /^diagnosis: not the ISM API: no answer \(3 of 3\) carries the ISM error envelope; they are web pages from a server calling itself "SimpleHTTP\/0\.6 Python\/3\.11\.2"/,
      lines: stoppedLines + 3,
    },
  ],
  [
    'a gateway answering 502 to everything',
    {
      start: raw(failingGateway),
      code: 1,
      failed: stoppedAfterThree,
      failure: /^status-code: status 502 instead of (200|400)$/,
      diagnosis: /^diagnosis: every answer \(3 of 3\) is a 5xx server error/,
      lines: stoppedLines + 3,
    },
  ],
  [
    'a refused port',
    {
      start: refusedPort,
      code: 2,
      failed: ['body-at-limit'],
      failure: /^transport: connection refused \(nothing listens at 127\.0\.0\.1:\d+\)$/,
      diagnosis: /^diagnosis: the target is unreachable: connection refused/,
      lines: 1 + 1 + perFailure + 2 + 1 + 1,
    },
  ],
  [
    'https to a server that speaks plain http',
    {
      start: overHttps(standIn(plainDelivery)),
      code: 2,
      failed: ['body-at-limit'],
      failure: /^transport: TLS handshake failed: 127\.0\.0\.1:\d+ answers in plain http, not https \(EPROTO\)$/,
      diagnosis: /^diagnosis: the target speaks plain http, not https: it answered the TLS handshake in http/,
      lines: 1 + 1 + perFailure + 2 + 1 + 1,
    },
  ],
  [
    'an --extension the tenant has no webhook for (a typo)',
    {
      start: standIn(plainDelivery),
      args: ['--extension', 'mytestwebhook'],
      code: 2,
      failed: stoppedAfterThree,
      failure: /^(status-code: status 400 instead of 200|exact-body: the body is not the spec's example bodyTooLong; .*)$/,
      diagnosis:
        /^diagnosis: the extension 'mytestwebhook' is not configured on the target: every request to it with your key \(3 of 3\) was answered that the webhook extension does not exist/,
      // The two success scenarios each add the Action check (3 lines).
      lines: stoppedLines + 2 * 3,
    },
  ],
  [
    'a key the tenant refuses',
    {
      start: standIn(plainDelivery),
      apiKey: 'NOT0THE0REFERENCE0ID000000000000',
      code: 2,
      failed: stoppedAfterThree,
      failure: /^status-code: status 401 instead of (200|400)$/,
      diagnosis: /^diagnosis: your key was refused: every request with your API key \(3 of 3\) got 401$/,
      lines: stoppedLines + 2 * 3 + 3,
    },
  ],
];

test.each(cases)('%s', async (_name, row) => {
  const target = await row.start();
  try {
    const env = { ISM_API_KEY: row.apiKey ?? standInKeys.apiKey, ISM_DEACTIVATED_API_KEY: standInKeys.deactivatedApiKey };
    const run = await runCli(fullLiveRun(target.baseUrl, 'console,json', row.args), env);
    const report = JSON.parse(run.out) as RunReport;
    const outcome = (kind: string): string[] => report.results.filter((result) => result.outcome === kind).map((result) => result.id);
    expect(outcome('failed').sort()).toEqual([...row.failed].sort());
    expect(outcome('observed').sort()).toEqual([...(row.observed ?? [])].sort());
    if (row.failure) {
      for (const result of report.results.filter((each) => each.outcome === 'failed'))
        expect(`${result.failures[0]?.check}: ${result.failures[0]?.message}`).toMatch(row.failure);
    }
    const lines = run.err.split('\n').slice(0, -1);
    const diagnosis = lines.find((line) => line.startsWith('diagnosis: '));
    if (row.diagnosis) expect(diagnosis).toMatch(row.diagnosis);
    else expect(diagnosis).toBeUndefined();
    expect(report.diagnosis?.message).toBe(diagnosis?.replace(/^diagnosis: /, ''));
    if (row.lines > 0) expect(lines).toHaveLength(row.lines);
    expect(run.code).toBe(row.code);
  } finally {
    await target.close();
  }
});
