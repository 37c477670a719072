/** What a command may touch of the process, injected so tests run commands in-process. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM/SIGHUP); tests resolve it themselves. */
  readonly stopSignal: Promise<string>;
  /** Resolves on a second stop signal: stop now, without waiting. */
  readonly forceSignal?: Promise<string>;
  /** stderr's file descriptor, for writers that write it asynchronously (the access log); absent in tests. */
  readonly stderrFd?: number;
}

const stopSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export function processIo(): CliIo {
  let count = 0;
  let stop: (signal: string) => void = () => undefined;
  let force: (signal: string) => void = () => undefined;
  const stopSignal = new Promise<string>((resolve) => (stop = resolve));
  const forceSignal = new Promise<string>((resolve) => (force = resolve));
  const onSignal = (signal: string): void => {
    count++;
    if (count === 1) stop(signal);
    else force(signal);
  };
  for (const signal of stopSignals) process.on(signal, onSignal);
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, stopSignal, forceSignal, stderrFd: 2 };
}
