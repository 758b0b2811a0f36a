import type { IPv4, Model, Outcome, Probe, Rule } from '../model/model-api.js';
import { parseIPv4 } from '../model/model-api.js';
import { mainFileOf, ruleMarker } from './kernel-names.js';
import type { Counters } from './verify-counters.js';
import type { KernelStep } from './verify-trace.js';

/**
 * What the kernel did with one probe, in LANGUAGE.md's terms: the outcome table and its `at` rules applied to what
 * the sender saw, where the request was delivered, the per-rule trace and the kernel's counters.
 */

/** What the sending program reported (see traffic-agent.ts). */
export interface SenderObservation {
    /** The send failed in the sender's own stack (`ENETUNREACH`...). */
    sendError?: string;
    /** The address a reply came from. */
    reply?: string;
    /** The error the socket reported later (`ECONNREFUSED`, `EHOSTUNREACH`...). */
    error?: string;
    /** ICMP errors about the probe that reached the sender. */
    icmp?: { type: number; code: number; from: string }[];
}

export interface KernelObservation {
    sender: SenderObservation;
    /** Model namespaces where the request reached a local socket (a listener, or the kernel's echo responder). */
    deliveredIn: string[];
    /** Per model namespace. */
    counters: Map<string, Counters>;
    /** Per model namespace, the model's rules and the policies the traced packets met, in order. */
    steps: Map<string, KernelStep[]>;
}

export interface KernelAt {
    netns?: string;
    table?: string;
    chain?: string;
    line?: number;
    file?: string;
}

export interface KernelResult {
    outcome: Outcome;
    at: KernelAt;
    reason: string;
}

/** The model's rules by the marker they carry in the kernel, per namespace. */
export type RuleIndex = Map<string, Map<string, Rule>>;

export function indexRules(model: Model): RuleIndex {
    const mainFile = mainFileOf(model);
    const index: RuleIndex = new Map();
    for (const ns of model.namespaces) {
        const byMarker = new Map<string, Rule>();
        for (const table of ns.ruleset.tables.values()) {
            for (const chain of table.chains.values()) {
                for (const rule of chain.rules) byMarker.set(ruleMarker(rule, mainFile), rule);
            }
        }
        index.set(ns.name, byMarker);
    }
    return index;
}

/** Counters that name a loss when no rule decided, with what each means (SEMANTICS.md §7, §11). */
const LOSS_COUNTERS: readonly [string, string][] = [
    ['IpInAddrErrors', 'forwarding is disabled (net.ipv4.ip_forward = 0) or the address is not acceptable here'],
    ['TcpExtIPReversePathFilter', 'the reverse-path filter (rp_filter) discarded it'],
    ['IpExtInNoRoutes', 'no route for it'],
    ['IcmpOutTimeExcds', 'its TTL ran out (a routing loop)'],
    ['IcmpOutDestUnreachs', 'an ICMP error was sent back but never reached the sender'],
    ['IpOutNoRoutes', 'no route for it'],
    ['IpInHdrErrors', 'its TTL ran out or its header was refused'],
    ['IpInDiscards', 'it was discarded on input'],
    ['IpOutDiscards', 'it was discarded on output'],
];

