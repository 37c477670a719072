import type { ValidateFunction } from 'ajv/dist/2020';
import { prebuiltYaml } from '../contract/prebuilt';
import {
  type DataFileProblem,
  type DataFileRules,
  type FieldPath,
  type ParsedYaml,
  capped,
  formatProblems,
  parseYaml,
  readDataFile,
  validateData,
} from '../data-file';
import { defaultLimits, type TenantConfig } from './model';
import { keyHint } from '../redact';
import { effectProblems } from '../faults/fault-rule';

/** One thing wrong with a tenant file (the shape every data file's problems have). */
export type TenantFileProblem = DataFileProblem;

export type TenantFileResult =
  | { readonly ok: true; readonly config: TenantConfig }
  | { readonly ok: false; readonly problems: readonly TenantFileProblem[] };

export { formatProblems };

/** A tenant file of the default's size is 2 KB; a megabyte is a mistake, a device or an attack. */
export const tenantFileRules: DataFileRules = {
  maxBytes: 1024 * 1024,
  what: 'the tenant file',
  fixPath: 'check the path given to --tenant',
};

type Path = FieldPath;

/** Compiled (or loaded precompiled) once per process, on first use. */
let compiled: ValidateFunction | undefined;

export function loadTenantFile(file: string): TenantFileResult {
  const text = readDataFile(file, tenantFileRules);
  return text.ok ? parseTenantText(text.value, file) : text;
}

export function parseTenantText(text: string, file: string): TenantFileResult {
  // The YAML parser (and its positions, for messages) is loaded only when the build did not parse
  // this exact text, or when there is a problem to point at.
  let parsed: ParsedYaml | undefined;
  const located = (): ParsedYaml => {
    if (!parsed) {
      const result = parseYaml(text, file);
      if (!result.ok) throw new Error('a pre-parsed tenant text must parse'); // the build parsed it
      parsed = result.value;
    }
    return parsed;
  };
  let data = prebuiltYaml(text);
  if (data === undefined) {
    const result = parseYaml(text, file);
    if (!result.ok) return result;
    parsed = result.value;
    data = parsed.data;
  }
  // Loaded here, not imported: the validator (70 KB of ajv code) is not needed otherwise.
  compiled ??= (require('./tenant-validator') as typeof import('./tenant-validator')).loadTenantValidator();
  const validate = compiled;
  if (!validate(data)) return { ok: false, problems: validateData(validate, located()) };
  const raw = data as Omit<TenantConfig, 'name' | 'limits'> & Partial<Pick<TenantConfig, 'name' | 'limits'>>;
  const config: TenantConfig = {
    name: raw.name ?? 'tenant',
    apiKeys: raw.apiKeys,
    webhooks: raw.webhooks,
    actions: raw.actions,
    limits: { ...defaultLimits, ...raw.limits },
    ...(raw.faults !== undefined ? { faults: raw.faults } : {}),
  };
  const cross = crossCheck(config);
  if (cross.length === 0) return { ok: true, config };
  return { ok: false, problems: capped(cross, (problem) => located().problem(problem.path, problem.message, problem.fix)) };
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
  firstSeen(
    config.apiKeys,
    (key) => key.referenceId,
    (index, first) =>
      problems.push({
        path: ['apiKeys', index, 'referenceId'],
        message: `duplicate referenceId ${keyHint(config.apiKeys[index]?.referenceId ?? '')} (also at apiKeys[${first}])`,
        fix: 'each REST API key needs its own Reference ID; remove one of the two',
      }),
  );
  firstSeen(
    config.apiKeys,
    (key) => key.name,
    (index, first) =>
      problems.push({
        path: ['apiKeys', index, 'name'],
        message: `duplicate key name '${config.apiKeys[index]?.name}' (also at apiKeys[${first}])`,
        fix: 'give each key a distinct name',
      }),
  );
  firstSeen(
    config.webhooks,
    (webhook) => webhook.extension,
    (index, first) =>
      problems.push({
        path: ['webhooks', index, 'extension'],
        message: `duplicate extension '${config.webhooks[index]?.extension}' (also at webhooks[${first}])`,
        fix: 'give each webhook a unique extension (extensions are case-sensitive)',
      }),
  );
  firstSeen(
    config.actions,
    (action) => action.name,
    (index, first) =>
      problems.push({
        path: ['actions', index, 'name'],
        message: `duplicate Action name '${config.actions[index]?.name}' (also at actions[${first}])`,
        fix: 'give each Action a distinct name',
      }),
  );
  const actions = new Map(config.actions.map((action) => [action.name, action]));
  config.webhooks.forEach((webhook, index) => {
    const action = actions.get(webhook.action);
    if (!action) {
      const known = [...actions.keys()].map((name) => `'${name}'`).join(', ') || 'none defined';
      problems.push({
        path: ['webhooks', index, 'action'],
        message: `no Action named '${webhook.action}'`,
        fix: `use one of the Actions under actions: (${known})`,
      });
    } else if (action.webhookBody !== webhook.format) {
      problems.push({
        path: ['webhooks', index, 'format'],
        message: `the webhook's format is ${webhook.format} but its Action '${action.name}' reads WebhookBody as ${action.webhookBody}`,
        fix: "make the webhook format and the Action's webhookBody the same",
      });
    }
  });
  config.actions.forEach((action, index) => {
    for (const [field, path] of Object.entries(action.insert.fields)) {
      if (action.webhookBody === 'json' && path !== '' && !path.startsWith('/')) {
        problems.push({
          path: ['actions', index, 'insert', 'fields', field],
          message: `'${path}' is not a JSON pointer`,
          fix: `start it with '/', e.g. '/${path}' (RFC 6901)`,
        });
      }
    }
  });
  problems.push(...faultProblems(config));
  return problems;
}

/** Each fault rule has one effect, and matches a key the tenant has (by name, or the last 4 characters of its Reference ID). */
function faultProblems(config: TenantConfig): CrossProblem[] {
  const problems: CrossProblem[] = [];
  const keys = new Set(config.apiKeys.flatMap((key) => [key.name, key.referenceId.slice(-4)]));
  (config.faults ?? []).forEach((rule, index) => {
    for (const problem of effectProblems(rule, undefined)) problems.push({ ...problem, path: ['faults', index, ...problem.path] });
    const key = rule.match?.key;
    if (key !== undefined && !keys.has(key)) {
      const names = config.apiKeys.map((apiKey) => `'${apiKey.name}'`).join(', ') || 'none defined';
      problems.push({
        path: ['faults', index, 'match', 'key'],
        message: `no key named '${key}' or ending in it`,
        fix: `use a key's name (${names}) or the last 4 characters of its Reference ID`,
      });
    }
  });
  return problems;
}
