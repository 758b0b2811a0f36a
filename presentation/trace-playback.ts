import type { Trace, TraceAt, TracePacket, TraceStep } from '../simulator/trace-types.js';
import { bridgeId, edgeId, namespaceId, portId, portIdOfQualified } from './topology-view.js';
import type { EdgeView, TopologyView, ViewSource } from './topology-view.js';

/**
 * A Trace prepared for playback: every step (the frames of a neighbour resolution nested under it) with the diagram
 * elements it lights, the line it reveals, its group (namespace and hook) and, for NAT, a field-by-field diff. The
 * webview only draws this; every decision about what a step means on the diagram is taken here, where it is tested.
 */

export type Leg = 'request' | 'reply';

export interface NatField {
    field: string;
    before: string;
    after: string;
    changed: boolean;
}

export interface PlaybackStep {
    index: number;
    leg: Leg;
    /** 0 for the trace's own steps, 1 for the frames of a neighbour resolution (shown under their `arp` step). */
    depth: number;
    group: number;
    /** The step as the simulator wrote it, without the nested `arp.steps` (they are steps of their own here). */
    step: TraceStep;
    title: string;
    /** Diagram element ids this step lights: its namespace, and the ports, bridge and edge it involves. */
    highlight: string[];
    /** The edge (veth, wire) the packet crosses at this step. */
    edge?: string;
    nat?: NatField[];
    /** Where the step was written, or failing that, the interface or namespace it happened on. */
    reveal: ViewSource;
    /** The step that decided the outcome of its leg (drop, reject, delivery). */
    decisive: boolean;
}

export interface PlaybackGroup {
    index: number;
    leg: Leg;
    netns: string;
    hook: string | null;
    label: string;
    first: number;
    count: number;
}

export interface TracePlayback {
    title: string;
    packet: string;
    outcome: Trace['outcome'];
    reason: string;
    at: TraceAt;
    reply?: { outcome: Trace['outcome']; reason: string; packet: string };
    steps: PlaybackStep[];
    groups: PlaybackGroup[];
    /** Edge ids crossed by each leg, in order, each once. */
    path: { request: string[]; reply: string[] };
    /** Chain policies ACCEPT met without any rule matching, left out unless `showEmptyChains`. */
    hiddenSteps: number;
}

export interface PlaybackOptions {
    showEmptyChains?: boolean;
}

export function packetText(p: TracePacket): string {
    const ports = p.sport !== undefined && p.proto !== 'icmp' ? [`:${p.sport}`, `:${p.dport}`] : ['', ''];
    const extra = p.proto === 'tcp' && p.tcpFlags ? ` [${p.tcpFlags}]` : p.proto === 'icmp' && p.icmpType !== undefined ? ` type ${p.icmpType}/${p.icmpCode ?? 0}` : '';
    return `${p.proto} ${p.src}${ports[0]} → ${p.dst}${ports[1]}${extra}`;
}

const NAT_FIELDS: (keyof TracePacket)[] = ['proto', 'src', 'sport', 'dst', 'dport', 'tcpFlags', 'icmpType', 'ttl', 'mark'];

export function natDiff(before: TracePacket, after: TracePacket): NatField[] {
    return NAT_FIELDS.filter((f) => before[f] !== undefined || after[f] !== undefined).map((f) => ({
        field: f, before: String(before[f] ?? '—'), after: String(after[f] ?? '—'), changed: before[f] !== after[f]
    }));
}

