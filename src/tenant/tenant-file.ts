import fs from 'node:fs';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import type { Document, LineCounter } from 'yaml';
import { cachedYaml } from '../contract/build-cache';
import { defaultLimits, type TenantConfig } from './model';
import { keyHint } from './redact';
import { patternMeaning, schemaFixes } from './tenant-schema';
import { loadTenantValidator } from './tenant-validator';

/** One thing wrong with a tenant file: where, what, and what to do. */
export interface TenantFileProblem {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  /** Where in the document, e.g. `webhooks[1].extension`; empty for the whole file. */
  readonly place: string;
  readonly message: string;
  readonly fix: string;
}

export type TenantFileResult =
  | { readonly ok: true; readonly config: TenantConfig }
  | { readonly ok: false; readonly problems: readonly TenantFileProblem[] };

type Path = (string | number)[];

/** Compiled (or loaded precompiled) once per process, on first use. */
let compiled: ValidateFunction | undefined;

export function loadTenantFile(file: string): TenantFileResult {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    return { ok: false, problems: [{ file, place: '', message: `cannot read the tenant file (${code})`, fix: 'check the path given to --tenant' }] };
  }
  return parseTenantText(text, file);
}

export function parseTenantText(text: string, file: string): TenantFileResult {
  // The YAML parser (and its positions, for messages) is loaded only when the build cache does
  // not hold this exact text, or when there is a problem to point at.
  let parsed: { doc: Document; lines: LineCounter } | undefined;
  const parse = (): { doc: Document; lines: LineCounter } => {
    if (!parsed) {
      const { LineCounter: Lines, parseDocument } = require('yaml') as typeof import('yaml');
      const lines = new Lines();
      parsed = { doc: parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false }), lines };
    }
    return parsed;
  };
  let data = cachedYaml(text);
  if (data === undefined) {
    const { doc } = parse();
    if (doc.errors.length > 0) {
      return {
        ok: false,
        problems: doc.errors.map((error) => ({
          file,
          line: error.linePos?.[0].line,
          column: error.linePos?.[0].col,
          place: '',
          message: `YAML syntax error: ${error.message.split('\n')[0] ?? error.code}`,
          fix: 'correct the YAML at that line (indentation, quotes, a duplicate key)',
        })),
      };
    }
    data = doc.toJS() as unknown;
  }
  const locate = (path: Path): { line?: number; column?: number } => position(parse(), path);

  const validate = (compiled ??= loadTenantValidator());
  if (!validate(data)) {
    const problems = (validate.errors ?? []).map((error) => schemaProblem(file, error, locate));
    return { ok: false, problems };
  }
  const raw = data as Omit<TenantConfig, 'name' | 'limits'> & Partial<Pick<TenantConfig, 'name' | 'limits'>>;
  const config: TenantConfig = {
    name: raw.name ?? 'tenant',
    apiKeys: raw.apiKeys,
    webhooks: raw.webhooks,
    actions: raw.actions,
    limits: { ...defaultLimits, ...raw.limits },
  };
  const problems = crossCheck(config).map((problem) => ({ file, ...locate(problem.path), place: placeOf(problem.path), message: problem.message, fix: problem.fix }));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, config };
}

/** Renders problems as `file:line:col: place: message` with a `fix:` line under each. */
export function formatProblems(problems: readonly TenantFileProblem[]): string {
  return problems
    .map((problem) => {
      const where = [problem.file, problem.line, problem.column].filter((part) => part !== undefined).join(':');
      const place = problem.place ? `${problem.place}: ` : '';
      return `${where}: ${place}${problem.message}\n  fix: ${problem.fix}`;
    })
    .join('\n');
}

interface CrossProblem {
  path: Path;
  message: string;
  fix: string;
}

