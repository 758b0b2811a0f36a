import { cidrContains, optionValue } from '../model/model-api.js';
import type { Chain, IPv4, Match, MatchOption, OptionValue, PortRange, Rule } from '../model/model-api.js';
import type { CtAttachment } from './conntrack-table.js';
import { PROTO_NUMBER, TCP_SYN } from './packet-types.js';
import type { Packet } from './packet-types.js';
import { addressTypeOn } from './address-types.js';
import { compileHashlimit, compileRecent } from './match-state.js';
import type { MatchState } from './match-state.js';
import type { TopologyIndex } from './topology-index.js';
import type { HookName } from './trace-types.js';

/**
 * Rule matching. Each rule is compiled once into a predicate over a MatchContext (cached by rule identity), and
 * long chains get an index on exact `-d a.b.c.d/32` (kube-proxy's KUBE-SERVICES shape), so a probe through
 * 100,000 rules tests only the rules that can match its destination.
 */

export interface MatchContext {
    index: TopologyIndex;
    netns: string;
    hook: HookName;
    packet: Packet;
    /** Input interface name (undefined at OUTPUT); for bridged packets, the bridge. */
    iif?: string;
    oif?: string;
    /** br_netfilter: the bridge ports. */
    physIn?: string;
    physOut?: string;
    bridged: boolean;
    srcMac?: string;
    /** Undefined when conntrack is not active in the namespace. */
    ct?: CtAttachment;
    /** What matches remember between packets, which matching may change (see match-state.ts). */
    state: MatchState;
}

type Predicate = (c: MatchContext) => boolean;

export interface CompiledRule {
    rule: Rule;
    test: Predicate;
    /** `statistic --mode random --probability P`: the branch is followed and P reported (never sampled). */
    probability?: number;
    /** Conditions the simulator ignores, each explained; shown on the rule's step. */
    notes: string[];
}

const ruleCache = new WeakMap<Rule, CompiledRule>();

export function compileRule(rule: Rule): CompiledRule {
    let compiled = ruleCache.get(rule);
    if (!compiled) {
        const notes: string[] = [];
        const preds: Predicate[] = [];
        let probability: number | undefined;
        for (const m of rule.matches) {
            const modulePred = compileMatch(m, notes);
            if (modulePred) {
                // The kernel tests the IP header part first; it matters for matches with effects (recent).
                if (m.module === 'basic') {
                    preds.unshift(modulePred);
                } else {
                    preds.push(modulePred);
                }
            }
            if (m.module === 'statistic') {
                const mode = optionValue(m, 'mode');
                const prob = optionValue(m, 'probability');
                if (mode?.kind === 'string' && mode.value === 'random' && prob?.kind === 'number') {
                    probability = prob.value;
                }
            }
        }
        for (const u of rule.unmodelled) {
            notes.push(u.role === 'match'
                ? `condition not modelled, treated as satisfied: ${u.text}`
                : `effect not simulated: ${u.text}`);
        }
        // A refused rule is never loaded: it matches nothing (its error says why).
        const test: Predicate = rule.refused ? () => false
            : preds.length === 0 ? () => true : preds.length === 1 ? preds[0] : (c) => preds.every((p) => p(c));
        compiled = { rule, test, probability, notes };
        ruleCache.set(rule, compiled);
    }
    return compiled;
}

function inPorts(ranges: PortRange[], port: number): boolean {
    return ranges.some((r) => port >= r.from && port <= r.to);
}

function interfaceMatches(v: OptionValue, name: string | undefined): boolean {
    if (v.kind !== 'interface' || name === undefined) {
        return false;
    }
    return v.wildcard ? name.startsWith(v.name) : name === v.name;
}

function cidrMatches(v: OptionValue, address: IPv4 | undefined): boolean {
    return v.kind === 'cidr' && address !== undefined && cidrContains({ address: v.address, prefix: v.prefix }, address);
}

function portsMatch(v: OptionValue, port: number | undefined): boolean {
    return v.kind === 'ports' && port !== undefined && inPorts(v.ranges, port);
}

function wordsOf(v: OptionValue): string[] {
    return v.kind === 'words' ? v.words.map((w) => w.toUpperCase()) : [];
}

