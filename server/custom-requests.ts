import type { LangiumDocument } from 'langium';
import { DocumentState, URI } from 'langium';
import type { Model } from '../model/model-api.js';
import { parseIPv4 } from '../model/model-api.js';
import type { Trace } from '../simulator/simulator-api.js';
import { simulatePacket } from '../simulator/simulator-api.js';
import { exportScript } from '../kernel/export-script.js';
import { primaryAddress } from '../language/lowering/model-lowering.js';
import { syntaxDiagnostics } from '../language/netz-compiler.js';
import { topologyView } from '../presentation/topology-view.js';
import type { NetzServices } from './netz-lsp-module.js';

import type { AdHocRequest, ExportScriptParams, ExportScriptResult, TopologyResult, TraceParams, TraceResult } from '../presentation/netz-protocol.js';
import { EXPORT_SCRIPT_REQUEST, TOPOLOGY_REQUEST, TRACE_REQUEST } from '../presentation/netz-protocol.js';

async function builtDocument(services: NetzServices, uri: string): Promise<LangiumDocument | undefined> {
    const parsed = URI.parse(uri);
    const documents = services.shared.workspace.LangiumDocuments;
    if (!documents.hasDocument(parsed)) {
        return undefined;
    }
    await services.shared.workspace.DocumentBuilder.waitUntil(DocumentState.Linked, parsed);
    return documents.getDocument(parsed);
}

function adHocTrace(model: Model, request: AdHocRequest, backend: 'nft' | 'legacy'): Trace | string {
    if (!model.namespaces.some(ns => ns.name === request.from)) {
        return `no namespace named '${request.from}'`;
    }
    const to = parseIPv4(request.to) ?? primaryAddress(model.namespaces.find(ns => ns.name === request.to));
    if (to === undefined) {
        return `'${request.to}' is neither an IPv4 address nor a namespace with an address`;
    }
    const src = request.src === undefined || request.src === '' ? undefined : parseIPv4(request.src);
    if (request.src && src === undefined) {
        return `'${request.src}' is not an IPv4 address`;
    }
    const packet = request.protocol === 'icmp' ? { protocol: 'icmp' as const } : { protocol: request.protocol, sport: request.sport, dport: request.dport };
    return simulatePacket(model, { from: request.from, to, src, packet }, { backend });
}

export async function traceRequest(services: NetzServices, params: TraceParams): Promise<TraceResult> {
    const document = await builtDocument(services, params.uri);
    if (!document) {
        return { error: `${params.uri} is not open` };
    }
    const compilation = services.compiler.compile(document);
    const topology = topologyView(compilation.model);
    if (params.probe !== undefined) {
        const found = compilation.traces.find(t => t.probe.name === params.probe);
        return found ? { trace: found.trace, topology } : { error: `no probe named '${params.probe}'` };
    }
    if (params.adHoc) {
        const trace = adHocTrace(compilation.model, params.adHoc, services.compiler.backend);
        return typeof trace === 'string' ? { error: trace } : { trace, topology };
    }
    return { error: 'a trace needs a probe name or an ad-hoc packet' };
}

export async function topologyRequest(services: NetzServices, params: { uri: string }): Promise<TopologyResult> {
    const document = await builtDocument(services, params.uri);
    return document ? { topology: topologyView(services.compiler.compile(document).model) } : { error: `${params.uri} is not open` };
}

export async function exportScriptRequest(services: NetzServices, params: ExportScriptParams): Promise<ExportScriptResult> {
    const document = await builtDocument(services, params.uri);
    if (!document) {
        return { error: `${params.uri} is not open` };
    }
    const prefix = params.prefix ?? 'netz-';
    // The same limit as `netz export --prefix`: kernel namespace names stay short and safe to type.
    if (!/^[A-Za-z0-9_-]{0,8}$/.test(prefix)) {
        return { error: `prefix '${prefix}' must be up to 8 letters, digits, '_' or '-'` };
    }
    const compilation = services.compiler.compile(document);
    // As `netz export`: iptables-restore would refuse a ruleset with an error, and the script would stop there.
    const errors = [...syntaxDiagnostics(document, document.uri.fsPath), ...compilation.diagnostics].filter(d => d.severity === 'error');
    if (errors.length > 0) {
        return { error: `${errors.length === 1 ? 'an error' : `${errors.length} errors`} in the file (the first at line ${errors[0].source.line}: ${errors[0].message}): fix ${errors.length === 1 ? 'it' : 'them'} before exporting` };
    }
    const { setup, teardown } = exportScript(compilation.model, { prefix });
    return { setup, teardown };
}

/** Registers the three requests on the server's connection. */
export function registerCustomRequests(services: NetzServices): void {
    const connection = services.shared.lsp.Connection;
    if (!connection) {
        return;
    }
    connection.onRequest(TRACE_REQUEST, (params: TraceParams) => traceRequest(services, params));
    connection.onRequest(TOPOLOGY_REQUEST, (params: { uri: string }) => topologyRequest(services, params));
    connection.onRequest(EXPORT_SCRIPT_REQUEST, (params: ExportScriptParams) => exportScriptRequest(services, params));
}
