/**
 * IPv4 addresses travel through the model as unsigned 32-bit integers: rulesets of 100,000 rules are matched and indexed
 * by integer arithmetic, never by string comparison.
 */
export type IPv4 = number;

/** A network or an address with its prefix length (`192.168.31.10/24`: address keeps the host bits). */
export interface Cidr {
    address: IPv4;
    prefix: number;
}

/**
 * Dotted-quad IPv4 text to its 32-bit value; undefined unless exactly four decimal octets 0..255 without leading
 * zeros (ipaddr.js's four-part decimal form, which a property test holds it to). Hand-written because addresses are
 * the most frequent argument of a kube-proxy ruleset: going through ipaddr.js was the parser's largest allocation.
 */
export function parseIPv4(text: string): number | undefined {
    let value = 0;
    let octet = 0;
    let digits = 0;
    let parts = 0;
    for (let i = 0; i <= text.length; i++) {
        const c = i < text.length ? text.charCodeAt(i) : 46 /* . */;
        if (c === 46) {
            if (digits === 0 || parts === 4) {
                return undefined;
            }
            value = value * 256 + octet;
            parts++;
            octet = 0;
            digits = 0;
        } else if (c >= 48 && c <= 57) {
            if (digits === 1 && octet === 0) {
                return undefined; // a leading zero
            }
            octet = octet * 10 + (c - 48);
            digits++;
            if (octet > 255) {
                return undefined;
            }
        } else {
            return undefined;
        }
    }
    return parts === 4 ? value : undefined;
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
