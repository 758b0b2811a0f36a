import type { Chain, MatchOption, Rule, Table } from '../model/model-api.js';
import { broadcastOf, networkOf } from '../model/model-api.js';

/**
 * A concrete, single-packet walk of one table, written independently of the symbolic packet sets so the
 * property tests can check the analysis against it: rules in order, `-j` pushes a return point, `-g` does
 * not, RETURN or the end of a user chain resumes the caller, the end of a built-in chain applies its policy
 * (SEMANTICS.md §2.1). It knows the fields the analysis reasons about most; any other condition is asked
 * of `oracle`, which stands for whatever the packet, the clock or chance makes of it.
 */
export interface ConcretePacket {
    src: number;
    dst: number;
    /** IP protocol number. */
    proto: number;
    sport: number;
    dport: number;
    /** '' when the hook has none. */
    iif: string;
    oif: string;
    ctstate: 'NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID' | 'UNTRACKED';
    mark: number;
}

export interface Evaluation {
    /** ACCEPT, DROP, REJECT..., a NAT target, or the policy. */
    verdict: string;
    /** The rule that decided; undefined when the policy did. */
    decidedBy?: Rule;
    /** Every rule whose conditions held, in order (non-terminal ones too). */
    matched: Rule[];
    /** The mark at the end of the walk. */
    mark: number;
}

const NON_TERMINAL = new Set(['LOG', 'NFLOG', 'TRACE', 'MARK', 'CONNMARK', 'CT', 'NOTRACK', 'TTL', 'TCPMSS', 'CHECKSUM']);
const MAX_STEPS = 100_000;

export function evaluateChain(table: Table, builtin: string, packet: ConcretePacket, oracle: (rule: Rule, condition: string) => boolean): Evaluation {
    const start = table.chains.get(builtin);
    const policy = start?.policy ?? 'ACCEPT';
    const matched: Rule[] = [];
    let mark = packet.mark;
    const frames: { chain: Chain; next: number }[] = start ? [{ chain: start, next: 0 }] : [];
    for (let steps = 0; frames.length > 0 && steps < MAX_STEPS; steps++) {
        const frame = frames[frames.length - 1];
        const rule = frame.chain.rules[frame.next++];
        if (rule === undefined) {
            frames.pop();
            continue;
        }
        if (!ruleMatches(rule, { ...packet, mark }, oracle)) {
            continue;
        }
        matched.push(rule);
        const target = rule.target;
        if (!target) {
            continue;
        }
        if (target.userChain) {
            const callee = table.chains.get(target.name);
            if (callee) {
                if (target.goto) {
                    frames.pop();
                }
                frames.push({ chain: callee, next: 0 });
            }
            continue;
        }
        if (target.name === 'RETURN') {
            frames.pop();
            if (frames.length === 0) {
                return { verdict: policy, matched, mark };
            }
            continue;
        }
        if (target.name === 'MARK') {
            mark = markTarget(rule, mark);
            continue;
        }
        if (NON_TERMINAL.has(target.name)) {
            continue;
        }
        const verdict = target.name === 'REJECT' && target.options.length === 0 ? 'REJECT --reject-with icmp-port-unreachable' : [target.name, ...target.options.map((o) => o.text)].join(' ');
        return { verdict, decidedBy: rule, matched, mark };
    }
    return { verdict: policy, matched, mark };
}

function markTarget(rule: Rule, mark: number): number {
    for (const o of rule.target!.options) {
        if (o.value.kind !== 'markMask') {
            continue;
        }
        const { value, mask } = o.value;
        switch (o.name) {
            case 'set-mark':
                return ((mark & ~mask) | value) >>> 0;
            case 'set-xmark':
                return ((mark & ~mask) ^ value) >>> 0;
            case 'or-mark':
                return (mark | value) >>> 0;
            case 'and-mark':
                return (mark & value) >>> 0;
            case 'xor-mark':
                return (mark ^ value) >>> 0;
        }
    }
    return mark;
}

function ruleMatches(rule: Rule, p: ConcretePacket, oracle: (rule: Rule, condition: string) => boolean): boolean {
    for (const match of rule.matches) {
        if ((match.module === 'tcp' && p.proto !== 6) || (match.module === 'udp' && p.proto !== 17) || (match.module === 'icmp' && p.proto !== 1)) {
            return false;
        }
        for (const option of match.options) {
            const result = optionHolds(match.module, option, p);
            const holds = result === undefined ? oracle(rule, option.text) : result !== option.negated;
            if (!holds) {
                return false;
            }
        }
    }
    return rule.unmodelled.every((u) => u.role !== 'match' || oracle(rule, u.text));
}

/** undefined: not a field this evaluator knows (the oracle decides, negation included). */
function optionHolds(module: string, option: MatchOption, p: ConcretePacket): boolean | undefined {
    const v = option.value;
    switch (v.kind) {
        case 'cidr': {
            const value = option.name === 'source' ? p.src : option.name === 'destination' ? p.dst : undefined;
            if (value === undefined) {
                return undefined;
            }
            return value >= networkOf(v) && value <= broadcastOf(v);
        }
        case 'interface': {
            const name = option.name === 'in-interface' ? p.iif : option.name === 'out-interface' ? p.oif : undefined;
            if (name === undefined) {
                return undefined;
            }
            return v.wildcard ? name.startsWith(v.name) : name === v.name;
        }
        case 'protocol':
            return option.name === 'protocol' ? v.protocol === undefined || v.protocol === p.proto : undefined;
        case 'ports': {
            const port = option.name === 'sport' || option.name === 'sports' ? p.sport : option.name === 'dport' || option.name === 'dports' ? p.dport : undefined;
            return port === undefined ? undefined : v.ranges.some((r) => port >= r.from && port <= r.to);
        }
        case 'words':
            return option.name === 'ctstate' || option.name === 'state' ? v.words.includes(p.ctstate) : undefined;
        case 'markMask':
            return module === 'mark' ? ((p.mark & v.mask) >>> 0) === ((v.value & v.mask) >>> 0) : undefined;
        case 'string':
            return module === 'comment' ? true : undefined;
        default:
            return undefined;
    }
}
