import type { Cidr } from '../../model/model-api.js';
import { parseCidr } from '../../model/model-api.js';

/**
 * Parses an address written in a `.netz` file, or says precisely which part is out of range
 * (LANGUAGE.md §1: range errors are validation errors, never lexer noise).
 */
export function parseWrittenAddress(text: string): { cidr: Cidr } | { problem: string } {
    const cidr = parseCidr(text);
    if (cidr) {
        return { cidr };
    }
    const [address, prefix] = text.split('/');
    const octets = address.split('.');
    const bad = octets.findIndex(octet => Number(octet) > 255);
    if (bad >= 0) {
        return { problem: `octet ${bad + 1} of '${address}' is ${octets[bad]}; each octet of an IPv4 address is 0..255` };
    }
    if (octets.some(octet => octet.length > 1 && octet.startsWith('0'))) {
        return { problem: `'${address}' has an octet with a leading zero, which tools read as octal; write it without the zero` };
    }
    if (prefix !== undefined && Number(prefix) > 32) {
        return { problem: `prefix length /${prefix} is out of range; an IPv4 prefix is /0../32` };
    }
    return { problem: `'${text}' is not an IPv4 address` };
}

/** A locally administered unicast MAC derived from the interface's identity, stable across runs (the kernel picks a random one). */
export function derivedMac(netns: string, name: string): string {
    let hash = 0x811c9dc5;
    for (const char of `${netns}/${name}`) {
        hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
    }
    const last = Math.imul(hash ^ 0x5bd1e995, 0x01000193) >>> 24;
    const bytes = [0x02, hash & 255, (hash >>> 8) & 255, (hash >>> 16) & 255, hash >>> 24, last];
    return bytes.map(byte => byte.toString(16).padStart(2, '0')).join(':');
}
