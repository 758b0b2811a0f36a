import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN, invertTuple, tupleKey, tupleOf } from './packet-types.js';
import type { Packet, Tuple } from './packet-types.js';
import type { TraceConntrack } from './trace-types.js';
import { formatIPv4, getOrCreate } from '../model/model-api.js';

/**
 * Conntrack of one simulation: per namespace, entries keyed by their original and reply tuples. An entry is
 * created at PREROUTING/OUTPUT for a NEW packet, rewritten by NAT, and only inserted (confirmed) when the packet
 * passes POSTROUTING or INPUT, as the kernel does; a dropped packet leaves no entry behind.
 */

export type CtState = 'NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID' | 'UNTRACKED';

export interface ConnEntry {
    original: Tuple;
    /** The tuple replies will carry, after NAT rewrote it. */
    reply: Tuple;
    snat: boolean;
    dnat: boolean;
    seenReply: boolean;
    confirmed: boolean;
    mark: number;
}

/** What conntrack attached to a packet in one namespace. */
export interface CtAttachment {
    netns: string;
    state: CtState;
    entry?: ConnEntry;
    direction: 'original' | 'reply';
}

export type ConntrackTables = Map<string, Map<string, { entry: ConnEntry; direction: 'original' | 'reply' }>>;

function table(tables: ConntrackTables, netns: string): Map<string, { entry: ConnEntry; direction: 'original' | 'reply' }> {
    return getOrCreate(tables, netns, () => new Map());
}

/** A packet conntrack cannot start a connection with (nf_conntrack_tcp's table with tcp_loose=1, and ICMP replies). */
function invalidAsNew(p: Packet): boolean {
    if (p.proto === 'tcp') {
        const f = p.tcpFlags;
        if ((f & TCP_SYN) !== 0 && (f & TCP_FIN) !== 0) {
            return true;
        }
        if ((f & TCP_RST) !== 0) {
            return true;
        }
        if ((f & TCP_SYN) !== 0 && (f & TCP_ACK) !== 0) {
            return true;
        }
        return (f & (TCP_SYN | TCP_ACK)) === 0;
    }
    if (p.proto === 'icmp') {
        // Only queries (echo, timestamp, info, address mask) open an ICMP "connection".
        return ![8, 13, 15, 17].includes(p.icmpType);
    }
    return false;
}

/** The conntrack lookup at PREROUTING/OUTPUT (priority -200). */
export function conntrackLookup(tables: ConntrackTables, netns: string, p: Packet): CtAttachment {
    const t = table(tables, netns);
    const hit = t.get(tupleKey(tupleOf(p)));
    if (hit) {
        if (hit.direction === 'reply') {
            hit.entry.seenReply = true;
        }
        return { netns, state: hit.direction === 'reply' || hit.entry.seenReply ? 'ESTABLISHED' : 'NEW', entry: hit.entry, direction: hit.direction };
    }
    if (p.inner) {
        // An ICMP error or reset about a tracked packet is RELATED: the inner header is a packet of the flow.
        const related = t.get(tupleKey(invertTuple(p.inner))) ?? t.get(tupleKey(p.inner));
        if (related) {
            return { netns, state: 'RELATED', entry: related.entry, direction: 'reply' };
        }
    }
    if (invalidAsNew(p)) {
        return { netns, state: 'INVALID', direction: 'original' };
    }
    const original = tupleOf(p);
    const entry: ConnEntry = { original, reply: invertTuple(original), snat: false, dnat: false, seenReply: false, confirmed: false, mark: 0 };
    return { netns, state: 'NEW', entry, direction: 'original' };
}

/** Confirmation at POSTROUTING/INPUT (priority INT_MAX): the entry becomes visible to later packets. */
export function conntrackConfirm(tables: ConntrackTables, ct: CtAttachment): void {
    const entry = ct.entry;
    if (!entry || entry.confirmed) {
        return;
    }
    entry.confirmed = true;
    const t = table(tables, ct.netns);
    t.set(tupleKey(entry.original), { entry, direction: 'original' });
    t.set(tupleKey(entry.reply), { entry, direction: 'reply' });
}

function traceTuple(t: Tuple): { proto: string; src: string; dst: string; sport?: number; dport?: number } {
    const out: { proto: string; src: string; dst: string; sport?: number; dport?: number } = { proto: t.proto, src: formatIPv4(t.src), dst: formatIPv4(t.dst) };
    if (t.proto !== 'icmp') {
        out.sport = t.sport;
        out.dport = t.dport;
    }
    return out;
}

export function entryStatus(entry: ConnEntry): string[] {
    const status: string[] = [];
    if (entry.seenReply) {
        status.push('SEEN_REPLY');
    }
    if (entry.confirmed) {
        status.push('CONFIRMED');
    }
    if (entry.snat) {
        status.push('SNAT');
    }
    if (entry.dnat) {
        status.push('DNAT');
    }
    return status;
}

export function traceConntrack(ct: CtAttachment): TraceConntrack {
    const out: TraceConntrack = { state: ct.state };
    if (ct.entry) {
        out.direction = ct.direction;
        out.entry = { original: traceTuple(ct.entry.original), reply: traceTuple(ct.entry.reply), status: entryStatus(ct.entry) };
    }
    return out;
}

export function describeTuple(t: Tuple): string {
    const ports = t.proto === 'icmp' ? '' : ` sport=${t.sport} dport=${t.dport}`;
    return `src=${formatIPv4(t.src)} dst=${formatIPv4(t.dst)}${ports}`;
}

/**
 * The stored translation for a packet that is not NEW (SEMANTICS.md §3): at PREROUTING/OUTPUT the destination,
 * at POSTROUTING/INPUT the source, each rewritten toward the tuple the other direction expects.
 * Returns true when it changed the packet.
 */
export function applyStoredNat(p: Packet, ct: CtAttachment, stage: 'dst' | 'src'): boolean {
    const e = ct.entry;
    if (!e || ct.state === 'NEW' || ct.state === 'INVALID' || ct.state === 'UNTRACKED') {
        return false;
    }
    // The tuple the packet must end up with: the inverse of the other direction's tuple.
    const want = ct.direction === 'original' ? invertTuple(e.reply) : invertTuple(e.original);
    const before = `${p.src}|${p.dst}|${p.sport}|${p.dport}`;
    if (ct.state === 'RELATED') {
        // An ICMP error's outer header: only the addresses that belong to the flow are rewritten.
        if (stage === 'dst' && e.snat && p.dst === e.reply.dst) {
            p.dst = e.original.src;
        }
        if (stage === 'src' && e.dnat && p.src === e.reply.src) {
            p.src = e.original.dst;
        }
        if (p.inner && before !== `${p.src}|${p.dst}|${p.sport}|${p.dport}`) {
            p.inner = { ...e.original };
        }
    } else if (stage === 'dst' && ((ct.direction === 'original' && e.dnat) || (ct.direction === 'reply' && e.snat))) {
        p.dst = want.dst;
        if (p.proto !== 'icmp') {
            p.dport = want.dport;
        }
    } else if (stage === 'src' && ((ct.direction === 'original' && e.snat) || (ct.direction === 'reply' && e.dnat))) {
        p.src = want.src;
        if (p.proto !== 'icmp') {
            p.sport = want.sport;
        }
    }
    return before !== `${p.src}|${p.dst}|${p.sport}|${p.dport}`;
}
