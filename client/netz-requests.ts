import type { TopologyView } from '../presentation/topology-view.js';
import type { Trace } from '../simulator/trace-types.js';
import type { AdHocRequest } from './webview/webview-messages.js';

/** The custom requests of the netz language server, with the exact names and shapes the server implements. */

export const TRACE_REQUEST = 'netz/trace';
export const TOPOLOGY_REQUEST = 'netz/topology';
export const EXPORT_SCRIPT_REQUEST = 'netz/exportScript';

export interface TraceParams {
    uri: string;
    probe?: string;
    adHoc?: AdHocRequest;
}

export type TraceResult = { trace: Trace; topology: TopologyView } | { error: string };
export type TopologyResult = { topology: TopologyView } | { error: string };

export interface ExportScriptParams {
    uri: string;
    prefix?: string;
}

export type ExportScriptResult = { setup: string; teardown: string } | { error: string };

/** The commands the server's code lenses carry. */
export const TRACE_PROBE_COMMAND = 'netz.traceProbe';
export const TRACE_FROM_COMMAND = 'netz.traceFrom';
export const REVEAL_CHAIN_COMMAND = 'netz.revealChain';
