import { formatIPv4 } from '../model/model-api.js';
import type { IPv4 } from '../model/model-api.js';
import type { TracePacket } from './trace-types.js';

/** TCP flag bits as the kernel and the tcp match number them. */
export const TCP_FIN = 1;
export const TCP_SYN = 2;
export const TCP_RST = 4;
export const TCP_PSH = 8;
export const TCP_ACK = 16;
export const TCP_URG = 32;

export const PROTO_NUMBER = { icmp: 1, tcp: 6, udp: 17 } as const;

/** What a packet is for the probe, which decides what "arriving" means for it. */
export type PacketRole = 'request' | 'reply' | 'error' | 'encap';

export interface Tuple {
    proto: 'icmp' | 'tcp' | 'udp';
    src: IPv4;
    dst: IPv4;
    sport: number;
    dport: number;
}

/** A simulated IPv4 packet. Copied on write: branches (floods) never share a mutable packet. */
export interface Packet {
    proto: 'icmp' | 'tcp' | 'udp';
    src: IPv4;
    dst: IPv4;
    /** tcp/udp ports; for ICMP echo the identifier is carried in both (conntrack keys echo on it). */
    sport: number;
    dport: number;
    icmpType: number;
    icmpCode: number;
    tcpFlags: number;
    ttl: number;
    mark: number;
    role: PacketRole;
    /** ICMP errors and resets: the header of the packet they answer, as it was when the error was generated. */
    inner?: Tuple;
    /** VXLAN outer packets: the frame inside and its VNI. */
    encap?: { vni: number; frame: Frame };
}

export const BROADCAST_MAC = 'ff:ff:ff:ff:ff:ff';

export type FramePayload =
    | { kind: 'ipv4'; packet: Packet }
    /** `answeredBy` names the answering interface (`NS.IF`) so the trace can say who answered. */
    | { kind: 'arp'; op: 'request' | 'reply'; senderIp: IPv4; senderMac: string; targetIp: IPv4; answeredBy?: string };

export interface Frame {
    src: string;
    dst: string;
    /** 802.1Q tag while the frame travels tagged. */
    vlan?: number;
    /** The macvlan child that sent it out its parent, for the private-mode and isolation checks on reflection. */
    macvlanOrigin?: string;
    payload: FramePayload;
}

export function clonePacket(p: Packet): Packet {
    return { ...p, inner: p.inner ? { ...p.inner } : undefined };
}

export function cloneFrame(f: Frame): Frame {
    return { ...f, payload: f.payload.kind === 'ipv4' ? { kind: 'ipv4', packet: clonePacket(f.payload.packet) } : { ...f.payload } };
}

export function tupleOf(p: Packet): Tuple {
    return { proto: p.proto, src: p.src, dst: p.dst, sport: p.sport, dport: p.dport };
}

export function tupleKey(t: Tuple): string {
    return `${t.proto}|${t.src}|${t.dst}|${t.sport}|${t.dport}`;
}

export function invertTuple(t: Tuple): Tuple {
    return { proto: t.proto, src: t.dst, dst: t.src, sport: t.dport, dport: t.sport };
}

export function tcpFlagsText(flags: number): string {
    const names: [number, string][] = [[TCP_SYN, 'SYN'], [TCP_RST, 'RST'], [TCP_FIN, 'FIN'], [TCP_PSH, 'PSH'], [TCP_ACK, 'ACK'], [TCP_URG, 'URG']];
    return names.filter(([bit]) => (flags & bit) !== 0).map(([, name]) => name).join(' ');
}

export function tracePacket(p: Packet): TracePacket {
    const out: TracePacket = { proto: p.proto, src: formatIPv4(p.src), dst: formatIPv4(p.dst), ttl: p.ttl };
    if (p.proto === 'icmp') {
        out.icmpType = p.icmpType;
        out.icmpCode = p.icmpCode;
    } else {
        out.sport = p.sport;
        out.dport = p.dport;
    }
    if (p.proto === 'tcp') {
        out.tcpFlags = tcpFlagsText(p.tcpFlags);
    }
    if (p.mark !== 0) {
        out.mark = p.mark;
    }
    return out;
}

export function describePacket(p: Packet): string {
    const ports = p.proto === 'icmp' ? ` type ${p.icmpType} code ${p.icmpCode}` : ` ${p.sport} > ${p.dport}`;
    const flags = p.proto === 'tcp' ? ` [${tcpFlagsText(p.tcpFlags)}]` : '';
    return `${p.proto} ${formatIPv4(p.src)} > ${formatIPv4(p.dst)}${ports}${flags}`;
}

/** `src:sport > dst:dport` (addresses only for ICMP), as NAT steps show a rewrite. */
export function endpointsText(p: TracePacket): string {
    return p.proto === 'icmp' ? `${p.src} > ${p.dst}` : `${p.src}:${p.sport} > ${p.dst}:${p.dport}`;
}
