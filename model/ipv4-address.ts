import ipaddr from 'ipaddr.js';

/**
 * IPv4 addresses travel through the model as unsigned 32-bit integers: rulesets of 100,000 rules are matched and indexed
 * by integer arithmetic, never by string comparison. Parsing and formatting go through ipaddr.js.
 */
export type IPv4 = number;

/** A network or an address with its prefix length (`192.168.31.10/24`: address keeps the host bits). */
export interface Cidr {
    address: IPv4;
    prefix: number;
}

/** Parses dotted-quad text; undefined when it is not a valid IPv4 address (octet > 255, wrong number of parts...). */
export function parseIPv4(text: string): IPv4 | undefined {
    if (!ipaddr.IPv4.isValidFourPartDecimal(text)) {
        return undefined;
    }
    const b = ipaddr.IPv4.parse(text).octets;
    return ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0;
}

/** Parses `a.b.c.d/n` (or a bare address, which means /32). */
export function parseCidr(text: string): Cidr | undefined {
    const slash = text.indexOf('/');
    const address = parseIPv4(slash < 0 ? text : text.slice(0, slash));
    if (address === undefined) {
        return undefined;
    }
    if (slash < 0) {
        return { address, prefix: 32 };
    }
    const prefixText = text.slice(slash + 1);
    if (!/^\d{1,2}$/.test(prefixText) || Number(prefixText) > 32) {
        return undefined;
    }
    return { address, prefix: Number(prefixText) };
}

export function formatIPv4(address: IPv4): string {
    return `${address >>> 24}.${(address >>> 16) & 255}.${(address >>> 8) & 255}.${address & 255}`;
}

export function formatCidr(cidr: Cidr): string {
    return `${formatIPv4(cidr.address)}/${cidr.prefix}`;
}

export function prefixMask(prefix: number): number {
    return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

export function networkOf(cidr: Cidr): IPv4 {
    return (cidr.address & prefixMask(cidr.prefix)) >>> 0;
}

export function broadcastOf(cidr: Cidr): IPv4 {
    return (networkOf(cidr) | ~prefixMask(cidr.prefix)) >>> 0;
}

export function cidrContains(cidr: Cidr, address: IPv4): boolean {
    const mask = prefixMask(cidr.prefix);
    return ((cidr.address & mask) >>> 0) === ((address & mask) >>> 0);
}

/** Converts a dotted netmask (`255.255.0.0`, as iptables accepts after `/`) to a prefix length, if it is contiguous. */
export function maskToPrefix(mask: IPv4): number | undefined {
    const inverted = ~mask >>> 0;
    if ((inverted & (inverted + 1)) !== 0) {
        return undefined;
    }
    return 32 - Math.log2(inverted + 1);
}
