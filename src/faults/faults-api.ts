import { compileDataSchema, parseYaml, schemaProblems, type DataFileProblem } from '../data-file';
import { effectProblems, faultRuleSchema, type FaultRuleConfig } from './fault-rule';
import { ruleOrder, type FaultRules, type FaultRuleView } from './fault-rules';

/** Rules held at once; a POST past it is refused (409). */
export const maxFaultRules = 1_000;
/** A rule is a small JSON object; a POST body larger than this is refused (413) unread. */
export const maxRuleBytes = 64 * 1024;
/** The active rules together, as `GET /_mock/faults` shows them (compact JSON); a POST past it is refused (413). */
export const maxActiveRuleBytes = 1024 * 1024;

export interface FaultsApiRequest {
  readonly method: string;
  /** The path after `/_mock/`: `faults` or `faults/{id}`. */
  readonly route: string;
  /** The request body as text (POST only). */
  readonly body: string;
}

export interface FaultsApiAnswer {
  readonly status: number;
  /** JSON text, or empty for a 204. */
  readonly body: string;
}

/**
 * `GET /_mock/faults` (the active rules, `faultRules`), `POST /_mock/faults` (one rule as JSON,
 * 201 with its id, and a warning when an earlier rule leaves it nothing to match), `DELETE /_mock/faults/{id}` and `DELETE /_mock/faults` (all). A rule that
 * does not validate is a 400 listing each problem with its line, column and fix.
 */
export function faultsAnswer(request: FaultsApiRequest, rules: FaultRules, answerNames: ReadonlySet<string>): FaultsApiAnswer {
  const id = request.route.startsWith('faults/') ? decodedId(request.route.slice('faults/'.length)) : undefined;
  switch (`${request.method} ${id === undefined ? 'all' : 'one'}`) {
    case 'GET all':
      return json(200, { order: ruleOrder, faultRules: rules.list() });
    case 'DELETE all':
      rules.clear();
      return { status: 204, body: '' };
    case 'DELETE one':
      return rules.remove(id as string)
        ? { status: 204, body: '' }
        : json(404, { error: `no fault rule '${id}'`, fix: 'GET /_mock/faults lists the active rules' });
    case 'POST all': {
      if (rules.size >= maxFaultRules)
        return json(409, {
          error: `${maxFaultRules} fault rules are active`,
          fix: 'DELETE /_mock/faults/{id} or DELETE /_mock/faults first',
        });
      const checked = checkRule(request.body, answerNames);
      if (!checked.ok)
        return json(400, {
          error: 'the fault rule is not valid',
          problems: checked.problems.map(({ file: _file, ...problem }) => problem),
        });
      const bytes = jsonBytes(rules.list()) + jsonBytes(checked.rule);
      if (bytes > maxActiveRuleBytes)
        return json(413, {
          error: `the active fault rules would hold ${bytes} bytes, more than ${maxActiveRuleBytes}`,
          fix: 'DELETE /_mock/faults/{id} or DELETE /_mock/faults first, or send smaller bodies',
        });
      const added = rules.add(checked.rule);
      const earlier = rules.list().find((rule) => rule.id === added.shadowedBy);
      return json(201, { id: added.id, rule: added, ...(earlier ? { warning: unreachableWarning(earlier) } : {}) });
    }
    default:
      return json(405, {
        error: `${request.method} is not supported here`,
        routes: ['GET|POST|DELETE /_mock/faults', 'DELETE /_mock/faults/{id}'],
      });
  }
}

/** Checks one rule given as JSON text, with the loader every data file uses (positions, schema, fixes). */
export function checkRule(
  text: string,
  answerNames: ReadonlySet<string>,
): { ok: true; rule: FaultRuleConfig } | { ok: false; problems: readonly DataFileProblem[] } {
  try {
    JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      problems: [
        {
          file: 'request body',
          where: '',
          message: `not JSON: ${(error as Error).message}`,
          fix: 'send one rule as a JSON object, e.g. {"drop":"reset"}',
        },
      ],
    };
  }
  // JSON is YAML: the YAML parser gives every field its line and column.
  const parsed = parseYaml(text, 'request body');
  if (!parsed.ok) return parsed;
  const validate = compileDataSchema(faultRuleSchema);
  if (!validate(parsed.value.data)) return { ok: false, problems: schemaProblems(validate.errors ?? [], parsed.value) };
  const rule = parsed.value.data as FaultRuleConfig;
  const problems = effectProblems(rule, answerNames);
  if (problems.length > 0)
    return { ok: false, problems: problems.map((problem) => parsed.value.problem(problem.path, problem.message, problem.fix)) };
  return { ok: true, rule };
}

/** Why a rule just added never applies: the rule before it that always decides first, and what to do. */
export function unreachableWarning(earlier: FaultRuleView): string {
  const named = earlier.name === undefined ? `rule ${earlier.id}` : `rule ${earlier.id} ('${earlier.name}')`;
  return `this rule never applies: ${named} matches every call it matches, always, and the first matching rule decides; DELETE /_mock/faults/${earlier.id} first, or give both effects in one rule (latency may go with answer or drop)`;
}

/** A rule id from the path; a malformed escape is an id no rule has. */
function decodedId(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function jsonBytes(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value)).length;
}

function json(status: number, value: unknown): FaultsApiAnswer {
  return { status, body: JSON.stringify(value, null, 2) };
}
