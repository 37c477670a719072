import type { Check } from './check';

/**
 * The Action ran once when the answer is a success and never otherwise, counted through the
 * target's inspection API (`GET /_mock/executions`) when it has one: a refused request must not
 * create a record.
 */
export const actionExecutions: Check = ({ expectation, actionRuns }) => {
  if (actionRuns === undefined) return undefined;
  const expected = expectation.runsAction ? 1 : 0;
  if (actionRuns === expected) return undefined;
  return {
    check: 'action-executions',
    message: expected === 0 ? `the Action ran ${actionRuns} time(s) although the request must run nothing` : `the Action ran ${actionRuns} time(s) instead of once`,
    expected: `${expected} execution(s)`,
    actual: `${actionRuns} execution(s)`,
  };
};
