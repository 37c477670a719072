import {
  alwaysDecidesBefore,
  checkRule,
  createFaultRules,
  effectInWords,
  effectProblems,
  rateWindow,
  seededRandom,
  summarizeRule,
  type FaultRequest,
  type FaultRuleConfig,
  type FaultRulesEvent,
} from '../../src/faults';

const key = { name: 'integration', hint: '…8F90' };
const request = (overrides: Partial<FaultRequest> = {}): FaultRequest => ({
  method: 'POST',
  extension: 'MyTestWebhook',
  key,
  ...overrides,
});
const answerNames = new Set(['executed', 'bodyTooLong', 'tooManyRequests']);

describe('matching: the first active rule that matches decides', () => {
  test.each<[string, FaultRuleConfig['match'], Partial<FaultRequest>, boolean]>([
    ['no match: every request', undefined, {}, true],
    ['the extension', { extension: 'MyTestWebhook' }, {}, true],
    ['another extension', { extension: 'MyXmlWebhook' }, {}, false],
    ['the extension, case-sensitively', { extension: 'mytestwebhook' }, {}, false],
    ['the method', { method: 'POST' }, {}, true],
    ['another method', { method: 'GET' }, {}, false],
    ["the key's name", { key: 'integration' }, {}, true],
    ["the key's last 4 characters", { key: '8F90' }, {}, true],
    ['another key', { key: 'other' }, {}, false],
    ['a key, when the request has no activated key', { key: 'integration' }, { key: undefined }, false],
    ['all three', { extension: 'MyTestWebhook', method: 'POST', key: '8F90' }, {}, true],
  ])('%s', (_label, match, overrides, hits) => {
    const rules = createFaultRules([{ name: 'r', match, drop: 'reset' }], seededRandom(1));
    expect(rules.decide(request(overrides), 0)?.rule).toBe(hits ? 'r' : undefined);
  });

  test('rules are tried in order; an unnamed rule is named by its id', () => {
    const rules = createFaultRules(
      [{ match: { extension: 'Other' }, drop: 'reset' }, { drop: 'hang' }, { name: 'third', drop: 'close' }],
      seededRandom(1),
    );
    expect(rules.decide(request(), 0)).toEqual({ rule: 'f2', effect: 'drop', drop: 'hang', afterAction: false });
  });
});

describe('times: a rule retires after that many hits', () => {
  test('two hits, then the next rule', () => {
    const rules = createFaultRules(
      [
        { name: 'twice', times: 2, answer: { status: 503 } },
        { name: 'after', latency: { ms: 5 } },
      ],
      seededRandom(1),
    );
    const seen = Array.from({ length: 4 }, () => rules.decide(request(), 0)?.rule);
    expect(seen).toEqual(['twice', 'twice', 'after', 'after']);
    expect(rules.list().map((rule) => rule.id)).toEqual(['f2']);
  });

  test('the list shows hits and what remains', () => {
    const rules = createFaultRules([{ name: 'thrice', times: 3, drop: 'reset' }], seededRandom(1));
    rules.decide(request(), 0);
    expect(rules.list()).toEqual([{ id: 'f1', name: 'thrice', times: 3, drop: 'reset', hits: 1, remaining: 2 }]);
  });
});

