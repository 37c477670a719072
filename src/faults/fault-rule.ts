import { reservedFaultHeaders } from '../core/fault-answer-headers';

/**
 * A fault rule: what the reference tenant does instead of (or on top of) answering normally, for
 * integrators who test their own caller against a tenant that is slow, throttles, fails or drops
 * the connection. Rules come from the tenant file (`faults:`) and from `POST /_mock/faults`; both
 * are checked with `faultRuleSchema`, then with `effectProblems`.
 */

/** What happens to the connection: reset before any answer, close after the headers, never answer, answer a few bytes at a time. */
export const dropKinds = ['reset', 'close', 'hang', 'dribble'] as const;
export type DropKind = (typeof dropKinds)[number];

export interface FaultMatch {
  /** The webhook extension, compared case-sensitively. */
  readonly extension?: string;
  /** The HTTP method, upper case. */
  readonly method?: string;
  /** The key's name in the tenant file, or the last four characters of its Reference ID. */
  readonly key?: string;
}

/** An answer of the rule's own, or a named answer of the spec (`{ name: bodyTooLong }`). */
export type FaultAnswer =
  | { readonly name: string }
  | { readonly status: number; readonly headers?: Readonly<Record<string, string>>; readonly body?: string; readonly contentType?: string };

export type Latency = { readonly ms: number } | { readonly minMs: number; readonly maxMs: number };

export interface FaultRuleConfig {
  readonly name?: string;
  readonly match?: FaultMatch;
  /** Chance that the rule applies to a matching request, 0 to 1 (default 1). */
  readonly probability?: number;
  /** The rule retires after this many hits (default: never). */
  readonly times?: number;
  /** With `answer` or `drop`: run the Action first (the record exists), then fail. */
  readonly afterAction?: boolean;
  /** Alone: the right answer, later. With `answer` or `drop`: the delay, then the answer or drop. */
  readonly latency?: Latency;
  readonly answer?: FaultAnswer;
  readonly drop?: DropKind;
  readonly rateLimit?: { readonly requests: number; readonly perSeconds: number };
}

export const effectNames = ['latency', 'answer', 'drop', 'rateLimit'] as const;

/** Statuses whose answer never has content (RFC 9110 15.3.5 204, 15.3.6 205, 15.4.5 304): a rule gives them no body or type. */
export const noContentStatuses: ReadonlySet<number> = new Set([204, 205, 304]);

/** RFC 9110 8.3.1: `type/subtype` (tokens), then `; name=value` parameters of printable text. */
const token = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const mediaTypePattern = `^${token}/${token}([ \\t]*;[ \\t]*${token}=(${token}|"[\\t\\x20-\\x7e]*"))*$`;

const milliseconds = { type: 'integer', minimum: 0, maximum: 600_000, description: 'give milliseconds from 0 to 600,000' } as const;
const text = (description: string) => ({ type: 'string', minLength: 1, maxLength: 256, description }) as const;

