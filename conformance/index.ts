/** The conformance suite as a library: what `ism-webhooks conform` and `probe` are thin over. */
export { conform, defaultConformDeps, type CommandOutcome, type ConformDeps } from './conform';
export { probe } from './probe';
export { resolveConformOptions, resolveProbeOptions, type ConformFlags, type ConformOptions, type ProbeOptions } from './conform-options';
export { loadScenarios, defaultScenariosDir } from './scenario/load-scenarios';
export type { Scenario } from './scenario/scenario';
export {
  checks,
  runChecks,
  actionExecutions,
  contentType,
  envelopeSchema,
  exactBody,
  jsonBody,
  keyNotEchoed,
  responseHeaders,
  statusCode,
  type Check,
  type CheckFailure,
  type CheckInput,
} from './judging/checks';
export { generateBody } from './scenario/body-generators';
export { renderJunit } from './reporters/junit-reporter';
export type { RunReport, ScenarioResult } from './runner/scenario-result';
