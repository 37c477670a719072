import fs from 'node:fs';
import SonicBoom from 'sonic-boom';
import { escapeTerminalText } from '../terminal-text';
import type { AccessLogEvent } from './options';

/** `text`: one readable line per answer; `json`: one JSON object per line (NDJSON). */
export type AccessLogFormat = 'text' | 'json';
export const accessLogFormats: readonly AccessLogFormat[] = ['text', 'json'];

/**
 * One access-log line, without its newline: never the key (only its hint) and never the body.
 * Text from outside (path, extension, a fault rule's name, also inside `answer`) is cut to 100
 * characters, and the line's terminal controls are escaped: the line once, not each part (the
 * parts of our own hold none), since this runs for every call.
 */
export function formatAccessLog(event: AccessLogEvent, format: AccessLogFormat = 'text'): string {
  if (format === 'json') return JSON.stringify(event);
  const extension = event.extension === undefined ? '' : ` extension=${cut(event.extension)}`;
  const key = event.key === undefined ? '' : ` key=${event.key}`;
  const rule = event.faultRule === undefined ? '' : ` rule=${cut(event.faultRule)}`;
  return escapeTerminalText(
    `${event.time} ${cut(event.method)} ${cut(event.path)}${extension} -> ${event.status} ${event.answer} ${event.durationMs}ms${key}${rule}`,
  );
}

/** Request input in a text line: at most 100 characters. */
function cut(text: string): string {
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}

export interface AccessLog {
  log(event: AccessLogEvent): void;
  /** Lines dropped because the reader did not keep up and the buffer was full. */
  readonly dropped: number;
  /** Writes what is buffered, waiting at most `timeoutMs` for a slow reader; reports drops. */
  close(timeoutMs?: number): Promise<void>;
}

export interface AccessLogOptions {
  readonly format: AccessLogFormat;
  /** A file descriptor (2: stderr) written asynchronously, or a stream written as is (tests). */
  readonly destination: number | { write(text: string): unknown };
  /** The most a slow reader may leave buffered before lines are dropped (default 1 MiB). */
  readonly maxBufferBytes?: number;
}

/**
 * The access log's writer. On a file descriptor it is sonic-boom (pino's destination): lines are
 * gathered while a write is under way and written in batches by libuv's thread pool, so the
 * event loop never waits for the reader; when nobody reads, the buffer stops at
 * `maxBufferBytes` and further lines are counted as dropped instead of held. `close` writes what
 * is left and the count of dropped lines, waiting a bounded time for the reader.
 */
export function createAccessLog(options: AccessLogOptions): AccessLog {
  const { format, destination } = options;
  if (typeof destination !== 'number') {
    return { log: (event) => void destination.write(`${formatAccessLog(event, format)}\n`), dropped: 0, close: async () => undefined };
  }
  let dropped = 0;
  const boom = new SonicBoom({
    fd: destination,
    sync: false,
    minLength: 4096,
    maxLength: options.maxBufferBytes ?? 1024 * 1024,
    periodicFlush: 250,
  });
  boom.on('drop', () => dropped++);
  boom.on('error', () => undefined);
  return {
    log: (event) => void boom.write(`${formatAccessLog(event, format)}\n`),
    get dropped() {
      return dropped;
    },
    close(timeoutMs = 2000) {
      return new Promise((resolve) => {
        // Bounded: a reader that never reads does not hold the exit longer than this.
        const timer = setTimeout(resolve, timeoutMs);
        const done = (): void => {
          clearTimeout(timer);
          resolve();
        };
        // end() writes what is buffered, then closes (stdout and stderr stay open); the count of
        // dropped lines comes after it, when there is room for it.
        boom.once('close', () => {
          if (dropped === 0) return done();
          fs.write(destination, `access log: ${dropped} lines dropped (the reader of stderr did not keep up)\n`, () => done());
        });
        boom.end();
      });
    },
  };
}
