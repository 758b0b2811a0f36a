import type { Outcome } from '../model/model-api.js';

/**
 * The Trace: what happened to one probe, step by step, in kernel order. The shape is the JSON contract of
 * LANGUAGE.md §6 (probe, packet, outcome, at, reason, steps, reply); the typed extras follow Batfish's hop/step
 * model so consumers need not parse `detail`. Plain data only (no Map, no class): `JSON.stringify` is the wire form.
 */

export type HookName = 'PREROUTING' | 'INPUT' | 'FORWARD' | 'OUTPUT' | 'POSTROUTING';

export type StepKind =
    | 'link' // a frame crossed a veth pair or a wire
    | 'bridge' // Linux bridge: learn, flood, forward, local delivery
    | 'macvlan' // macvlan driver decision (switched inside, sent out the parent, isolation)
    | 'vlan' // 802.1Q tag pushed or popped
    | 'route' // a routing decision, with the route used
    | 'netfilter' // one matching rule, a chain's policy, or the return from a user chain
    | 'nat' // an address/port rewrite, before and after
    | 'conntrack' // the conntrack state the packet got at a hook
    | 'encap' // VXLAN encapsulation into an outer UDP packet
    | 'decap' // VXLAN decapsulation into the vxlan device
    | 'arp' // neighbour resolution, with the frames it took as sub-steps
    | 'icmp' // an error or reply the kernel generates (ICMP unreachable, TCP RST, echo reply...)
    | 'deliver' // reached a socket, a tun/tap reader, or the sender
    | 'drop'; // discarded by the kernel outside netfilter (no route, ip_forward=0, rp_filter, link down, TTL...)

/** The packet as seen at a step. Addresses are dotted quads: the trace is read by people and other tools. */
export interface TracePacket {
    proto: 'icmp' | 'tcp' | 'udp';
    src: string;
    dst: string;
    sport?: number;
    dport?: number;
    /** ICMP type and code (8/0 echo request, 0/0 echo reply, 3/x unreachable). */
    icmpType?: number;
    icmpCode?: number;
    /** TCP flags as the kernel's log prints them (`SYN`, `SYN ACK`, `RST ACK`). */
    tcpFlags?: string;
    ttl: number;
    /** nfmark, when non-zero. */
    mark?: number;
}

/** Where an element came from in the text (1-based), so every consumer can jump to source. */
export interface TraceSource {
    file: string;
    line: number;
    column: number;
}

export interface TraceAt {
    netns: string | null;
    table: string | null;
    chain: string | null;
    line: number | null;
    file?: string;
}

export interface TraceRoute {
    /** `default`, `192.168.31.0/24`, or `local 192.168.31.1` for the local table. */
    destination: string;
    via?: string;
    dev: string;
    metric?: number;
    /** The source address the kernel picked (output routes) or kept. */
    src?: string;
    origin: 'connected' | 'static' | 'local';
}

export interface TraceNat {
    kind: 'SNAT' | 'DNAT' | 'MASQUERADE' | 'REDIRECT' | 'reverse' | 'established';
    before: TracePacket;
    after: TracePacket;
    /** Where the kernel's choice may differ from the one shown (a random port, a hashed address of a range). */
    note?: string;
}

export interface TraceTuple {
    proto: string;
    src: string;
    dst: string;
    sport?: number;
    dport?: number;
}

export interface TraceConntrack {
    state: 'NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID' | 'UNTRACKED';
    direction?: 'original' | 'reply';
    entry?: { original: TraceTuple; reply: TraceTuple; status: string[] };
}

export interface TraceBridge {
    bridge: string;
    action: 'learn' | 'flood' | 'forward' | 'local';
    mac: string;
    /** The port learned or forwarded to. */
    port?: string;
    /** Flood: every port the frame is copied to. */
    ports?: string[];
}

export interface TraceBranch {
    /** The rule's line and position in its chain. */
    line: number;
    position: number;
    target: string;
    probability: number;
}

/** `statistic --mode random`: the simulator follows the first matching branch and reports the odds instead of sampling. */
export interface TraceAlternatives {
    /** Probability that the branch taken here is the one the kernel takes. */
    probability: number;
    branches: TraceBranch[];
}

export interface TraceStep {
    netns: string;
    kind: StepKind;
    hook: HookName | null;
    table: string | null;
    chain: string | null;
    /** Line of the rule in its file; null for a policy, a return, and non-netfilter steps without text. */
    line: number | null;
    /** Netfilter: the target (ACCEPT, DROP, MASQUERADE, LOG, JUMP, GOTO, RETURN, CONTINUE) or the policy. */
    verdict: string | null;
    policy: boolean;
    /** The packet after this step (NAT, route, encap); absent when the step does not change it. */
    packet?: TracePacket;
    detail: string;
    /** Set when the step's text is in another file than the probe's (an `iptables from` file). */
    file?: string;
    source?: TraceSource;
    /** Netfilter rule steps: position in the chain (as `iptables -L --line-numbers`) and the text after `-A CHAIN`. */
    rule?: { position: number; text: string };
    /** The user chain a JUMP/GOTO enters. */
    target?: string;
    route?: TraceRoute;
    nat?: TraceNat;
    conntrack?: TraceConntrack;
    bridge?: TraceBridge;
    link?: { from: string; to: string };
    encap?: { vni: number; outer: TracePacket };
    arp?: { target: string; answeredBy?: string; mac?: string; steps: TraceStep[] };
    alternatives?: TraceAlternatives;
    /** Conditions or effects written in the rule that the simulator ignores (the rule is evaluated without them). */
    unmodelled?: string[];
}

/** The reply leg (echo reply, SYN-ACK, UDP answer): present when the request was delivered. */
export interface TraceReply {
    /** `delivered` when the reply reached the sender. */
    outcome: Outcome;
    packet: TracePacket;
    at: TraceAt;
    reason: string;
    steps: TraceStep[];
}

export interface Trace {
    probe: string | null;
    /** The request as the sender emits it. */
    packet: TracePacket;
    outcome: Outcome;
    at: TraceAt;
    reason: string;
    steps: TraceStep[];
    reply?: TraceReply;
}