/** Options SYN and SYN-ACK segments of Linux carry: NOP, MSS, window scale, SACK permitted, timestamps. */
const LINUX_SYN_OPTIONS = new Set([1, 2, 3, 4, 8]);

function ctStates(ct: CtAttachment | undefined): string[] {
    if (!ct) {
        return [];
    }
    const states: string[] = [ct.state];
    if (ct.entry?.snat) {
        states.push('SNAT');
    }
    if (ct.entry?.dnat) {
        states.push('DNAT');
    }
    return states;
}

/** One option's condition, before negation; undefined when the simulator cannot decide it (noted, treated as true). */
function compileOption(module: string, o: MatchOption, notes: string[]): Predicate | undefined {
    const v = o.value;
    switch (`${module}:${o.name}`) {
        case 'basic:source': return (c) => cidrMatches(v, c.packet.src);
        case 'basic:destination': return (c) => cidrMatches(v, c.packet.dst);
        case 'basic:in-interface': return (c) => interfaceMatches(v, c.iif);
        case 'basic:out-interface': return (c) => interfaceMatches(v, c.oif);
        case 'basic:protocol':
            return v.kind === 'protocol' && v.protocol !== undefined && v.protocol !== 0
                ? (c) => PROTO_NUMBER[c.packet.proto] === v.protocol
                : () => true;
        case 'basic:fragment': return () => false; // the simulator's packets are never fragments
        case 'tcp:sport': case 'udp:sport': return (c) => portsMatch(v, c.packet.sport);
        case 'tcp:dport': case 'udp:dport': return (c) => portsMatch(v, c.packet.dport);
        case 'tcp:tcp-flags': case 'tcp:syn':
            return v.kind === 'tcpFlags' ? (c) => (c.packet.tcpFlags & v.mask) === v.compare : () => false;
        case 'tcp:tcp-option':
            return v.kind === 'number' ? (c) => (c.packet.tcpFlags & TCP_SYN) !== 0 && LINUX_SYN_OPTIONS.has(v.value) : () => false;
        case 'icmp:icmp-type':
            return v.kind === 'icmpType'
                ? (c) => v.type === undefined || (c.packet.icmpType === v.type && (v.code === undefined || c.packet.icmpCode === v.code))
                : () => false;
        case 'multiport:sports': return (c) => portsMatch(v, c.packet.sport);
        case 'multiport:dports': return (c) => portsMatch(v, c.packet.dport);
        case 'multiport:ports': return (c) => portsMatch(v, c.packet.sport) || portsMatch(v, c.packet.dport);
        case 'conntrack:ctstate': case 'state:state': {
            const want = wordsOf(v);
            return (c) => ctStates(c.ct).some((s) => want.includes(s));
        }
        case 'conntrack:ctproto':
            return v.kind === 'protocol' ? (c) => c.ct?.entry !== undefined && (v.protocol === undefined || PROTO_NUMBER[c.ct.entry.original.proto] === v.protocol) : () => false;
        case 'conntrack:ctorigsrc': return (c) => cidrMatches(v, c.ct?.entry?.original.src);
        case 'conntrack:ctorigdst': return (c) => cidrMatches(v, c.ct?.entry?.original.dst);
        case 'conntrack:ctreplsrc': return (c) => cidrMatches(v, c.ct?.entry?.reply.src);
        case 'conntrack:ctrepldst': return (c) => cidrMatches(v, c.ct?.entry?.reply.dst);
        case 'conntrack:ctorigsrcport': return (c) => portsMatch(v, c.ct?.entry?.original.sport);
        case 'conntrack:ctorigdstport': return (c) => portsMatch(v, c.ct?.entry?.original.dport);
        case 'conntrack:ctreplsrcport': return (c) => portsMatch(v, c.ct?.entry?.reply.sport);
        case 'conntrack:ctrepldstport': return (c) => portsMatch(v, c.ct?.entry?.reply.dport);
        case 'conntrack:ctstatus': {
            const want = wordsOf(v);
            return (c) => {
                const e = c.ct?.entry;
                if (!e) {
                    return false;
                }
                const status = ['NONE', ...(e.seenReply ? ['SEEN_REPLY'] : []), ...(e.confirmed ? ['CONFIRMED'] : [])];
                return want.some((w) => status.includes(w));
            };
        }
        case 'conntrack:ctdir':
            return v.kind === 'string' ? (c) => c.ct?.entry !== undefined && c.ct.direction === v.value.toLowerCase() : () => false;
        case 'mark:mark': return v.kind === 'markMask' ? (c) => ((c.packet.mark & v.mask) >>> 0) === v.value : () => false;
        case 'connmark:mark': return v.kind === 'markMask' ? (c) => c.ct?.entry !== undefined && ((c.ct.entry.mark & v.mask) >>> 0) === v.value : () => false;
        case 'comment:comment': return undefined;
        case 'addrtype:src-type': case 'addrtype:dst-type': case 'addrtype:limit-iface-in': case 'addrtype:limit-iface-out':
            // Compiled together, since a limit changes what the types mean (compileAddrtype).
            return undefined;
        case 'iprange:src-range': return v.kind === 'addressRange' ? (c) => c.packet.src >= v.from && c.packet.src <= v.to : () => false;
        case 'iprange:dst-range': return v.kind === 'addressRange' ? (c) => c.packet.dst >= v.from && c.packet.dst <= v.to : () => false;
        case 'physdev:physdev-in': return (c) => interfaceMatches(v, c.physIn);
        case 'physdev:physdev-out': return (c) => interfaceMatches(v, c.physOut);
        case 'physdev:physdev-is-in': return (c) => c.physIn !== undefined;
        case 'physdev:physdev-is-out': return (c) => c.physOut !== undefined;
        case 'physdev:physdev-is-bridged': return (c) => c.bridged;
        case 'statistic:mode': case 'statistic:probability': case 'statistic:every': case 'statistic:packet':
            return undefined; // decided per module in compileMatch (nth) or reported as a branch probability (random)
        case 'mac:mac-source': return v.kind === 'string' ? (c) => c.srcMac === v.value.toLowerCase() : () => false;
        case 'connlimit:connlimit-above': case 'connlimit:connlimit-upto': {
            notes.push(`${o.text}: the probe's connection is the only one counted`);
            const limit = v.kind === 'number' ? v.value : 0;
            return o.name === 'connlimit-above' ? () => 1 > limit : () => 1 <= limit;
        }
        case 'connlimit:connlimit-mask': case 'connlimit:connlimit-saddr': case 'connlimit:connlimit-daddr':
            return undefined;
        case 'limit:limit': case 'limit:limit-burst':
            notes.push(`${o.text}: one probe is within any rate limit, so the limit matches`);
            return undefined;
        case 'set:match-set':
            notes.push(`${o.text}: ipset contents are not modelled; treated as matching`);
            return undefined;
        default:
            notes.push(`${o.text}: option not modelled by the simulator; treated as matching`);
            return undefined;
    }
}

