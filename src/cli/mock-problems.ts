import fs from 'node:fs';
import net from 'node:net';
import type { LineCounter } from 'yaml';

/**
 * What stops `ism-webhooks mock` from starting: checked before Prism starts where possible (the
 * spec loads, the port is free), else recognised in Prism's own output. Printed as one line.
 */
export interface MockProblem {
  readonly cause: string;
  readonly fix: string;
}

/** What Prism was asked to serve, and where. */
export interface PrismStart {
  readonly spec: string;
  readonly port: number;
  readonly host: string;
}

export const formatProblem = (problem: MockProblem): string => `ism-webhooks mock: ${problem.cause}: ${problem.fix}`;

/** Prism is an optional peer dependency: `mock` names the one command that installs it. */
export function prismMissing(range: string): MockProblem {
  return {
    cause: 'Prism is not installed (an optional peer dependency, needed by mock only)',
    fix: `npm install --save-dev "@stoplight/prism-cli@${range}"`,
  };
}

const freePortFix = 'choose another with --port N (0 picks a free port), or stop what holds it';

/** The spec exists, is readable, parses as YAML or JSON and says it is OpenAPI (or Swagger 2.0). */
export function checkSpec(spec: string): MockProblem | undefined {
  if (/^https?:\/\//i.test(spec)) return undefined; // Prism fetches URLs itself
  let text: string;
  try {
    text = fs.readFileSync(spec, 'utf8');
  } catch (error) {
    return unreadableSpec(spec, (error as NodeJS.ErrnoException).code ?? String(error));
  }
  const { LineCounter: Lines, parseDocument } = require('yaml') as typeof import('yaml');
  const lines: LineCounter = new Lines();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const syntax = doc.errors[0];
  if (syntax) {
    const { line, col } = lines.linePos(syntax.pos[0]);
    const what = syntax.message.split('\n')[0] ?? syntax.code;
    return {
      cause: `${spec}:${line}:${col}: the spec is not valid YAML or JSON (${what})`,
      fix: 'fix the file there, or pass another --spec',
    };
  }
  const root: unknown = doc.toJS();
  const version =
    typeof root === 'object' && root !== null
      ? ((root as Record<string, unknown>).openapi ?? (root as Record<string, unknown>).swagger)
      : undefined;
  if (typeof version !== 'string' || !/^(3\.|2\.0)/.test(version)) {
    return {
      cause: `${spec} is not an OpenAPI document (no 'openapi: 3.x' at its top level)`,
      fix: 'pass an OpenAPI file with --spec, or leave --spec out to serve the bundled contract',
    };
  }
  return undefined;
}

function unreadableSpec(spec: string, code: string): MockProblem {
  const fix = 'pass the path of an OpenAPI file with --spec, or leave --spec out to serve the bundled contract';
  if (code === 'ENOENT') return { cause: `the spec file ${spec} does not exist`, fix };
  if (code === 'EISDIR') return { cause: `the spec ${spec} is a folder`, fix };
  if (code === 'EACCES')
    return { cause: `the spec file ${spec} cannot be read (permission denied)`, fix: 'make it readable, or pass another --spec' };
  return { cause: `the spec file ${spec} cannot be read (${code})`, fix };
}

/** Binds the port on the same host and lets it go again: a taken port or a foreign host is found before Prism starts. */
export function checkPort(port: number, host: string): Promise<MockProblem | undefined> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => resolve(listenProblem(error.code ?? String(error), port, host)));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(undefined)));
  });
}

function listenProblem(code: string, port: number, host: string): MockProblem {
  if (code === 'EADDRINUSE') return { cause: `port ${port} on ${host} is already in use`, fix: freePortFix };
  if (code === 'EACCES') return { cause: `port ${port} on ${host} needs privileges`, fix: 'choose a port above 1023 with --port N' };
  return { cause: `cannot listen on ${host}:${port} (${code})`, fix: 'pass --host with an address of this machine, such as 127.0.0.1' };
}

/**
 * Prism's failures before it listens, recognised in its output (Prism reports them only as text):
 * the checks above catch these first, so this table covers a race or a check Prism is stricter on.
 */
const prismFailures: readonly { readonly pattern: RegExp; readonly problem: (match: RegExpExecArray, at: PrismStart) => MockProblem }[] = [
  { pattern: /EADDRINUSE/, problem: (_match, at) => listenProblem('EADDRINUSE', at.port, at.host) },
  { pattern: /listen EACCES/, problem: (_match, at) => listenProblem('EACCES', at.port, at.host) },
  { pattern: /Error opening file "([^"]*)"/, problem: (match, at) => unreadableSpec(match[1] || at.spec, 'ENOENT') },
  {
    pattern: /Error parsing/,
    problem: (_match, at) => ({
      cause: `Prism could not parse the spec ${at.spec}`,
      fix: 'check it is an OpenAPI document in YAML or JSON, or pass another --spec',
    }),
  },
  {
    pattern: /Unsupported document format/,
    problem: (_match, at) => ({
      cause: `Prism does not recognise ${at.spec} as OpenAPI`,
      fix: "give it an 'openapi: 3.x' field, or pass another --spec",
    }),
  },
];

/** One line for a recognised failure; else a line and at most five lines of Prism's own error, never its usage text. */
export function prismFailure(output: string, exitCode: number, at: PrismStart): string {
  for (const failure of prismFailures) {
    const match = failure.pattern.exec(output);
    if (match) return formatProblem(failure.problem(match, at));
  }
  const own = withoutUsage(output)
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '')
    .slice(0, 5)
    .map((line) => `  ${line.slice(0, 200)}`);
  return [`ism-webhooks mock: Prism exited with code ${exitCode} before listening; its error:`, ...own].join('\n');
}

/** Drops the yargs usage block Prism prints on any failure: from `prism mock <document>` to the blank line ending its options. */
function withoutUsage(output: string): string {
  const lines = output.split('\n');
  const start = lines.findIndex((line) => line.startsWith('prism mock <'));
  if (start < 0) return output;
  const options = lines.findIndex((line, index) => index > start && line.startsWith('Options:'));
  const end = options < 0 ? -1 : lines.findIndex((line, index) => index > options && line.trim() === '');
  return [...lines.slice(0, start), ...(end < 0 ? [] : lines.slice(end + 1))].join('\n');
}
