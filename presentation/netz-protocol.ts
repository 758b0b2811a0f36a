import type { Trace } from '../simulator/trace-types.js';
import type { TopologyView } from './topology-view.js';

/**
 * The contract between the language server and the VS Code client beyond LSP: the custom requests with their
 * parameters and results, and the commands the server's code lenses carry. Types and names only.
 */

export const TRACE_REQUEST = 'netz/trace';
export const TOPOLOGY_REQUEST = 'netz/topology';
export const EXPORT_SCRIPT_REQUEST = 'netz/exportScript';

/** A packet that is not written as a probe (`Netz: Trace Packet…`, `▶ Trace from here…`). */
export interface AdHocRequest {
    from: string;
    /** An address or a namespace name (its primary address). */
    to: string;
    protocol: 'icmp' | 'tcp' | 'udp';
    dport?: number;
    sport?: number;
    src?: string;
}

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

/** `[uri, probeName]`: open the trace view on a probe. */
export const TRACE_PROBE_COMMAND = 'netz.traceProbe';
/** `[uri, netnsName]`: ask for a destination and protocol, then trace from that namespace. */
export const TRACE_FROM_COMMAND = 'netz.traceFrom';
/** `[fileUri, line, column]` (1-based): reveal a place, such as the rule that jumps to a chain. */
export const REVEAL_CHAIN_COMMAND = 'netz.revealChain';