/** `statistic --mode nth --every N --packet P`: the probe is packet 0 of its counter. */
function compileNth(m: Match): Predicate | undefined {
    const mode = optionValue(m, 'mode');
    if (mode?.kind !== 'string' || mode.value !== 'nth') {
        return undefined;
    }
    const packet = optionValue(m, 'packet');
    const first = packet?.kind === 'number' ? packet.value : 0;
    return () => first === 0;
}

const PROTOCOL_MODULES: Record<string, readonly string[]> = { tcp: ['tcp'], udp: ['udp'], icmp: ['icmp'], multiport: ['tcp', 'udp'] };

function compileMatch(m: Match, notes: string[]): Predicate | undefined {
    const preds: Predicate[] = [];
    const protos = PROTOCOL_MODULES[m.module];
    if (protos) {
        preds.push((c) => protos.includes(c.packet.proto));
    }
    if (m.module === 'statistic') {
        const nth = compileNth(m);
        if (nth) {
            preds.push(nth);
        }
    }
    if (m.module === 'recent') {
        const name = optionValue(m, 'name');
        notes.push(`recent list ${name?.kind === 'string' ? name.value : 'DEFAULT'}: every probe starts with empty lists, as a first connection does`);
        return compileRecent(m);
    }
    if (m.module === 'addrtype') {
        preds.push(...compileAddrtype(m));
    }
    if (m.module === 'hashlimit') {
        const limit = compileHashlimit(m);
        if (limit) {
            notes.push('hashlimit: every probe starts with full buckets, and no time passes within it');
        }
        return limit;
    }
    for (const o of m.options) {
        const p = compileOption(m.module, o, notes);
        if (p) {
            preds.push(o.negated ? (c) => !p(c) : p);
        }
    }
    if (preds.length === 0) {
        return undefined;
    }
    return preds.length === 1 ? preds[0] : (c) => preds.every((p) => p(c));
}

