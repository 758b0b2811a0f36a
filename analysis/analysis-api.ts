export { analyzeNamespace, analyzeRuleset } from './rule-analysis.js';
export type { AnalysisContext } from './rule-analysis.js';