function titleOf(s: TraceStep): string {
    switch (s.kind) {
        case 'netfilter': {
            const where = `${s.table} ${s.chain}`;
            if (s.policy) {
                return `${where}: policy ${s.verdict}`;
            }
            return s.rule ? `${where} rule ${s.rule.position}: ${s.verdict}` : `${where}: ${s.verdict}`;
        }
        case 'route':
            return s.route ? `route ${s.route.destination}${s.route.via ? ` via ${s.route.via}` : ''} dev ${s.route.dev}` : 'route';
        case 'link':
            return s.link ? `${s.link.from} → ${s.link.to}` : 'link';
        case 'bridge':
            return s.bridge ? `${s.bridge.bridge}: ${s.bridge.action}` : 'bridge';
        case 'nat':
            return s.nat ? `${s.nat.kind === 'reverse' ? 'reverse NAT' : s.nat.kind}` : 'nat';
        case 'conntrack':
            return s.conntrack ? `conntrack ${s.conntrack.state}` : 'conntrack';
        case 'arp':
            return s.arp ? `arp who-has ${s.arp.target}` : 'arp';
        default:
            return s.kind;
    }
}

/** The element lookups a playback needs, built once per topology. */
class TopologyIndex {
    readonly links = new Map<string, EdgeView>();
    /** `NS/VNI` → the vxlan port and its tunnel edges. */
    readonly tunnels = new Map<string, { port: string; edges: string[] }>();
    readonly sources = new Map<string, ViewSource>();
    readonly file: string;

    constructor(topology: TopologyView) {
        const tunnelEdges = new Map<string, string[]>();
        for (const e of topology.edges) {
            if (e.kind === 'veth' || e.kind === 'wire') {
                this.links.set(edgeId('veth', e.from, e.to), e);
            } else if (e.kind === 'vxlan') {
                tunnelEdges.set(e.from, [...(tunnelEdges.get(e.from) ?? []), e.id]);
                tunnelEdges.set(e.to, [...(tunnelEdges.get(e.to) ?? []), e.id]);
            }
        }
        for (const ns of topology.namespaces) {
            this.sources.set(ns.id, ns.source);
            for (const p of ns.ports) {
                this.sources.set(p.id, p.source);
                if (p.vni !== undefined) {
                    this.tunnels.set(`${ns.name}/${p.vni}`, { port: p.id, edges: tunnelEdges.get(p.id) ?? [] });
                }
            }
        }
        this.file = topology.namespaces[0]?.source.file ?? '';
    }

    link(from: string, to: string): EdgeView | undefined {
        return this.links.get(edgeId('veth', from, to));
    }
}

function lit(s: TraceStep, index: TopologyIndex): { highlight: string[]; edge?: string; place?: string } {
    const ns = namespaceId(s.netns);
    if (s.link) {
        const from = portIdOfQualified(s.link.from);
        const to = portIdOfQualified(s.link.to);
        const edge = index.link(from, to)?.id;
        return { highlight: [ns, from, to, ...(edge ? [edge] : [])], ...(edge ? { edge } : {}), place: from };
    }
    if (s.bridge) {
        const bridge = bridgeId(s.netns, s.bridge.bridge);
        const ports = [s.bridge.port, ...(s.bridge.ports ?? [])].filter((p): p is string => p !== undefined).map((p) => portId(s.netns, p));
        const members = ports.map((p) => edgeId('member', bridge, p));
        return { highlight: [ns, bridge, ...ports, ...members], place: portId(s.netns, s.bridge.bridge) };
    }
    if (s.encap) {
        const tunnel = index.tunnels.get(`${s.netns}/${s.encap.vni}`);
        return tunnel ? { highlight: [ns, tunnel.port, ...tunnel.edges], ...(tunnel.edges.length === 1 ? { edge: tunnel.edges[0] } : {}), place: tunnel.port } : { highlight: [ns] };
    }
    if (s.route) {
        const dev = portId(s.netns, s.route.dev);
        return { highlight: [ns, dev], place: dev };
    }
    return { highlight: [ns] };
}

function revealOf(s: TraceStep, place: string | undefined, index: TopologyIndex): ViewSource {
    if (s.source) {
        return s.source;
    }
    if (s.line !== null) {
        return { file: s.file ?? index.file, line: s.line, column: 1 };
    }
    return (place !== undefined ? index.sources.get(place) : undefined) ?? index.sources.get(namespaceId(s.netns)) ?? { file: index.file, line: 1, column: 1 };
}

