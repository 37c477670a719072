import { createPacer } from '../../conformance/runner/run-scenarios';

/** A clock that only moves when the pacer sleeps, or when a request "takes" time. */
function fakeClock() {
  let time = 0;
  const sleeps: number[] = [];
  return {
    clock: {
      now: () => time,
      sleep: async (ms: number) => {
        sleeps.push(ms);
        time += ms;
      },
    },
    advance: (ms: number) => {
      time += ms;
    },
    sleeps,
  };
}

test.each([
  ['no delay: never sleeps', 0, [0, 0, 0], []],
  ['a delay spaces the starts of requests that take no time', 150, [0, 0, 0], [150, 150]],
  ['time spent on a request counts towards the delay', 150, [100, 40, 0], [50, 110]],
  ['a request slower than the delay needs no sleep', 150, [200, 0, 0], [150]],
])('%s', async (_label, delay, spent, wantSleeps) => {
  const fake = fakeClock();
  const pacer = createPacer(delay, 10, fake.clock);
  for (const ms of spent) {
    expect(await pacer.next()).toBe(true);
    fake.advance(ms);
  }
  expect(fake.sleeps).toEqual(wantSleeps);
  expect(pacer.sent()).toBe(spent.length);
});

test('the budget: the request after the last allowed one is refused, without sleeping', async () => {
  const fake = fakeClock();
  const pacer = createPacer(100, 2, fake.clock);
  expect([await pacer.next(), await pacer.next(), await pacer.next()]).toEqual([true, true, false]);
  expect(fake.sleeps).toEqual([100]);
  expect(pacer.sent()).toBe(2);
});
