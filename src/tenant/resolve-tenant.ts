import type { Catalogue } from '../contract/catalogue';
import type { FaultRuleConfig } from '../faults';
import { defaultTenantFile } from './default-tenant';
import type { TenantConfig } from './model';
import { formatProblems, loadTenantFile, type TenantFileProblem } from './tenant-file';

/** A tenant file that does not load: startup misconfiguration, reported with every problem. */
export class TenantFileError extends Error {
  constructor(readonly problems: readonly TenantFileProblem[]) {
    super(`the tenant file does not load:\n${formatProblems(problems)}`);
    this.name = 'TenantFileError';
  }
}

/** The tenant an edge serves: the one given, else the file given, else the bundled fixtures/tenant.yaml. Throws TenantFileError. */
export function resolveTenantConfig(options: { readonly tenant?: TenantConfig; readonly tenantFile?: string }): TenantConfig {
  if (options.tenant) return options.tenant;
  const result = loadTenantFile(options.tenantFile ?? defaultTenantFile());
  if (!result.ok) throw new TenantFileError(result.problems);
  return result.config;
}

/**
 * The fault rules to start with: the tenant's `faults:`, then those given in code. A rule's
 * `answer: { name }` must be a named answer of the spec: checked once, at start (TenantFileError).
 */
export function resolveFaultRules(
  config: TenantConfig,
  given: readonly FaultRuleConfig[] | undefined,
  catalogue: Catalogue,
  file: string | undefined,
): readonly FaultRuleConfig[] {
  const rules = [...(config.faults ?? []), ...(given ?? [])];
  const names = [...catalogue.answers.keys()];
  const problems = rules.flatMap((rule, index) => {
    const name = rule.answer && 'name' in rule.answer ? rule.answer.name : undefined;
    if (name === undefined || names.includes(name)) return [];
    return [
      {
        file: file ?? 'the tenant',
        where: `faults[${index}].answer.name`,
        message: `'${name}' is not a named answer of the spec`,
        fix: `use one of: ${names.sort().join(', ')}`,
      },
    ];
  });
  if (problems.length > 0) throw new TenantFileError(problems);
  return rules;
}