const DECIDING_VERDICTS = new Set(['DROP', 'REJECT']);

/** The step that decided a leg: the first drop, reject or delivery in the namespace the outcome names. */
function decidingStep(steps: PlaybackStep[], at: TraceAt): PlaybackStep | undefined {
    const inPlace = steps.filter((p) => p.depth === 0 && (at.netns === null || p.step.netns === at.netns));
    return inPlace.find((p) => p.step.kind === 'deliver' || p.step.kind === 'drop'
            || (p.step.kind === 'netfilter' && DECIDING_VERDICTS.has(p.step.verdict ?? '') && (at.chain === null || p.step.chain === at.chain)))
        ?? inPlace.at(-1) ?? steps.filter((p) => p.depth === 0).at(-1);
}

/** Chains traversed with nothing matching: a policy ACCEPT right after something other than a rule of that chain's table. */
function isEmptyTraversal(s: TraceStep, previous: TraceStep | undefined): boolean {
    return s.kind === 'netfilter' && s.policy && s.verdict === 'ACCEPT'
        && !(previous?.kind === 'netfilter' && previous.netns === s.netns && previous.hook === s.hook && previous.table === s.table);
}

export function tracePlayback(trace: Trace, topology: TopologyView, options: PlaybackOptions = {}): TracePlayback {
    const index = new TopologyIndex(topology);
    const steps: PlaybackStep[] = [];
    const groups: PlaybackGroup[] = [];
    const path: Record<Leg, string[]> = { request: [], reply: [] };
    let hiddenSteps = 0;
    const push = (s: TraceStep, leg: Leg, depth: number): void => {
        const { highlight, edge, place } = lit(s, index);
        const last = groups.at(-1);
        if (depth === 0 && (!last || last.leg !== leg || last.netns !== s.netns || last.hook !== s.hook)) {
            groups.push({ index: groups.length, leg, netns: s.netns, hook: s.hook, label: s.hook ? `${s.netns} · ${s.hook}` : s.netns, first: steps.length, count: 0 });
        }
        const group = groups[groups.length - 1];
        group.count++;
        const step: TraceStep = s.arp ? { ...s, arp: { ...s.arp, steps: [] } } : s;
        steps.push({
            index: steps.length, leg, depth, group: group.index, step, title: titleOf(s), highlight, ...(edge ? { edge } : {}),
            ...(s.nat ? { nat: natDiff(s.nat.before, s.nat.after) } : {}), reveal: revealOf(s, place, index), decisive: false
        });
        if (edge && depth === 0 && !path[leg].includes(edge)) {
            path[leg].push(edge);
        }
        for (const sub of s.arp?.steps ?? []) {
            push(sub, leg, depth + 1);
        }
    };
    const leg = (list: TraceStep[], name: Leg, at: TraceAt): void => {
        const start = steps.length;
        list.forEach((s, i) => {
            if (!options.showEmptyChains && isEmptyTraversal(s, list[i - 1])) {
                hiddenSteps++;
            } else {
                push(s, name, 0);
            }
        });
        const deciding = decidingStep(steps.slice(start), at);
        if (deciding) {
            deciding.decisive = true;
        }
    };
    leg(trace.steps, 'request', trace.at);
    if (trace.reply) {
        leg(trace.reply.steps, 'reply', trace.reply.at);
    }
    const title = trace.probe ?? `${trace.packet.proto} ${trace.packet.src} → ${trace.packet.dst}`;
    return {
        title, packet: packetText(trace.packet), outcome: trace.outcome, reason: trace.reason, at: trace.at,
        ...(trace.reply ? { reply: { outcome: trace.reply.outcome, reason: trace.reply.reason, packet: packetText(trace.reply.packet) } } : {}),
        steps, groups, path, hiddenSteps
    };
}
