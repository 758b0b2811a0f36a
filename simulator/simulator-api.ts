/** The simulator's public surface: model + probe in, Trace out; expectation check and text form. */
export { simulatePacket, simulateProbe } from './probe-simulation.js';
export type { AdHocPacket, SimulateOptions } from './probe-simulation.js';
export { checkExpectation } from './expectation-check.js';
export { addressTypeRanges, ADDRESS_TYPES_MODELLED } from './address-types.js';
export { ruleNeedsConntrack } from './topology-index.js';
export type { ModelledAddressType } from './address-types.js';
export { formatNetfilterSteps, formatTraceText } from './trace-format.js';
export type * from './trace-types.js';
