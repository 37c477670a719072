import { main } from '../../cli/main';
import { captureIo } from './cli-io';

/** Starts `ism-webhooks mock --port 0` (the pinned Prism) in-process; `stop` resolves to its exit code. */
export async function startPrismMock(): Promise<{ base: string; stop: () => Promise<number> }> {
  const io = captureIo();
  const exited = main(['mock', '--port', '0'], io);
  const base = (await io.waitFor(/listening on (http:\/\/\S+)/, 60_000))[1] as string;
  return {
    base,
    stop: () => {
      io.stop();
      return exited;
    },
  };
}

/**
 * Starts the mock before the file's tests and stops it after (checking it exits 0); `base()` is
 * its URL once started.
 */
export function usePrismMock(): { base: () => string } {
  let mock: Awaited<ReturnType<typeof startPrismMock>> | undefined;
  beforeAll(async () => {
    mock = await startPrismMock();
  }, 90_000);
  afterAll(async () => {
    expect(await mock?.stop()).toBe(0);
  });
  return {
    base: () => {
      if (!mock) throw new Error('the Prism mock is not started yet');
      return mock.base;
    },
  };
}