describe('probability and random latency, with a seed', () => {
  const run = (seed: number): (string | undefined)[] => {
    const rules = createFaultRules([{ name: 'coin', probability: 0.3, drop: 'reset' }], seededRandom(seed));
    return Array.from({ length: 1000 }, () => rules.decide(request(), 0)?.rule);
  };

  test('the same seed gives the same hits; another seed other hits', () => {
    expect(run(42)).toEqual(run(42));
    expect(run(43)).not.toEqual(run(42));
  });

  test('about the share asked for (seeded: the count is fixed, the bounds only say it is sane)', () => {
    const hits = run(42).filter(Boolean).length;
    expect(hits).toBeGreaterThan(230);
    expect(hits).toBeLessThan(370);
  });

  test.each([0, 1])('probability %d: never or always', (probability) => {
    const rules = createFaultRules([{ name: 'p', probability, drop: 'reset' }], seededRandom(7));
    const hits = Array.from({ length: 100 }, () => rules.decide(request(), 0)).filter(Boolean).length;
    expect(hits).toBe(probability * 100);
  });

  test('a random latency lies within its bounds, covers them, and repeats with the seed', () => {
    const draw = (seed: number): number[] => {
      const rules = createFaultRules([{ latency: { minMs: 100, maxMs: 104 } }], seededRandom(seed));
      return Array.from({ length: 200 }, () => {
        const decision = rules.decide(request(), 0);
        return decision?.effect === 'latency' ? decision.ms : -1;
      });
    };
    const values = draw(5);
    expect(new Set(values)).toEqual(new Set([100, 101, 102, 103, 104]));
    expect(draw(5)).toEqual(values);
  });
});

describe('rate-limit windows (an injected clock)', () => {
  test('past the allowance per key, a 429 with the seconds until a slot frees', () => {
    const window = rateWindow(2, 10);
    expect([window.take('a', 0), window.take('a', 1_000), window.take('a', 2_000)]).toEqual([undefined, undefined, 8]);
    expect(window.take('b', 2_000)).toBeUndefined(); // per key
    expect(window.take('a', 9_999)).toBe(1);
    expect(window.take('a', 10_000)).toBeUndefined(); // the first left the window
    expect(window.take('a', 10_500)).toBe(1);
  });

  test('as a rule: refused requests are the hits, and a request without a key is not limited', () => {
    const rules = createFaultRules([{ name: 'limit', rateLimit: { requests: 1, perSeconds: 5 } }], seededRandom(1));
    expect(rules.decide(request(), 0)).toBeUndefined();
    expect(rules.decide(request(), 1_000)).toEqual({ rule: 'limit', effect: 'rateLimited', retryAfterSeconds: 4 });
    expect(rules.decide(request({ key: undefined }), 1_000)).toBeUndefined();
    expect(rules.list()[0]?.hits).toBe(1);
  });
});

describe('what the schema cannot say', () => {
  test.each<[string, FaultRuleConfig, string | undefined]>([
    ['one effect', { drop: 'reset' }, undefined],
    ['no effect', { name: 'x' }, 'the rule has no effect'],
    ['latency with drop', { drop: 'reset', latency: { ms: 1 } }, undefined],
    ['latency with answer', { answer: { status: 503 }, latency: { ms: 1 } }, undefined],
    ['latency with answer, after the Action', { answer: { status: 503 }, latency: { ms: 1 }, afterAction: true }, undefined],
    ['answer with drop', { answer: { status: 503 }, drop: 'reset' }, 'the rule has both answer and drop'],
    ['answer with drop and latency', { answer: { status: 503 }, drop: 'reset', latency: { ms: 1 } }, 'the rule has both answer and drop'],
    ['rateLimit with latency', { rateLimit: { requests: 1, perSeconds: 1 }, latency: { ms: 1 } }, 'rateLimit goes alone, not with latency'],
    [
      'rateLimit with answer and drop',
      { rateLimit: { requests: 1, perSeconds: 1 }, answer: { status: 503 }, drop: 'reset' },
      'rateLimit goes alone, not with answer, drop',
    ],
    [
      'a latency of both forms',
      { latency: { ms: 1, minMs: 1, maxMs: 2 } } as FaultRuleConfig,
      'the latency is neither { ms } nor { minMs, maxMs }',
    ],
    [
      'a range without maxMs',
      { latency: { minMs: 1 } } as unknown as FaultRuleConfig,
      'the latency is neither { ms } nor { minMs, maxMs }',
    ],
    ['min above max', { latency: { minMs: 9, maxMs: 2 } }, 'maxMs (2) is less than minMs (9)'],
    [
      'an answer of both forms',
      { answer: { name: 'executed', status: 200 } } as unknown as FaultRuleConfig,
      'the answer is neither { name } nor { status, ... }',
    ],
    [
      'an answer without a status',
      { answer: { body: 'x' } } as unknown as FaultRuleConfig,
      'the answer is neither { name } nor { status, ... }',
    ],
    ['an unknown answer name', { answer: { name: 'nope' } }, "'nope' is not a named answer of the spec"],
    ['afterAction with latency', { afterAction: true, latency: { ms: 1 } }, 'afterAction applies to answer and drop only'],
  ])('%s', (_label, rule, message) => {
    expect(effectProblems(rule, answerNames)[0]?.message).toBe(message);
  });
});