/** `-m addrtype`: each type option, seen through the interface a limit names (the packet's in or out device). */
function compileAddrtype(m: Match): Predicate[] {
    const limitIn = optionValue(m, 'limit-iface-in') !== undefined;
    const limitOut = optionValue(m, 'limit-iface-out') !== undefined;
    const dev = (c: MatchContext): string | undefined => (limitIn ? c.iif : limitOut ? c.oif : undefined);
    const preds: Predicate[] = [];
    for (const o of m.options) {
        if (o.name !== 'src-type' && o.name !== 'dst-type') {
            continue;
        }
        const want = wordsOf(o.value);
        const test: Predicate = (c) => want.includes(addressTypeOn(c.index, c.netns, o.name === 'src-type' ? c.packet.src : c.packet.dst, limitIn || limitOut ? dev(c) : undefined));
        preds.push(o.negated ? (c) => !test(c) : test);
    }
    return preds;
}

/** Long chains: rules keyed by an exact destination address, plus the rules that could match any destination. */
interface ChainIndex {
    byDestination: Map<IPv4, number[]>;
    anyDestination: number[];
}

const INDEX_THRESHOLD = 32;
const chainIndexCache = new WeakMap<Chain, ChainIndex>();

function exactDestination(rule: Rule): IPv4 | undefined {
    for (const m of rule.matches) {
        if (m.module !== 'basic') {
            continue;
        }
        for (const o of m.options) {
            if (o.name === 'destination' && !o.negated && o.value.kind === 'cidr' && o.value.prefix === 32) {
                return o.value.address;
            }
        }
    }
    return undefined;
}

function chainIndex(chain: Chain): ChainIndex {
    let idx = chainIndexCache.get(chain);
    if (!idx) {
        idx = { byDestination: new Map(), anyDestination: [] };
        chain.rules.forEach((rule, i) => {
            const d = exactDestination(rule);
            if (d === undefined) {
                idx!.anyDestination.push(i);
            } else {
                const list = idx!.byDestination.get(d);
                if (list) {
                    list.push(i);
                } else {
                    idx!.byDestination.set(d, [i]);
                }
            }
        });
        chainIndexCache.set(chain, idx);
    }
    return idx;
}

/**
 * The first rule at or after `from` that matches, in chain order, or undefined. Long chains only test the rules whose
 * exact destination is the packet's or that have none; the destination must not change between calls of one walk
 * of the chain, which holds because only NAT (a terminating target) rewrites it.
 */
export function nextMatchingRule(chain: Chain, from: number, c: MatchContext): number | undefined {
    if (chain.rules.length <= INDEX_THRESHOLD) {
        for (let i = from; i < chain.rules.length; i++) {
            if (compileRule(chain.rules[i]).test(c)) {
                return i;
            }
        }
        return undefined;
    }
    const idx = chainIndex(chain);
    const exact = idx.byDestination.get(c.packet.dst) ?? [];
    const any = idx.anyDestination;
    let a = lowerBound(exact, from);
    let b = lowerBound(any, from);
    while (a < exact.length || b < any.length) {
        const i = b >= any.length || (a < exact.length && exact[a] < any[b]) ? exact[a++] : any[b++];
        if (compileRule(chain.rules[i]).test(c)) {
            return i;
        }
    }
    return undefined;
}

function lowerBound(list: number[], value: number): number {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (list[mid] < value) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}
