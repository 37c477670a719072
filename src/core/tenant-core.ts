import type { Catalogue } from '../contract/catalogue';
import type { FaultsApiAnswer, FaultsApiRequest } from '../faults';
import { noContentStatuses, type DropKind, type FaultAnswer, type FaultRuleConfig } from '../faults/fault-rule';
import { createFaultRules, runsPipeline, type FaultDecision, type FaultRules } from '../faults/fault-rules';
import { seededRandom } from '../faults/seeded-random';
import { answerOData, isODataRequest } from '../odata/answer-odata';
import type { ODataAnswers } from '../odata/odata-answers';
import { redactHeaders } from '../redact';
import { createInspectionViews, type InspectionViews } from './inspection-views';
import type { TenantConfig } from '../tenant/model';
import { createTenant, defaultTenantDeps, type Tenant } from '../tenant/tenant';
import { lookupAnswer, plainAnswers, renderAnswers, type RenderedAnswer } from './answers';
import { createCallJournal, type CallJournal, type CallJournalLimits, type CallRecord } from './call-journal';
import { corsHeaders, isPreflight, preflightHeaders } from './cors';
import { faultAnswerHeaders } from './fault-answer-headers';
import { inspect, inspectionPrefix, isFaultsRoute, mayInspect, type InspectionAccess, type PageAsset } from './inspection';
import { runPipeline, type RequestReader } from './pipeline';
import { preference } from './prefer';
import { screenRequest, type AllowedHosts } from './request-guard';
import { parseRequestTarget, requestOrigin, targetAuthority, underBasePath, type RequestTarget } from './request-target';
import type { Cassette } from '../proxy/cassette';
import { findReplay, sizeFromFraming } from '../proxy/replay';

/** An answer as a value: each edge sends it its own way, and applies its effect. */
export interface CoreAnswer {
  readonly status: number;
  /** A name given more than once (an upstream's Set-Cookie, passed on by the proxy) holds its values in order. */
  readonly headers: Readonly<Record<string, string | number | string[]>>;
  /** Empty for a 204, 205 or 304; a page file's bytes; else text. */
  readonly body: string | Uint8Array;
  /** The connection must close after it: the request body was left unread (see RequestReader.mustCloseUnread). */
  readonly close: boolean;
  /** What the edge must do besides sending it. */
  readonly effect?: AnswerEffect;
}

/**
 * `delay`: send it after `ms` (a fault rule's latency). `drop`: a fault rule's drop (docs/decisions.md #15;
 * the answer is what `close` shows the headers of and `dribble` sends slowly), after `delayMs` when the rule has a latency too. `cut`: cut the
 * connection once it is out (a body in too many pieces). `events`: hand the response to the
 * inspection page's live feed instead.
 */
export type AnswerEffect =
  | { readonly kind: 'delay'; readonly ms: number }
  | { readonly kind: 'drop'; readonly drop: DropKind; readonly delayMs?: number }
  | { readonly kind: 'cut' }
  | { readonly kind: 'events' };

/**
 * Where the proxy (src/proxy, docs/decisions.md #36) takes a request outside `/_mock` in place of
 * the reference's routes and pipeline: after the guard, a CORS preflight, the base path and a
 * fault rule that answers instead. `decision` is a rule that lets the request through: a latency
 * the proxy waits before forwarding, or one the core then applies to the upstream's answer.
 */
export type Forward = (target: RequestTarget, decision: FaultDecision | undefined, done: Done) => void;

/** `/_mock/faults`: the rules' HTTP API (src/faults, which validates rules as data files are), given by the edge. */
export interface FaultsApi {
  readonly maxBytes: number;
  answer(request: FaultsApiRequest, rules: FaultRules, answerNames: ReadonlySet<string>): FaultsApiAnswer;
}