describe('a rule posted as JSON is checked like a data file: line, column, fix', () => {
  test.each([
    ['{"drop":"reset"}', undefined],
    [
      '{"drop": "explode"}',
      { line: 1, column: 10, where: 'drop', message: 'must be one of reset, close, hang, dribble, got string "explode"' },
    ],
    ['{\n  "drop": "reset",\n  "typo": 1\n}', { line: 3, column: 3, where: 'typo', message: "unknown field 'typo'" }],
    [
      '{\n  "latency": { "minMs": 9, "maxMs": 2 }\n}',
      { line: 2, column: 37, where: 'latency.maxMs', message: 'maxMs (2) is less than minMs (9)' },
    ],
    [
      '{"probability": 2, "drop": "hang"}',
      { line: 1, column: 17, where: 'probability', message: 'must be a number from 0 to 1, got number 2' },
    ],
    ['not json', { message: expect.stringMatching(/^not JSON/) }],
  ])('%s', (text, problem) => {
    const checked = checkRule(text, answerNames);
    if (problem === undefined) expect(checked.ok).toBe(true);
    else expect(checked.ok ? [] : checked.problems[0]).toMatchObject(problem);
    if (!checked.ok) expect(checked.problems[0]?.fix.length).toBeGreaterThan(0);
  });
});

describe('the inspection page sees rules in words, and follows their changes', () => {
  test.each<[FaultRuleConfig, string]>([
    [{ latency: { ms: 300 } }, 'latency 300 ms'],
    [{ latency: { minMs: 100, maxMs: 900 } }, 'latency 100 to 900 ms'],
    [{ answer: { status: 503, body: 'x'.repeat(1000) } }, 'answer 503'],
    [{ answer: { name: 'bodyTooLong' } }, 'answer bodyTooLong'],
    [{ answer: { status: 502 }, afterAction: true }, 'answer 502 after the Action'],
    [{ drop: 'reset' }, 'drop: reset'],
    [{ drop: 'close', afterAction: true }, 'drop: close after the Action'],
    [{ rateLimit: { requests: 5, perSeconds: 10 } }, 'rate limit 5 per 10 s'],
    [{ latency: { ms: 300 }, answer: { status: 503 } }, 'latency 300 ms, then answer 503'],
    [{ latency: { minMs: 1, maxMs: 9 }, drop: 'reset', afterAction: true }, 'latency 1 to 9 ms, then drop: reset after the Action'],
  ])('%j: %s', (config, words) => {
    expect(effectInWords(config)).toBe(words);
  });

  test('a summary: no answer body, probability defaulted, hits and what remains', () => {
    const rules = createFaultRules(
      [{ name: 'down', match: { extension: 'MyTestWebhook' }, times: 3, answer: { status: 503, body: 'x'.repeat(1000) } }],
      seededRandom(1),
    );
    rules.decide(request(), 0);
    expect(rules.list().map(summarizeRule)).toEqual([
      {
        id: 'f1',
        name: 'down',
        match: { extension: 'MyTestWebhook' },
        effect: 'answer 503',
        probability: 1,
        hits: 1,
        remaining: 2,
        shadowedBy: undefined,
      },
    ]);
  });

  test('a rule that never applies names the rule that always decides first', () => {
    const rules = createFaultRules([{ name: 'slow', latency: { ms: 300 } }, { answer: { status: 503 } }], seededRandom(1));
    expect(rules.list().map(summarizeRule)[1]?.shadowedBy).toBe("f1 ('slow')");
  });

  test('added, hit, retired, removed, cleared: each is told to who watches, and to nobody once it stops', () => {
    const rules = createFaultRules([], seededRandom(1));
    const seen: FaultRulesEvent[] = [];
    const stop = rules.subscribe((event) => seen.push(event));
    rules.add({ name: 'once', times: 2, drop: 'reset' });
    rules.add({ drop: 'hang', match: { extension: 'Other' } });
    rules.decide(request(), 0);
    rules.decide(request(), 0);
    rules.decide(request(), 0); // no rule matches: nothing changes
    rules.remove('f2');
    rules.remove('f2');
    rules.clear();
    stop();
    rules.add({ drop: 'close' });
    expect(seen).toEqual([
      { kind: 'added', id: 'f1' },
      { kind: 'added', id: 'f2' },
      { kind: 'hit', id: 'f1' },
      { kind: 'retired', id: 'f1' },
      { kind: 'removed', id: 'f2' },
      { kind: 'cleared' },
    ]);
  });
});

