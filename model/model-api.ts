export * from './ipv4-address.js';
export * from './ruleset-types.js';
export * from './source-location.js';
export * from './topology-types.js';
export * from './netfilter-tables.js';
export * from './multi-map.js';
export * from './jump-graph.js';
export * from './rule-options.js';
