export {
  alwaysDecidesBefore,
  dropKinds,
  effectProblems,
  faultRuleSchema,
  ruleLabel,
  unreachableBehind,
  unreachableRuleWarnings,
  type DropKind,
  type FaultAnswer,
  type FaultMatch,
  type FaultRuleConfig,
  type Latency,
} from './fault-rule';
export {
  createFaultRules,
  ruleOrder,
  runsPipeline,
  type FaultDecision,
  type FaultRequest,
  type FaultRules,
  type FaultRulesEvent,
  type FaultRuleView,
} from './fault-rules';
export {
  checkRule,
  faultsAnswer,
  maxActiveRuleBytes,
  maxFaultRules,
  maxRuleBytes,
  unreachableWarning,
  type FaultsApiAnswer,
  type FaultsApiRequest,
} from './faults-api';
export { rateWindow, type RateWindow } from './rate-limit';
export { seededRandom, type Random } from './seeded-random';
export { effectInWords, summarizeRule, type FaultRuleSummary } from './rule-summary';
