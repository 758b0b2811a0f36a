/** The simulator's public surface: model + probe in, Trace out; expectation check and text form. */
export { simulatePacket, simulateProbe } from './probe-simulation.js';
export type { AdHocPacket, SimulateOptions } from './probe-simulation.js';
export { checkExpectation } from './expectation-check.js';
export { formatNetfilterSteps, formatTraceText } from './trace-format.js';
export type * from './trace-types.js';
