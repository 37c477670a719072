import { main } from '../../src/cli/main';
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
