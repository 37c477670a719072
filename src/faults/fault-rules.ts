import type { DropKind, FaultAnswer, FaultRuleConfig } from './fault-rule';
import { ruleLabel, unreachableBehind } from './fault-rule';
import { rateWindow, type RateWindow } from './rate-limit';
import type { Random } from './seeded-random';
import { createEmitter } from '../tenant/emitter';

/** What a rule decides needs to know of a request: no socket, no body. */
export interface FaultRequest {
  readonly method: string;
  readonly extension: string | undefined;
  /** The authorized key (name and hint `…8F90`), if the request carries an activated one. */
  readonly key: { readonly name: string; readonly hint: string } | undefined;
}

/**
 * What to do with one request, as a value: each edge applies it in its own way. An answer or a
 * drop of a rule that also has a latency comes after `delayMs`.
 */
export type FaultDecision = { readonly rule: string } & (
  | { readonly effect: 'latency'; readonly ms: number }
  | { readonly effect: 'answer'; readonly answer: FaultAnswer; readonly afterAction: boolean; readonly delayMs?: number }
  | { readonly effect: 'drop'; readonly drop: DropKind; readonly afterAction: boolean; readonly delayMs?: number }
  | { readonly effect: 'rateLimited'; readonly retryAfterSeconds: number }
);

/** Whether the request runs through the pipeline (the Action may run) before the fault applies. */
export function runsPipeline(decision: FaultDecision): boolean {
  if (decision.effect === 'latency') return true;
  if (decision.effect === 'rateLimited') return false;
  return decision.afterAction || (decision.effect === 'drop' && decision.drop === 'dribble');
}

/** A rule as `GET /_mock/faults` shows it. */
export interface FaultRuleView extends FaultRuleConfig {
  readonly id: string;
  readonly hits: number;
  /** Hits left before the rule retires, when it has `times`. */
  readonly remaining?: number;
  /** The id of an earlier rule that always decides every call this one matches: this one never applies. */
  readonly shadowedBy?: string;
}

/** What `GET /_mock/faults` says of the order in which rules are tried. */
export const ruleOrder = 'first matching rule decides';

/** What changed in the rules: the inspection page's feed follows them. */
export type FaultRulesEvent =
  | { readonly kind: 'added' | 'hit' | 'retired' | 'removed'; readonly id: string }
  | { readonly kind: 'cleared' };

export interface FaultRules {
  /** How many rules are active: 0 means the request path is untouched. */
  readonly size: number;
  /** The first active rule that matches and fires, counted as a hit; or undefined. */
  decide(request: FaultRequest, now: number): FaultDecision | undefined;
  list(): FaultRuleView[];
  add(config: FaultRuleConfig): FaultRuleView;
  remove(id: string): boolean;
  clear(): void;
  /** Watch rules added, hit, retired (times used up), removed and cleared; the function returned stops it. */
  subscribe(listener: (event: FaultRulesEvent) => void): () => void;
}

interface ActiveRule {
  readonly id: string;
  readonly config: FaultRuleConfig;
  hits: number;
  readonly window: RateWindow | undefined;
}

/**
 * The runtime store of rules, in order: the first that matches and fires decides (`ruleOrder`). Probabilities
 * and random latencies draw from `random` (seeded by `serve --seed N`); rate-limit windows use
 * the injected clock (`now`).
 */
export function createFaultRules(initial: readonly FaultRuleConfig[], random: Random): FaultRules {
  const rules: ActiveRule[] = [];
  let nextId = 1;
  const { emit, subscribe } = createEmitter<FaultRulesEvent>();
  const view = (rule: ActiveRule): FaultRuleView => {
    const shadow = unreachableBehind(rules, rules.indexOf(rule), (active) => active.config);
    return {
      id: rule.id,
      ...rule.config,
      hits: rule.hits,
      ...(rule.config.times !== undefined ? { remaining: rule.config.times - rule.hits } : {}),
      ...(shadow !== undefined ? { shadowedBy: shadow.id } : {}),
    };
  };
  const add = (config: FaultRuleConfig): FaultRuleView => {
    const rule: ActiveRule = {
      id: `f${nextId++}`,
      config,
      hits: 0,
      window: config.rateLimit ? rateWindow(config.rateLimit.requests, config.rateLimit.perSeconds) : undefined,
    };
    rules.push(rule);
    emit({ kind: 'added', id: rule.id });
    return view(rule);
  };
  initial.forEach(add);

  const fire = (rule: ActiveRule, request: FaultRequest, now: number): FaultDecision | undefined => {
    const { config } = rule;
    const label = ruleLabel(rule);
    if (rule.window) {
      // Per key: a request without an activated key is the tenant's to refuse (401), not the limit's.
      if (!request.key) return undefined;
      const retryAfterSeconds = rule.window.take(request.key.name, now);
      return retryAfterSeconds === undefined ? undefined : { rule: label, effect: 'rateLimited', retryAfterSeconds };
    }
    const latency = config.latency as { ms?: number; minMs?: number; maxMs?: number } | undefined;
    const ms =
      latency === undefined
        ? undefined
        : (latency.ms ?? (latency.minMs as number) + Math.floor(random() * ((latency.maxMs as number) - (latency.minMs as number) + 1)));
    const delay = ms === undefined ? {} : { delayMs: ms };
    const afterAction = config.afterAction ?? false;
    if (config.answer) return { rule: label, effect: 'answer', answer: config.answer, afterAction, ...delay };
    if (config.drop) return { rule: label, effect: 'drop', drop: config.drop, afterAction, ...delay };
    return { rule: label, effect: 'latency', ms: ms as number };
  };

  return {
    get size() {
      return rules.length;
    },
    decide(request, now) {
      for (let index = 0; index < rules.length; index++) {
        const rule = rules[index] as ActiveRule;
        if (!matches(rule.config, request)) continue;
        const probability = rule.config.probability ?? 1;
        if (probability < 1 && random() >= probability) continue;
        const decision = fire(rule, request, now);
        if (!decision) continue;
        rule.hits++;
        if (rule.config.times !== undefined && rule.hits >= rule.config.times) {
          rules.splice(index, 1);
          emit({ kind: 'retired', id: rule.id });
        } else {
          emit({ kind: 'hit', id: rule.id });
        }
        return decision;
      }
      return undefined;
    },
    list: () => rules.map(view),
    add,
    remove(id) {
      const index = rules.findIndex((rule) => rule.id === id);
      if (index === -1) return false;
      rules.splice(index, 1);
      emit({ kind: 'removed', id });
      return true;
    },
    clear() {
      rules.length = 0;
      emit({ kind: 'cleared' });
    },
    subscribe,
  };
}

function matches(config: FaultRuleConfig, request: FaultRequest): boolean {
  const match = config.match ?? {};
  // What `match` leaves open means the Execute operation, where the spec says an injected answer
  // can occur: POST with an extension. Other methods, and a missing extension, get their own
  // answers first, unless a rule names them (docs/decisions.md #21).
  if (match.method === undefined && request.method !== 'POST') return false;
  if (match.extension === undefined && request.extension === undefined) return false;
  if (match.extension !== undefined && match.extension !== request.extension) return false;
  if (match.method !== undefined && match.method !== request.method) return false;
  if (match.key !== undefined) {
    const key = request.key;
    if (!key || (match.key !== key.name && match.key !== key.hint.slice(-4))) return false;
  }
  return true;
}