/** JSON Schema (2020-12) of one rule. Each `description` is the fix for a wrong value. */
export const faultRuleSchema = {
  type: 'object',
  description:
    'write a rule as { name, match, one of latency/answer/drop/rateLimit (latency may go with answer or drop), probability, times, afterAction }',
  additionalProperties: false,
  properties: {
    name: text('give the rule a name of 1 to 256 characters'),
    match: {
      type: 'object',
      description: 'write match: { extension, method, key }',
      additionalProperties: false,
      properties: {
        extension: text('give the webhook extension (case-sensitive)'),
        method: {
          type: 'string',
          pattern: '^[A-Z]{1,20}$',
          $comment: 'an HTTP method in upper case',
          description: 'write the method in upper case, e.g. POST',
        },
        key: text("give the key's name from apiKeys, or the last 4 characters of its Reference ID"),
      },
    },
    probability: { type: 'number', minimum: 0, maximum: 1, description: 'give a probability from 0 to 1' },
    times: { type: 'integer', minimum: 1, maximum: 1_000_000, description: 'give how many hits before the rule retires, 1 to 1,000,000' },
    afterAction: { type: 'boolean', description: 'write true to run the Action before the fault' },
    latency: {
      type: 'object',
      description: 'write latency: { ms } or latency: { minMs, maxMs }',
      additionalProperties: false,
      properties: { ms: milliseconds, minMs: milliseconds, maxMs: milliseconds },
    },
    answer: {
      type: 'object',
      description: 'write answer: { status, headers, body, contentType } or answer: { name } (a named answer of the spec)',
      additionalProperties: false,
      properties: {
        name: {
          type: 'string',
          pattern: '^[A-Za-z][A-Za-z0-9]{0,63}$',
          $comment: 'the name of an example of the spec, e.g. bodyTooLong',
          description: 'use a named answer of the spec',
        },
        status: { type: 'integer', minimum: 200, maximum: 599, description: 'give an HTTP status from 200 to 599' },
        headers: {
          type: 'object',
          maxProperties: 50,
          description: 'map at most 50 header names to text values',
          propertyNames: {
            pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$",
            $comment: 'an HTTP header name',
            description: 'use a valid header name',
          },
          additionalProperties: {
            type: 'string',
            pattern: '^[\\t\\x20-\\x7e]{0,1000}$',
            $comment: 'printable ASCII text',
            description: 'write the header value as printable text',
          },
        },
        body: { type: 'string', maxLength: 100_000, description: 'give a body of at most 100,000 characters' },
        contentType: {
          type: 'string',
          maxLength: 256,
          pattern: mediaTypePattern,
          $comment: 'a media type (RFC 9110 8.3.1): type/subtype, then parameters',
          description: 'give a media type, e.g. text/plain; charset=utf-8',
        },
      },
    },
    drop: { enum: [...dropKinds] },
    rateLimit: {
      type: 'object',
      description: 'write rateLimit: { requests, perSeconds }',
      additionalProperties: false,
      required: ['requests', 'perSeconds'],
      properties: {
        requests: { type: 'integer', minimum: 1, maximum: 1_000_000, description: 'give how many requests a window allows, at least 1' },
        perSeconds: { type: 'integer', minimum: 1, maximum: 86_400, description: 'give the window in seconds, 1 to 86,400' },
      },
    },
  },
} as const;

/** A rule problem the schema cannot express, at a field of the rule. */
export interface RuleProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly fix: string;
}

/**
 * What the schema cannot say: one effect (or a latency with an answer or a drop), a latency of one form with min <= max, an
 * answer of one form, afterAction only where it means something, an answer name the spec has.
 */
export function effectProblems(rule: FaultRuleConfig, answerNames: ReadonlySet<string> | undefined): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const effects = effectNames.filter((effect) => rule[effect] !== undefined);
  if (effects.length === 0) {
    problems.push({
      path: [],
      message: 'the rule has no effect',
      fix: 'give one of latency, answer, drop, rateLimit (latency may go with answer or drop: the delay comes first)',
    });
  } else if (rule.rateLimit !== undefined && effects.length > 1) {
    problems.push({
      path: [effects.find((effect) => effect !== 'rateLimit') as string],
      message: `rateLimit goes alone, not with ${effects.filter((effect) => effect !== 'rateLimit').join(', ')}`,
      fix: 'write a rule of its own after the rateLimit: a rate limit only decides which calls it refuses (429), and the calls it lets through go on to the next rule',
    });
  } else if (rule.answer !== undefined && rule.drop !== undefined) {
    problems.push({
      path: ['drop'],
      message: 'the rule has both answer and drop',
      fix: 'give answer or drop, not both (a dropped call gets no answer); latency may go with either',
    });
  }
  const latency = rule.latency as { ms?: number; minMs?: number; maxMs?: number } | undefined;
  if (latency) {
    const fixed = latency.ms !== undefined;
    const ranged = latency.minMs !== undefined || latency.maxMs !== undefined;
    if (fixed === ranged || (ranged && (latency.minMs === undefined || latency.maxMs === undefined))) {
      problems.push({
        path: ['latency'],
        message: 'the latency is neither { ms } nor { minMs, maxMs }',
        fix: 'write latency: { ms: 300 } or latency: { minMs: 100, maxMs: 900 }',
      });
    } else if (ranged && (latency.minMs as number) > (latency.maxMs as number)) {
      problems.push({
        path: ['latency', 'maxMs'],
        message: `maxMs (${latency.maxMs}) is less than minMs (${latency.minMs})`,
        fix: 'make maxMs at least minMs',
      });
    }
  }
  const answer = rule.answer as { name?: string; status?: number; headers?: object; body?: string; contentType?: string } | undefined;
  if (answer) {
    const named = answer.name !== undefined;
    const own =
      answer.status !== undefined || answer.headers !== undefined || answer.body !== undefined || answer.contentType !== undefined;
    if (named === own || (own && answer.status === undefined)) {
      problems.push({
        path: ['answer'],
        message: 'the answer is neither { name } nor { status, ... }',
        fix: 'write answer: { name: bodyTooLong } or answer: { status: 503, body: ... }',
      });
    } else if (named && answerNames && !answerNames.has(answer.name as string)) {
      problems.push({
        path: ['answer', 'name'],
        message: `'${answer.name}' is not a named answer of the spec`,
        fix: `use one of: ${[...answerNames].sort().join(', ')}`,
      });
    }
    const bodiless = answer.status !== undefined && noContentStatuses.has(answer.status);
    if (bodiless && (answer.body !== undefined || answer.contentType !== undefined)) {
      problems.push({
        path: ['answer', answer.body !== undefined ? 'body' : 'contentType'],
        message: `a ${answer.status} answer has no content (RFC 9110 15.3.5, 15.3.6, 15.4.5)`,
        fix: 'remove body and contentType, or give a status that carries content, e.g. 200',
      });
    }
    for (const name of Object.keys(answer.headers ?? {})) {
      if (!reservedFaultHeaders.has(name.toLowerCase())) continue;
      problems.push({
        path: ['answer', 'headers', name],
        message: `a rule may not set ${name}`,
        fix:
          name.toLowerCase() === 'content-type'
            ? 'give the type as answer.contentType'
            : 'remove it: the server writes framing, connection and security headers itself, and sends no cookies',
      });
    }
  }
  if (rule.afterAction && rule.answer === undefined && rule.drop === undefined) {
    problems.push({
      path: ['afterAction'],
      message: 'afterAction applies to answer and drop only',
      fix: 'remove afterAction, or use it with answer or drop',
    });
  }
  return problems;
}

