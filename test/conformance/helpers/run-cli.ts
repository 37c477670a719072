import { main } from '../../../cli/main';
import { captureIo } from '../../helpers/cli-io';

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs `ism-webhooks ARGS` in-process with its own environment (never the test process's). */
export async function runCli(args: readonly string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  const io = captureIo(env);
  const code = await main([...args], io);
  return { code, out: io.out(), err: io.err() };
}

/**
 * `conform` against a local target with every scenario allowed to run (side effects, the XML
 * webhook, no pacing), reporting as `reporter`; `extra` adds flags.
 */
export function fullLiveRun(baseUrl: string, reporter: string, extra: readonly string[] = []): string[] {
  return [
    'conform',
    '--target',
    baseUrl,
    '--allow-side-effects',
    '--xml-extension',
    'MyXmlWebhook',
    '--delay',
    '0',
    '--reporter',
    reporter,
    ...extra,
  ];
}
