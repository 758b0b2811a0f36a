import type { IPv4, Match, OptionValue } from '../model/model-api.js';
import { optionValue, prefixMask } from '../model/model-api.js';
import type { Packet } from './packet-types.js';

/**
 * What matches remember between packets: the `recent` match's address lists (xt_recent) and the `hashlimit`
 * match's token buckets (xt_hashlimit), per namespace and by name, as the kernel keeps them. A probe starts with
 * all of it empty, as the first connection from a source meets it, and it persists from the request to its reply
 * and errors. No time passes within a probe: `--seconds` (at least 1) counts every hit, `--reap` forgets none,
 * and a bucket does not refill.
 */
export interface MatchState {
    /** Namespace → list name → masked address → entry. */
    recent: Map<string, Map<string, Map<IPv4, RecentEntry>>>;
    /** Namespace → table name → hash key → packets that took a token. */
    hashlimit: Map<string, Map<string, Map<string, number>>>;
}

interface RecentEntry {
    hits: number;
    /** The TTL recorded with the last hit (`--rttl` compares it). */
    ttl: number;
}

/** What a predicate needs of the packet's place (a MatchContext has it). */
export interface StateContext {
    netns: string;
    packet: Packet;
    state: MatchState;
    /** Both set: the packet is being forwarded, and the kernel compares the TTL it had before this host decremented it. */
    iif?: string;
    oif?: string;
}

export function emptyMatchState(): MatchState {
    return { recent: new Map(), hashlimit: new Map() };
}

/** The state as it is now, for looking ahead without recording anything. */
export function copyMatchState(state: MatchState): MatchState {
    const copy = <V>(byNetns: Map<string, Map<string, Map<V, unknown>>>, entry: (v: unknown) => unknown) =>
        new Map([...byNetns].map(([netns, byName]) => [netns, new Map([...byName].map(([name, entries]) =>
            [name, new Map([...entries].map(([key, v]) => [key, entry(v)]))]))]));
    return {
        recent: copy(state.recent, (e) => ({ ...(e as RecentEntry) })) as MatchState['recent'],
        hashlimit: copy(state.hashlimit, (n) => n) as MatchState['hashlimit']
    };
}

/** The named table of one namespace in `byNetns`, created empty. */
function table<K, V>(byNetns: Map<string, Map<string, Map<K, V>>>, netns: string, name: string): Map<K, V> {
    let byName = byNetns.get(netns);
    if (!byName) {
        byName = new Map();
        byNetns.set(netns, byName);
    }
    let entries = byName.get(name);
    if (!entries) {
        entries = new Map();
        byName.set(name, entries);
    }
    return entries;
}

/**
 * One `-m recent` match as a predicate with the kernel's side effects: `--set` records, `--update` records on a
 * match, `--remove` deletes. `!` (on the command option) inverts the result, and `--update` then records when the
 * inverted result holds, as xt_recent does.
 */
export function compileRecent(m: Match): (c: StateContext) => boolean {
    const command = m.options.find((o) => o.name === 'set' || o.name === 'rcheck' || o.name === 'update' || o.name === 'remove');
    const invert = command?.negated === true;
    const kind = command?.name ?? 'rcheck';
    const nameValue = optionValue(m, 'name');
    const name = nameValue?.kind === 'string' ? nameValue.value : 'DEFAULT';
    const maskValue = optionValue(m, 'mask');
    const mask = maskValue?.kind === 'cidr' ? maskValue.address : 0xffffffff;
    // Of --rsource and --rdest, the last one written wins.
    const side = m.options.filter((o) => o.name === 'rsource' || o.name === 'rdest').pop()?.name ?? 'rsource';
    const hitValue = optionValue(m, 'hitcount');
    const hitcount = hitValue?.kind === 'number' ? hitValue.value : 0;
    const rttl = optionValue(m, 'rttl') !== undefined;
    return (c) => {
        const address = ((side === 'rdest' ? c.packet.dst : c.packet.src) & mask) >>> 0;
        const ttl = c.iif !== undefined && c.oif !== undefined ? c.packet.ttl + 1 : c.packet.ttl;
        const list = table(c.state.recent, c.netns, name);
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

const PORT_PROTOCOLS = new Set(['tcp', 'udp']);

/**
 * One `-m hashlimit` match (packet rates; byte rates stay unmodelled). Each hash key (the fields of
 * `--hashlimit-mode`, masked) has a bucket of `--hashlimit-burst` tokens (default 5) that no time refills within a
 * probe: a packet that gets a token is under the limit. `--hashlimit-above`, or a negated `--hashlimit-upto`,
 * matches the packets over it; a token is taken either way. Undefined for a byte rate, which stays unmodelled (the
 * rule's unmodelled option says so, and the condition counts as satisfied like any other).
 */
export function compileHashlimit(m: Match): ((c: StateContext) => boolean) | undefined {
    const rate = m.options.find((o) => o.name === 'hashlimit-upto' || o.name === 'hashlimit-above');
    if (!rate) {
        return undefined;
    }
    const above = (rate.name === 'hashlimit-above') !== rate.negated;
    const burstValue = optionValue(m, 'hashlimit-burst');
    const burst = burstValue?.kind === 'number' ? burstValue.value : 5;
    const modeValue = optionValue(m, 'hashlimit-mode');
    const mode = new Set(modeValue?.kind === 'words' ? modeValue.words : []);
    const srcMask = prefixMask(numberOf(optionValue(m, 'hashlimit-srcmask'), 32));
    const dstMask = prefixMask(numberOf(optionValue(m, 'hashlimit-dstmask'), 32));
    const nameValue = optionValue(m, 'hashlimit-name');
    const name = nameValue?.kind === 'string' ? nameValue.value : '';
    return (c) => {
        const p = c.packet;
        const ports = PORT_PROTOCOLS.has(p.proto);
        const key = [
            mode.has('SRCIP') ? (p.src & srcMask) >>> 0 : '',
            mode.has('SRCPORT') && ports ? p.sport : '',
            mode.has('DSTIP') ? (p.dst & dstMask) >>> 0 : '',
            mode.has('DSTPORT') && ports ? p.dport : ''
        ].join('/');
        const buckets = table(c.state.hashlimit, c.netns, name);
        const taken = buckets.get(key) ?? 0;
        if (taken < burst) {
            buckets.set(key, taken + 1);
            return !above;
        }
        return above;
    };
}

function numberOf(v: OptionValue | undefined, otherwise: number): number {
    return v?.kind === 'number' ? v.value : otherwise;
}
