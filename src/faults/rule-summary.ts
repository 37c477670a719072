import type { FaultRuleConfig } from './fault-rule';
import type { FaultRuleView } from './fault-rules';

/**
 * A rule as the inspection page shows it: what it matches and its effect in words, never the
 * answer body it would send (up to 100,000 characters), so that a page's feed stays small.
 */
export interface FaultRuleSummary {
  readonly id: string;
  readonly name: string | undefined;
  /** Absent: every call. */
  readonly match: FaultRuleConfig['match'];
  /** e.g. `latency 300 ms`, `answer 503`, `drop: reset after the Action`, `rate limit 5 per 10 s`. */
  readonly effect: string;
  readonly probability: number;
  readonly hits: number;
  /** Hits left before the rule retires; absent when it never retires. */
  readonly remaining: number | undefined;
  /** Why the rule never applies: the earlier rule that always decides first, as `f1 ('slow')`; absent when it can apply. */
  readonly shadowedBy: string | undefined;
}

export function summarizeRule(rule: FaultRuleView, index: number, rules: readonly FaultRuleView[]): FaultRuleSummary {
  const earlier = rules.slice(0, index).find((other) => other.id === rule.shadowedBy);
  return {
    id: rule.id,
    name: rule.name,
    match: rule.match,
    effect: effectInWords(rule),
    probability: rule.probability ?? 1,
    hits: rule.hits,
    remaining: rule.remaining,
    shadowedBy: earlier === undefined ? undefined : earlier.name === undefined ? earlier.id : `${earlier.id} ('${earlier.name}')`,
  };
}

/** The rule's effect in a few words: `latency 300 ms, then answer 503` for a latency with an answer. */
export function effectInWords(rule: FaultRuleConfig): string {
  const after = rule.afterAction ? ' after the Action' : '';
  const latency =
    rule.latency === undefined
      ? undefined
      : 'ms' in rule.latency
        ? `latency ${rule.latency.ms} ms`
        : `latency ${rule.latency.minMs} to ${rule.latency.maxMs} ms`;
  const then = latency === undefined ? '' : `${latency}, then `;
  if (rule.answer) return `${then}${'name' in rule.answer ? `answer ${rule.answer.name}` : `answer ${rule.answer.status}`}${after}`;
  if (rule.drop) return `${then}drop: ${rule.drop}${after}`;
  if (latency) return latency;
  if (rule.rateLimit) return `rate limit ${rule.rateLimit.requests} per ${rule.rateLimit.perSeconds} s`;
  return 'no effect';
}