export interface TenantCoreOptions {
  /** `odata`: the OData reads' error answers (src/odata), from the spec's examples. */
  readonly contract: { readonly catalogue: Catalogue; readonly maxCharacters: number; readonly odata: ODataAnswers };
  /** The tenant's configuration, loaded. */
  readonly tenant: TenantConfig;
  /** The fault rules to start with, checked (`resolveFaultRules`): the tenant file's `faults:`, then the options'. */
  readonly faults: readonly FaultRuleConfig[];
  /** Milliseconds since the epoch (default Date.now). */
  readonly clock?: () => number;
  /** Record IDs (default: random 32 upper-case hex digits, like ISM RecIds). */
  readonly newRecordId?: () => string;
  /** Honour Prism's `Prefer` header (default false). */
  readonly prefer?: boolean;
  /** The base path, already checked with `parseBasePath` ('' or `/HEAT`). */
  readonly basePath?: string;
  /** Answer CORS preflights and allow any origin (default false). */
  readonly cors?: boolean;
  /** Who may use `/_mock/...` (default loopback). */
  readonly inspection?: InspectionAccess;
  /** Host names served besides IP literals and `localhost` (docs/decisions.md #17; default none; `any` in process). */
  readonly allowedHosts?: AllowedHosts;
  readonly callJournal?: Partial<CallJournalLimits>;
  /** Seed of the fault rules' probabilities and random latencies (default: a random seed). */
  readonly seed?: number;
  /** The inspection page's files by path below `/_mock/` (default: none). */
  readonly asset?: (name: string) => PageAsset | undefined;
  /** `/_mock/faults` (default: none; it answers 404). */
  readonly faultsApi?: FaultsApi;
  /** Told of a programming error answered 500 (answer `error`). */
  readonly onError: (error: unknown) => void;
  /**
   * A cassette (`proxy --record`) whose recorded answers win over the model's (`serve --replay`,
   * docs/decisions.md #37): each Execute-route answer then says which in `x-ism-source`.
   */
  readonly replay?: Cassette;
}

/**
 * The reference tenant's every decision, with no I/O and no Node built-in: a request in (through
 * the edge's `RequestReader`), an answer value out. The node:http edge (src/node) and the fetch
 * edge (src/fetch, and MSW on it) only read requests and send answers (docs/decisions.md #20).
 */
export interface TenantCore {
  readonly tenant: Tenant;
  /** The active fault rules: the tenant file's `faults:`, the options', then `/_mock/faults`. */
  readonly faults: FaultRules;
  readonly views: InspectionViews;
  /** Every call, for `GET /_mock/calls`; absent when inspection is off. */
  readonly journal: CallJournal | undefined;
  readonly basePath: string;
  /** Milliseconds since the epoch (the injected clock). */
  readonly clock: () => number;
  /** The 500 answer of a programming error (answer `error`). */
  readonly error: CoreAnswer;
  /**
   * Decides the answer to one request and calls `done` once: at once, or after the body. `call`
   * (when the edge records calls) is filled in with what the log shows. `done(undefined)`: nothing
   * to send (the connection went, or closes, first). `forward` (the proxy) takes what the
   * reference's routes would answer.
   */
  answer<R>(
    reader: RequestReader<R>,
    req: R,
    call: CallRecord | undefined,
    done: (answer: CoreAnswer | undefined) => void,
    forward?: Forward,
  ): void;
}

const utf8 = new TextEncoder();
const jsonHeaders = (body: string): Record<string, string | number> => ({
  'Content-Type': 'application/json; charset=utf-8',
  'Content-Length': utf8.encode(body).length,
});

/** Where a routed request's answer goes; `undefined`: nothing to send (see `answer` above). */
type Done = (answer: CoreAnswer | undefined) => void;
/** One of the core's routes: reads what it needs through the edge's reader, answers through `done`. */
type Route = <R>(reader: RequestReader<R>, req: R, target: RequestTarget, call: CallRecord | undefined, done: Done) => void;