describe('a latency with an answer or a drop: the delay, then the answer or drop', () => {
  test.each<[string, FaultRuleConfig, object]>([
    [
      'answer',
      { latency: { ms: 40 }, answer: { status: 503 } },
      { effect: 'answer', answer: { status: 503 }, afterAction: false, delayMs: 40 },
    ],
    ['drop', { latency: { ms: 40 }, drop: 'reset' }, { effect: 'drop', drop: 'reset', afterAction: false, delayMs: 40 }],
    ['answer alone: no delay', { answer: { status: 503 } }, { effect: 'answer', answer: { status: 503 }, afterAction: false }],
    ['latency alone', { latency: { ms: 40 } }, { effect: 'latency', ms: 40 }],
  ])('%s', (_label, config, decision) => {
    const rules = createFaultRules([config], seededRandom(1));
    expect(rules.decide(request(), 0)).toEqual({ rule: 'f1', ...decision });
  });
});

describe('first matching rule decides: a rule an earlier one always decides before never applies', () => {
  test.each<[string, FaultRuleConfig, FaultRuleConfig, boolean]>([
    ['every call, then an answer', { latency: { ms: 1 } }, { answer: { status: 503 } }, true],
    ['every call, then an extension', { drop: 'reset' }, { match: { extension: 'X' }, drop: 'close' }, true],
    ['the same extension', { match: { extension: 'X' }, drop: 'reset' }, { match: { extension: 'X', key: 'k' }, drop: 'close' }, true],
    ['POST is what match leaves open', { match: { method: 'POST' }, drop: 'reset' }, { drop: 'close' }, true],
    ['another extension', { match: { extension: 'X' }, drop: 'reset' }, { match: { extension: 'Y' }, drop: 'close' }, false],
    ['an extension, then every call', { match: { extension: 'X' }, drop: 'reset' }, { drop: 'close' }, false],
    ['a key, then every key', { match: { key: 'k' }, drop: 'reset' }, { drop: 'close' }, false],
    ['another method', { drop: 'reset' }, { match: { method: 'GET' }, drop: 'close' }, false],
    ['a probability below 1', { probability: 0.5, drop: 'reset' }, { drop: 'close' }, false],
    ['a rule that retires', { times: 3, drop: 'reset' }, { drop: 'close' }, false],
    ['a rate limit lets calls through', { rateLimit: { requests: 1, perSeconds: 1 } }, { drop: 'close' }, false],
  ])('%s: %s', (_label, earlier, later, never) => {
    expect(alwaysDecidesBefore(earlier, later)).toBe(never);
    const rules = createFaultRules([earlier, later], seededRandom(1));
    expect(rules.list()[1]?.shadowedBy).toBe(never ? 'f1' : undefined);
  });

  test('the warning goes when the earlier rule goes', () => {
    const rules = createFaultRules([{ latency: { ms: 1 } }, { answer: { status: 503 } }], seededRandom(1));
    rules.remove('f1');
    expect(rules.list()[0]?.shadowedBy).toBeUndefined();
  });
});
