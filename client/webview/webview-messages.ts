import type { AdHocRequest } from '../../presentation/netz-protocol.js';
import type { TopologyView, ViewSource } from '../../presentation/topology-view.js';
import type { TracePlayback } from '../../presentation/trace-playback.js';

/** The messages between the extension host and the trace view webview: plain JSON both ways. */

export type HostMessage =
    /** A topology to draw and, when a trace was asked for, its playback. Sent again on every document change. */
    | { type: 'show'; request: ViewRequest; topology: TopologyView; playback?: TracePlayback }
    /** The request failed (the file does not compile, the probe vanished): shown over the last good view. */
    | { type: 'error'; message: string };

export type ViewMessage =
    | { type: 'ready' }
    | { type: 'reveal'; source: ViewSource }
    | { type: 'export'; format: 'json' | 'markdown' }
    | { type: 'exportSvg'; svg: string };

/** What the view shows: the file, and the probe or ad-hoc packet traced (neither: the topology alone). */
export interface ViewRequest {
    uri: string;
    probe?: string;
    adHoc?: AdHocRequest;
}

/** What `vscode.setState` keeps across reloads: what to ask for again, and where playback stood. */
export interface ViewState {
    request: ViewRequest;
    step: number;
}