export function createTenantCore(options: TenantCoreOptions): TenantCore {
  const { catalogue, maxCharacters, odata } = options.contract;
  const clock = options.clock ?? defaultTenantDeps.clock;
  const tenant = createTenant(options.tenant, { clock, newRecordId: options.newRecordId });
  const answers = renderAnswers(catalogue);
  const answerNames = new Set(answers.keys());
  const executePath = catalogue.path;
  const basePath = options.basePath ?? '';
  const prefer = options.prefer ?? false;
  const cors = options.cors ?? false;
  const access = options.inspection ?? 'loopback';
  const allowedHosts = options.allowedHosts ?? [];
  const executed = lookupAnswer(answers, 'executed');
  const tooMany = lookupAnswer(answers, 'tooManyRequests');
  // Each spec answer as the pipeline sends it, keeping the connection or closing it: made once, not copied per call.
  const sent = new Map(
    Array.from(answers.values(), (answer) => [
      answer.name,
      [
        { ...answer, close: false },
        { ...answer, close: true },
      ],
    ]),
  );
  const faults = createFaultRules(options.faults, seededRandom(options.seed));
  const views = createInspectionViews(tenant, executed, executePath, faults);
  const journal =
    access === 'off' ? undefined : createCallJournal(options.callJournal, (headers, hint) => redactHeaders(headers, hint, views.redact));
  const page = { asset: options.asset ?? noAsset, views, journal };
  const error: CoreAnswer = { ...plainAnswers.error, close: true };

  const fail = (call: CallRecord | undefined, cause: unknown): CoreAnswer => {
    if (call) call.answer = 'error';
    options.onError(cause);
    return error;
  };

  /**
   * A fault rule's `answer:` (a named answer of the spec, or its own status, headers and body);
   * whichever it is, it cannot act as a page (docs/decisions.md #18).
   */
  const rendered = (answer: FaultAnswer): RenderedAnswer => {
    if ('name' in answer) {
      const named = answers.get(answer.name) as RenderedAnswer;
      return { ...named, headers: { ...named.headers, ...faultAnswerHeaders } };
    }
    // No content, so no type and no length (RFC 9110 8.6: never Content-Length on a 204); a 205 says its empty content (15.3.6).
    if (noContentStatuses.has(answer.status)) {
      const headers = { ...answer.headers, ...faultAnswerHeaders, ...(answer.status === 205 ? { 'Content-Length': 0 } : {}) };
      return { name: 'rule', status: answer.status, headers, body: '' };
    }
    const body = answer.body ?? '';
    const headers = {
      ...answer.headers,
      ...faultAnswerHeaders,
      'Content-Type': answer.contentType ?? 'text/plain; charset=utf-8',
      'Content-Length': utf8.encode(body).length,
    };
    return { name: 'rule', status: answer.status, headers, body };
  };

  /** A rule's answer or drop, after its latency when it has one (docs/decisions.md #29). */
  const faulted = (decision: FaultDecision, answer: Omit<CoreAnswer, 'close'>, close: boolean): CoreAnswer => {
    const delayMs = 'delayMs' in decision ? decision.delayMs : undefined;
    if (decision.effect === 'drop')
      return { ...answer, close, effect: { kind: 'drop', drop: decision.drop, ...(delayMs === undefined ? {} : { delayMs }) } };
    const given = decision.effect === 'answer' ? rendered(decision.answer) : answer;
    return delayMs === undefined ? { ...given, close } : { ...given, close, effect: { kind: 'delay', ms: delayMs } };
  };

  /** What a decision that replaces the pipeline answers: a 429, its own answer, or a drop (showing the headers a call that ran gets). */
  const instead = (decision: FaultDecision, close: boolean): CoreAnswer => {
    if (decision.effect === 'rateLimited')
      return { ...tooMany, headers: { ...tooMany.headers, 'Retry-After': String(decision.retryAfterSeconds) }, close };
    if (decision.effect === 'answer' || decision.effect === 'drop') return faulted(decision, executed, close);
    throw new Error(`a ${decision.effect} decision runs the pipeline`);
  };

  /** What a decision does to the pipeline's answer. */
  const after = (decision: FaultDecision, answer: Omit<CoreAnswer, 'close'>, close: boolean): CoreAnswer => {
    if (decision.effect === 'latency') return { ...answer, close, effect: { kind: 'delay', ms: decision.ms } };
    if (decision.effect === 'answer' || decision.effect === 'drop') return faulted(decision, answer, close);
    return { ...answer, close };
  };

  const inspection: Route = (reader, req, target, call, done) => {
    if (call) call.answer = 'inspection';
    const route = target.path.slice(inspectionPrefix.length);
    // HEAD is GET without the body (RFC 9110 9.3.2): answered as GET, and the edge sends the headers alone.
    const method = reader.method(req) === 'HEAD' ? 'GET' : reader.method(req);
    const json = (status: number, body: string, close: boolean): CoreAnswer => ({
      status,
      headers: status === 204 ? {} : jsonHeaders(body),
      body,
      close,
    });
    const remoteAddress = reader.remoteAddress(req);
    const api = options.faultsApi;
    if (api && isFaultsRoute(route) && mayInspect(access, remoteAddress)) {
      if (method !== 'POST') {
        const answer = api.answer({ method, route, body: '' }, faults, answerNames);
        return done(json(answer.status, answer.body, reader.mustCloseUnread(req)));
      }
      const tooLarge = JSON.stringify({ error: `a fault rule is at most ${api.maxBytes} bytes`, fix: 'send one rule at a time' }, null, 2);
      if (Number(reader.header(req, 'content-length') ?? 0) > api.maxBytes) return done(json(413, tooLarge, true));
      return reader.readText(req, api.maxBytes, (read) => {
        if (!read.ok) return done(read.reason === 'too-large' ? json(413, tooLarge, true) : undefined);
        const answer = api.answer({ method, route, body: read.text }, faults, answerNames);
        done(json(answer.status, answer.body, false));
      });
    }
    const answer = inspect({ method, route, query: target.query, remoteAddress }, tenant, access, page);
    if ('stream' in answer) return done({ status: 200, headers: {}, body: '', close: true, effect: { kind: 'events' } });
    // The inspection API reads no other body: an upload is bounded as on the webhook path.
    const close = reader.mustCloseUnread(req);
    if (answer.headers) return done({ status: answer.status, headers: answer.headers, body: answer.body, close });
    done(json(answer.status, answer.body as string, close));
  };

  /** The fault rule deciding a request, if any (no rules: nothing is looked at); the call shows it. */
  const decide = <R>(reader: RequestReader<R>, req: R, target: RequestTarget, call: CallRecord | undefined): FaultDecision | undefined => {
    if (faults.size === 0) return undefined;
    const auth = tenant.authorize(reader.header(req, 'authorization'));
    const key = auth.ok ? auth.key : undefined;
    const decision = faults.decide({ method: reader.method(req), extension: target.extension, key }, clock());
    if (decision && call) {
      call.answer = `fault:${decision.rule}`;
      call.keyHint = key?.hint;
      call.faultRule = decision.rule;
      if (decision.effect === 'drop') call.drop = decision.drop;
    }
    return decision;
  };

  /** `serve --replay`: the recorded answer a request matches, told by its framing alone (the body is never read), or undefined. */
  const replayed = <R>(reader: RequestReader<R>, req: R, target: RequestTarget, cassette: Cassette): CoreAnswer | undefined => {
    const size = sizeFromFraming(reader.header(req, 'content-length'), reader.header(req, 'transfer-encoding'), maxCharacters);
    if (size === undefined) return undefined;
    const authorization = reader.header(req, 'authorization');
    const recorded = findReplay(cassette, {
      method: reader.method(req),
      path: target.path,
      extension: target.extension,
      authorization,
      keyAccepted: tenant.authorize(authorization).ok,
      contentType: reader.header(req, 'content-type'),
      size,
    });
    if (recorded === undefined) return undefined;
    const headers = { ...Object.fromEntries(recorded.headers), 'Content-Length': recorded.body.length, 'x-ism-source': 'replay' };
    return { status: recorded.status, headers, body: recorded.body, close: size !== 'empty' && reader.mustCloseUnread(req) };
  };

  const execute = <R>(
    reader: RequestReader<R>,
    req: R,
    target: RequestTarget,
    call: CallRecord | undefined,
    done: Done,
    forward: Forward | undefined,
  ): void => {
    const method = reader.method(req);
    // A key sent as the extension is shown as its hint, in the access log and the journal alike (docs/decisions.md #19).
    if (call) call.extension = target.extension === undefined ? undefined : views.redact(target.extension);
    if (cors && isPreflight(method, reader.header(req, 'access-control-request-method'))) {
      if (call) call.answer = 'cors-preflight';
      return done({ status: 204, headers: preflightHeaders, body: '', close: reader.mustCloseUnread(req) });
    }
    if (forward) {
      // Outside the proxy's base path: not found, as on the reference; else every path is the upstream's.
      if (target.path === '') {
        if (call) call.answer = 'not-found';
        return done({ ...plainAnswers.notFound, close: true });
      }
      const decision = decide(reader, req, target, call);
      if (decision && !runsPipeline(decision)) return done(instead(decision, reader.mustCloseUnread(req)));
      return forward(target, decision, (answer) =>
        done(answer && decision && decision.effect !== 'latency' ? after(decision, answer, answer.close) : answer),
      );
    }
    if (options.replay) {
      const recorded = replayed(reader, req, target, options.replay);
      if (recorded) {
        if (call) call.answer = 'replay';
        return done(recorded);
      }
      return model(reader, req, target, call, (answer) =>
        done(answer && { ...answer, headers: { ...answer.headers, 'x-ism-source': 'model' } }),
      );
    }
    model(reader, req, target, call, done);
  };

  /** The reference's own answer: the OData reads, 404 off the Execute path, `Prefer`, fault rules, then the pipeline. */
  const model: Route = (reader, req, target, call, done) => {
    const method = reader.method(req);
    // The OData reads (docs/decisions.md #33, #34): answered as ISM's OData API answers them, never faulted.
    if (isODataRequest(method, target.path)) {
      const tenantUrl = `${requestOrigin(reader.target(req), reader.header(req, 'host'))}${basePath}`;
      const request = { method, path: target.path, query: target.query, authorization: reader.header(req, 'authorization'), tenantUrl };
      const answer = answerOData(request, tenant, odata);
      if (call) {
        call.answer = `odata:${answer.name}`;
        call.extension = undefined;
        call.keyHint = answer.key;
      }
      return done({ status: answer.status, headers: answer.headers, body: answer.body, close: reader.mustCloseUnread(req) });
    }
    if (target.path !== executePath) {
      if (call) {
        call.answer = 'not-found';
        call.extension = undefined;
      }
      return done({ ...plainAnswers.notFound, close: true });
    }
    if (prefer) {
      const preferred = preference(reader.header(req, 'prefer'), answers);
      if (preferred.kind === 'answer') {
        const { answer } = preferred;
        if (call) call.answer = `preferred:${answer.name}`;
        const headers = { ...answer.headers, 'Preference-Applied': `code=${answer.status}, example=${answer.name}` };
        return done({ ...answer, headers, close: reader.mustCloseUnread(req) });
      }
      if (preferred.kind === 'unknown') {
        if (call) call.answer = 'preferred:unknown';
        return done({ ...preferred, close: reader.mustCloseUnread(req) });
      }
    }
    // Fault rules decide here.
    const decision = decide(reader, req, target, call);
    if (decision && !runsPipeline(decision)) return done(instead(decision, reader.mustCloseUnread(req)));
    const rule = decision?.rule;
    const ruled: Tenant = rule === undefined ? tenant : { ...tenant, execute: (input) => tenant.execute({ ...input, faultRule: rule }) };
    runPipeline(reader, req, target, ruled, maxCharacters, clock(), (outcome) => {
      if ('notRun' in outcome) return done(undefined);
      if ('tooFragmented' in outcome) {
        if (call) call.answer = 'too-fragmented';
        return done({ ...plainAnswers.tooFragmented, close: true, effect: { kind: 'cut' } });
      }
      if ('error' in outcome) return done(fail(call, outcome.error));
      const answer = lookupAnswer(answers, outcome.answer);
      if (call) {
        call.answer = decision ? `${answer.name}+fault:${decision.rule}` : answer.name;
        call.keyHint = outcome.key;
        call.executionId = outcome.executionId;
      }
      done(decision ? after(decision, answer, outcome.bodyUnread) : (sent.get(answer.name) as CoreAnswer[])[outcome.bodyUnread ? 1 : 0]);
    });
  };

  return {
    tenant,
    faults,
    views,
    journal,
    basePath,
    clock,
    error,
    answer(reader, req, call, done, forward) {
      // A key sent in the path is shown as its hint, as in the extension: in the access log, the journal and its feed (docs/decisions.md #19).
      if (call) call.path = views.redact(call.path);
      try {
        const raw = reader.target(req);
        // An absolute-form target's authority names the server in place of Host (RFC 9112, 3.2.2): every fetch edge Request has one.
        const authority = targetAuthority(raw);
        if (authority === false) {
          if (call) call.answer = 'bad-request';
          return done({ ...plainAnswers.badRequest, close: true });
        }
        const target = underBasePath(parseRequestTarget(raw), basePath);
        const inspecting = target.path.startsWith(inspectionPrefix);
        // A page of another site, or one reaching us under a rebound name, is refused before any route (docs/decisions.md #17).
        const refused = screenRequest(
          {
            method: reader.method(req),
            inspection: inspecting,
            host: authority ?? reader.header(req, 'host'),
            origin: reader.header(req, 'origin'),
            secFetchSite: reader.header(req, 'sec-fetch-site'),
            secFetchMode: reader.header(req, 'sec-fetch-mode'),
            contentType: reader.header(req, 'content-type'),
          },
          allowedHosts,
        );
        if (refused) {
          if (call) call.answer = 'blocked';
          const headers = { ...refused.headers, 'Content-Length': utf8.encode(refused.body).length };
          return done({ ...refused, headers, close: reader.mustCloseUnread(req) });
        }
        if (inspecting) return inspection(reader, req, target, call, done);
        if (!cors) return execute(reader, req, target, call, done, forward);
        execute(
          reader,
          req,
          target,
          call,
          (answer) => done(answer && { ...answer, headers: { ...answer.headers, ...corsHeaders } }),
          forward,
        );
      } catch (cause) {
        done(fail(call, cause));
      }
    },
  };
}

const noAsset = (): undefined => undefined;
