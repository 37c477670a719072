import type { Catalogue } from '../../src/contract';
import type { Scenario } from '../scenario/scenario';
import { skippedResult } from './results';
import type { RunListener } from './run-listener';
import type { RunSettings } from './run-settings';
import type { ScenarioResult } from './scenario-result';

/** Runs each scenario in turn and reports each result as it comes: the loop every run mode shares. */
export async function replay(
  scenarios: readonly Scenario[],
  listener: RunListener,
  runOne: (scenario: Scenario) => Promise<ScenarioResult>,
): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (const [index, scenario] of scenarios.entries()) {
    const result = await runOne(scenario);
    results.push(result);
    listener.result(result, index + 1, scenarios.length);
  }
  return results;
}

/** The result of a scenario the request budget (`--max-requests`) no longer covers. */
export function budgetSpent(scenario: Scenario, settings: RunSettings): ScenarioResult {
  return skippedResult(scenario, `the request budget of ${settings.maxRequests} is spent (--max-requests)`, settings);
}

/** Response headers the spec fixes (`Allow` on the 405): compared and recorded by name. */
export function fixedHeaderNames(catalogue: Catalogue): string[] {
  return [...new Set([...catalogue.answers.values()].flatMap((answer) => Object.keys(answer.headers)))];
}