/** How a rule is shown: its name, or its id. */
export function ruleLabel(rule: { readonly id: string; readonly config: FaultRuleConfig }): string {
  return rule.config.name ?? rule.id;
}

/**
 * Whether `earlier` decides every call `later` would match, always (the first matching rule
 * decides): its match takes in all of `later`'s, its probability is 1, it never retires, and it
 * is not a rate limit (which passes the calls it lets through to the next rule). `later` can then
 * never apply. What `match` leaves open is the Execute operation: POST, with an extension.
 */
export function alwaysDecidesBefore(earlier: FaultRuleConfig, later: FaultRuleConfig): boolean {
  if ((earlier.probability ?? 1) < 1 || earlier.times !== undefined || earlier.rateLimit !== undefined) return false;
  const wide = earlier.match ?? {};
  const narrow = later.match ?? {};
  if ((wide.method ?? 'POST') !== (narrow.method ?? 'POST')) return false;
  if (wide.extension !== undefined && wide.extension !== narrow.extension) return false;
  if (wide.key !== undefined && wide.key !== narrow.key) return false;
  return true;
}

/** The first rule before `rules[index]` that always decides before it, or undefined. */
export function unreachableBehind<R>(rules: readonly R[], index: number, config: (rule: R) => FaultRuleConfig): R | undefined {
  const later = rules[index] as R;
  return rules.slice(0, index).find((earlier) => alwaysDecidesBefore(config(earlier), config(later)));
}

/**
 * A warning for each rule of a list (a tenant file's `faults:`) that never applies, naming the
 * earlier rule that always decides first: a warning, not an error (the rule may be meant for
 * later, once the earlier one is deleted through `/_mock/faults`).
 */
export function unreachableRuleWarnings(rules: readonly FaultRuleConfig[]): string[] {
  const named = (index: number): string => {
    const name = rules[index]?.name;
    return name === undefined ? `faults[${index}]` : `faults[${index}] ('${name}')`;
  };
  return rules.flatMap((_rule, index) => {
    const earlier = unreachableBehind(rules, index, (rule) => rule);
    if (earlier === undefined) return [];
    return [
      `${named(index)} never applies: ${named(rules.indexOf(earlier))} matches every call it matches, always, and the first matching rule decides (move it first, or give both effects in one rule)`,
    ];
  });
}