function crossCheck(config: TenantConfig): CrossProblem[] {
  const problems: CrossProblem[] = [];
  const firstSeen = <T>(items: readonly T[], keyOf: (item: T) => string, report: (index: number, first: number) => void): void => {
    const seen = new Map<string, number>();
    items.forEach((item, index) => {
      const key = keyOf(item);
      const first = seen.get(key);
      if (first === undefined) seen.set(key, index);
      else report(index, first);
    });
  };
  firstSeen(config.apiKeys, (key) => key.referenceId, (index, first) =>
    problems.push({
      path: ['apiKeys', index, 'referenceId'],
      message: `duplicate referenceId ${keyHint(config.apiKeys[index]?.referenceId ?? '')} (also at apiKeys[${first}])`,
      fix: 'each REST API key needs its own Reference ID; remove one of the two',
    }),
  );
  firstSeen(config.apiKeys, (key) => key.name, (index, first) =>
    problems.push({ path: ['apiKeys', index, 'name'], message: `duplicate key name '${config.apiKeys[index]?.name}' (also at apiKeys[${first}])`, fix: 'give each key a distinct name' }),
  );
  firstSeen(config.webhooks, (webhook) => webhook.extension, (index, first) =>
    problems.push({
      path: ['webhooks', index, 'extension'],
      message: `duplicate extension '${config.webhooks[index]?.extension}' (also at webhooks[${first}])`,
      fix: 'give each webhook a unique extension (extensions are case-sensitive)',
    }),
  );
  firstSeen(config.actions, (action) => action.name, (index, first) =>
    problems.push({ path: ['actions', index, 'name'], message: `duplicate Action name '${config.actions[index]?.name}' (also at actions[${first}])`, fix: 'give each Action a distinct name' }),
  );
  const actions = new Map(config.actions.map((action) => [action.name, action]));
  config.webhooks.forEach((webhook, index) => {
    const action = actions.get(webhook.action);
    if (!action) {
      const known = [...actions.keys()].map((name) => `'${name}'`).join(', ') || 'none defined';
      problems.push({ path: ['webhooks', index, 'action'], message: `no Action named '${webhook.action}'`, fix: `use one of the Actions under actions: (${known})` });
    } else if (action.webhookBody !== webhook.format) {
      problems.push({
        path: ['webhooks', index, 'format'],
        message: `the webhook's format is ${webhook.format} but its Action '${action.name}' reads WebhookBody as ${action.webhookBody}`,
        fix: 'make the webhook format and the Action\'s webhookBody the same',
      });
    }
  });
  config.actions.forEach((action, index) => {
    for (const [field, path] of Object.entries(action.insert.fields)) {
      if (action.webhookBody === 'json' && path !== '' && !path.startsWith('/')) {
        problems.push({ path: ['actions', index, 'insert', 'fields', field], message: `'${path}' is not a JSON pointer`, fix: `start it with '/', e.g. '/${path}' (RFC 6901)` });
      }
    }
  });
  return problems;
}

function schemaProblem(file: string, error: ErrorObject, locate: (path: Path) => { line?: number; column?: number }): TenantFileProblem {
  const path: Path = error.instancePath.split('/').slice(1).map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment.replace(/~1/g, '/').replace(/~0/g, '~')));
  const field = String(path[path.length - 1] ?? '');
  const params = error.params as Record<string, unknown>;
  let message = error.message ?? error.keyword;
  let fix = schemaFixes[error.keyword] ?? 'correct the value';
  if (error.keyword === 'additionalProperties') {
    const unknown = String(params.additionalProperty);
    const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
    path.push(unknown);
    message = `unknown field '${unknown}'`;
    fix = `remove it, or use one of: ${allowed.join(', ')}`;
  } else if (error.keyword === 'required') {
    message = `missing field '${String(params.missingProperty)}'`;
    fix = `add '${String(params.missingProperty)}'`;
  } else if (error.keyword === 'enum') {
    fix = `use one of: ${(params.allowedValues as unknown[]).join(', ')}`;
  } else if (error.keyword === 'pattern') {
    message = patternMeaning[field] ?? message;
  }
  return { file, ...locate(path), place: placeOf(path), message, fix };
}

function placeOf(path: Path): string {
  return path.map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`)).join('');
}

function position({ doc, lines }: { doc: Document; lines: LineCounter }, path: Path): { line?: number; column?: number } {
  const { isMap, isScalar } = require('yaml') as typeof import('yaml');
  // Point at the key of the last segment where there is one (an unknown field), else its value.
  const parent = path.length === 0 ? undefined : path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  if (isMap(parent)) {
    const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === path[path.length - 1]);
    const offset = isScalar(pair?.key) ? pair.key.range?.[0] : undefined;
    if (typeof offset === 'number') {
      const { line, col } = lines.linePos(offset);
      return { line, column: col };
    }
  }
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    const offset = (node as { range?: [number, number, number] } | undefined)?.range?.[0];
    if (typeof offset === 'number') {
      const { line, col } = lines.linePos(offset);
      return { line, column: col };
    }
  }
  return {};
}
