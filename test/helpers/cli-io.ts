import type { CliIo } from '../../cli/io';

/** A CliIo that records what a command prints and lets the test ask it to stop. */
export interface CapturedIo extends CliIo {
  out(): string;
  err(): string;
  stop(): void;
  /** Resolves with the first stdout match of `pattern`, or rejects after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
}

export function captureIo(env: Record<string, string | undefined> = {}): CapturedIo {
  let stdout = '';
  let stderr = '';
  let stop: (signal: string) => void = () => undefined;
  const stopSignal = new Promise<string>((resolve) => {
    stop = resolve;
  });
  const io: CapturedIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env,
    stopSignal,
    out: () => stdout,
    err: () => stderr,
    stop: () => stop('SIGTERM'),
    async waitFor(pattern, timeoutMs = 20_000) {
      const started = Date.now();
      for (;;) {
        const match = pattern.exec(stdout);
        if (match) return match;
        if (Date.now() - started > timeoutMs) {
          throw new Error(`timed out waiting for ${pattern}; stdout: ${stdout}; stderr: ${stderr.slice(-2000)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
  };
  return io;
}
