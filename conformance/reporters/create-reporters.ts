import type { ReporterChoice } from '../config/reporter-choices';
import type { Redact } from '../../src/redact';
import { consoleReporter } from './console-reporter';
import { jsonReporter } from './json-reporter';
import { junitReporter } from './junit-reporter';
import { markdownReporter } from './markdown-reporter';
import { allOf, type Destination, type Reporter, type Sink } from './reporter';

export interface Streams {
  readonly stdout: Sink;
  readonly stderr: Sink;
}

export function createReporters(choices: readonly ReporterChoice[], streams: Streams, redact: Redact): Reporter {
  return allOf(
    choices.map((choice) => {
      const destination: Destination =
        choice.to.kind === 'file'
          ? { kind: 'file', path: choice.to.path }
          : { kind: 'stream', sink: choice.to.kind === 'stderr' ? streams.stderr : streams.stdout };
      switch (choice.kind) {
        case 'console':
          return consoleReporter(destination.kind === 'stream' ? destination.sink : streams.stdout, redact);
        case 'junit':
          return junitReporter(destination, redact);
        case 'markdown':
          return markdownReporter(destination, redact);
        default: // 'json'
          return jsonReporter(destination, redact);
      }
    }),
  );
}
