import type { IPv4, Match, OptionValue } from '../model/model-api.js';
import type { Packet } from './packet-types.js';

/**
 * The `recent` match (xt_recent): per namespace, lists of addresses by name, each address with its hits. A probe
 * starts with every list empty, as the first connection from a source meets them, and the lists persist from the
 * request to its reply and errors, as the kernel's do. All hits of one probe happen within the same second, so
 * `--seconds` (at least 1) counts all of them and `--reap` forgets none.
 */

interface RecentEntry {
    hits: number;
    /** The TTL recorded with the last hit (`--rttl` compares it). */
    ttl: number;
}

/** Namespace → list name → masked address → entry. */
export type RecentLists = Map<string, Map<string, Map<IPv4, RecentEntry>>>;

/** What a predicate needs of the packet's place (a MatchContext has it). */
export interface RecentContext {
    netns: string;
    packet: Packet;
    recent: RecentLists;
    /** Both set: the packet is being forwarded, and the kernel compares the TTL it had before this host decremented it. */
    iif?: string;
    oif?: string;
}

/** The lists as they are now, for looking ahead without recording anything. */
export function copyRecentLists(lists: RecentLists): RecentLists {
    return new Map([...lists].map(([netns, byName]) => [netns, new Map([...byName].map(([name, entries]) =>
        [name, new Map([...entries].map(([address, e]) => [address, { ...e }]))]))]));
}

function value(m: Match, name: string): OptionValue | undefined {
    return m.options.find((o) => o.name === name)?.value;
}

function has(m: Match, name: string): boolean {
    return m.options.some((o) => o.name === name);
}

/**
 * One `-m recent` match as a predicate with the kernel's side effects: `--set` records, `--update` records on a
 * match, `--remove` deletes. `!` (on the command option) inverts the result, and `--update` then records when the
 * inverted result holds, as xt_recent does.
 */
export function compileRecent(m: Match): (c: RecentContext) => boolean {
    const command = m.options.find((o) => o.name === 'set' || o.name === 'rcheck' || o.name === 'update' || o.name === 'remove');
    const invert = command?.negated === true;
    const kind = command?.name ?? 'rcheck';
    const nameValue = value(m, 'name');
    const name = nameValue?.kind === 'string' ? nameValue.value : 'DEFAULT';
    const maskValue = value(m, 'mask');
    const mask = maskValue?.kind === 'cidr' ? maskValue.address : 0xffffffff;
    // Of --rsource and --rdest, the last one written wins.
    const side = m.options.filter((o) => o.name === 'rsource' || o.name === 'rdest').pop()?.name ?? 'rsource';
    const hitValue = value(m, 'hitcount');
    const hitcount = hitValue?.kind === 'number' ? hitValue.value : 0;
    const rttl = has(m, 'rttl');
    return (c) => {
        const address = ((side === 'rdest' ? c.packet.dst : c.packet.src) & mask) >>> 0;
        const ttl = c.iif !== undefined && c.oif !== undefined ? c.packet.ttl + 1 : c.packet.ttl;
        let byName = c.recent.get(c.netns);
        if (!byName) {
            byName = new Map();
            c.recent.set(c.netns, byName);
        }
        let list = byName.get(name);
        if (!list) {
            list = new Map();
            byName.set(name, list);
        }
        const entry = list.get(address);
        let result = invert;
        if (!entry || (rttl && entry.ttl !== ttl)) {
            if (kind === 'set') {
                list.set(address, { hits: 1, ttl });
                result = !result;
            }
            return result;
        }
        if (kind === 'set') {
            result = !result;
        } else if (kind === 'remove') {
            list.delete(address);
            result = !result;
        } else if (entry.hits >= Math.max(hitcount, 1)) {
            result = !result;
        }
        if (kind === 'set' || (kind === 'update' && result)) {
            // The kernel keeps at most ip_pkt_list_tot (20) hits; a probe makes a handful.
            entry.hits++;
            entry.ttl = ttl;
        }
        return result;
    };
}