export function classify(model: Model, probe: Probe, obs: KernelObservation, rules: RuleIndex): KernelResult {
    const owner = addressOwners(model);
    const sender = probe.from;
    const s = obs.sender;
    const ownerOf = (text: string): string | undefined => {
        const a = parseIPv4(text);
        return a === undefined ? undefined : (a >>> 24 === 127 ? sender : owner.get(a));
    };
    const delivered = obs.deliveredIn[0];
    if (s.reply !== undefined) {
        return { outcome: 'established', at: { netns: delivered ?? ownerOf(s.reply) }, reason: `the reply came back from ${s.reply}` };
    }
    if (delivered !== undefined) {
        return { outcome: 'delivered', at: { netns: delivered }, reason: `delivered in ${delivered}; no reply reached the sender` };
    }
    if (s.sendError === 'ENETUNREACH' || s.sendError === 'EHOSTUNREACH') {
        return { outcome: 'unreachable', at: { netns: sender }, reason: `the send failed at once: ${s.sendError}` };
    }
    const reject = decidingStep(model, obs, (st) => st.kind === 'rule' && st.target === 'REJECT');
    const drop = decidingStep(model, obs, (st) => st.verdict === 'DROP' && !(st.kind === 'rule' && st.target === 'REJECT'));
    const errorSeen = (s.icmp?.length ?? 0) > 0 || s.error !== undefined;
    const rise = (n: string, name: string): number => {
        const counters = obs.counters.get(n);
        const value = counters?.get(name) ?? 0;
        // A router that forwards a packet out of the interface it came in on sends an ICMP redirect, and a redirect
        // it fails to send counts as an output discard: not a loss of the probe's packet.
        return name === 'IpOutDiscards' ? value - (counters?.get('IcmpOutRedirects') ?? 0) : value;
    };
    const moved = (name: string, except?: string): string | undefined =>
        model.namespaces.map((n) => n.name).find((n) => n !== except && rise(n, name) > 0);
    if (errorSeen) {
        if (reject) {
            return { outcome: 'rejected', at: stepAt(reject, rules), reason: `REJECT: ${reject.ruleText ?? ''}` };
        }
        const icmp = s.icmp?.[0];
        if (icmp?.type === 11) {
            const where = moved('IcmpOutTimeExcds') ?? ownerOf(icmp.from);
            return { outcome: 'dropped', at: { netns: where }, reason: `TTL exhausted (a routing loop): time exceeded from ${icmp.from}` };
        }
        if (icmp === undefined || (icmp.type === 3 && icmp.code === 3)) {
            if (probe.packet.protocol !== 'icmp') {
                const where = moved(probe.packet.protocol === 'tcp' ? 'TcpOutRsts' : 'UdpNoPorts') ?? (icmp ? ownerOf(icmp.from) : undefined);
                if (where !== undefined || s.error === 'ECONNREFUSED') {
                    return { outcome: 'refused', at: { netns: where }, reason: `no socket on port ${probe.packet.dport} (${s.error ?? 'port unreachable'})` };
                }
            }
        }
        if (icmp !== undefined && ownerOf(icmp.from) === sender && probe.iif === undefined) {
            return { outcome: 'unreachable', at: { netns: sender }, reason: `no neighbour answered: host unreachable from ${icmp.from} (itself)` };
        }
        if (icmp !== undefined) {
            const where = moved('IcmpOutDestUnreachs', sender) ?? ownerOf(icmp.from);
            return { outcome: 'rejected', at: { netns: where }, reason: `ICMP type ${icmp.type} code ${icmp.code} from ${icmp.from}` };
        }
        return { outcome: 'unreachable', at: { netns: sender }, reason: `the socket failed: ${s.error}` };
    }
    if (reject) {
        return { outcome: 'dropped', at: stepAt(reject, rules), reason: `REJECT's error never reached the sender: ${reject.ruleText ?? ''}` };
    }
    if (drop) {
        const what = drop.kind === 'policy' ? `the policy of ${drop.table} ${drop.chain}` : (drop.ruleText ?? '');
        return { outcome: 'dropped', at: stepAt(drop, rules), reason: `DROP: ${what}` };
    }
    for (const [counter, meaning] of LOSS_COUNTERS) {
        const where = moved(counter);
        if (where !== undefined) {
            return { outcome: 'dropped', at: { netns: where }, reason: `${meaning} (${counter})` };
        }
    }
    return { outcome: 'dropped', at: {}, reason: 'nothing came back, and no rule or kernel counter says where it was lost' };
}

/** The first step, in model namespace order, that satisfies `test`. */
function decidingStep(model: Model, obs: KernelObservation, test: (s: KernelStep) => boolean): (KernelStep & { model: string }) | undefined {
    for (const ns of model.namespaces) {
        const found = obs.steps.get(ns.name)?.find(test);
        if (found) return { ...found, model: ns.name };
    }
    return undefined;
}

function stepAt(step: KernelStep & { model: string }, rules: RuleIndex): KernelAt {
    const rule = step.marker === undefined ? undefined : rules.get(step.model)?.get(step.marker);
    return { netns: step.model, table: step.table, chain: step.chain, line: rule?.source.line, file: rule?.source.file };
}

function addressOwners(model: Model): Map<IPv4, string> {
    const owners = new Map<IPv4, string>();
    for (const ns of model.namespaces) {
        for (const iface of ns.interfaces) {
            for (const a of iface.addresses) {
                if (!owners.has(a.address)) owners.set(a.address, ns.name);
            }
        }
    }
    return owners;
}
