import type { Chain, OptionValue, Rule, Table, Target } from '../model/model-api.js';
import { copyMatchState } from './match-state.js';
import { compileRule, nextMatchingRule } from './rule-match.js';
import type { MatchContext } from './rule-match.js';
import { traceSource } from './simulation-context.js';
import type { Simulation } from './simulation-context.js';
import type { TraceAlternatives, TraceAt, TraceBranch, TraceNat, TraceStep } from './trace-types.js';
import { endpointsText, tracePacket } from './packet-types.js';

/**
 * One table's built-in chain at one hook, walked as the kernel does (SEMANTICS.md §2.1): rules in order,
 * non-terminating targets continue, `-j` pushes a return point, `-g` does not, RETURN or the end of a user chain
 * resumes the caller, and RETURN or the end of the built-in chain applies its policy. ACCEPT ends only this table.
 */

export type ChainVerdict =
    | { kind: 'accept' }
    | { kind: 'drop'; at: TraceAt; reason: string }
    | { kind: 'reject'; at: TraceAt; rejectWith: string; reason: string }
    | { kind: 'queue'; at: TraceAt; reason: string };

/** What the hook pipeline lets a rule do beyond the packet itself: NAT (needs routes) and untracking. */
export interface ChainEffects {
    /** Applies a NAT target to a NEW connection; returns the rewrite, or a reason it could not apply. */
    nat?: (target: Target) => TraceNat | string;
    untrack: () => void;
}

type MarkMaskValue = Extract<OptionValue, { kind: 'markMask' }>;

const MAX_JUMPS = 100_000;

function option(target: Target, name: string): Target['options'][number] | undefined {
    return target.options.find((o) => o.name === name);
}

function markOf(target: Target, name: string): MarkMaskValue | undefined {
    const v = option(target, name)?.value;
    return v?.kind === 'markMask' ? v : undefined;
}

/** MARK/CONNMARK arithmetic of xt_mark and xt_connmark. */
function applyMarkTarget(target: Target, mark: number): number {
    const set = markOf(target, 'set-mark');
    if (set) {
        return (((mark & ~set.mask) | set.value) >>> 0);
    }
    const xset = markOf(target, 'set-xmark');
    if (xset) {
        return (((mark & ~xset.mask) ^ xset.value) >>> 0);
    }
    const and = markOf(target, 'and-mark');
    if (and) {
        return (mark & and.value) >>> 0;
    }
    const or = markOf(target, 'or-mark');
    if (or) {
        return (mark | or.value) >>> 0;
    }
    const xor = markOf(target, 'xor-mark');
    if (xor) {
        return (mark ^ xor.value) >>> 0;
    }
    return mark;
}

function numberOption(target: Target, name: string, fallback: number): number {
    const v = option(target, name)?.value;
    return v?.kind === 'number' ? v.value : fallback;
}

function ruleAt(c: MatchContext, rule: Rule, sim: Simulation): TraceAt {
    const at: TraceAt = { netns: c.netns, table: rule.table, chain: rule.chain, line: rule.source.line };
    if (rule.source.file !== sim.file) {
        at.file = rule.source.file;
    }
    return at;
}

function ruleStep(sim: Simulation, c: MatchContext, rule: Rule, verdict: string, notes: string[], extra: Partial<TraceStep> = {}): TraceStep {
    const s: TraceStep = {
        netns: c.netns, kind: 'netfilter', hook: c.hook, table: rule.table, chain: rule.chain, line: rule.source.line,
        verdict, policy: false, detail: `-A ${rule.chain} ${rule.text}`, source: traceSource(rule.source),
        rule: { position: rule.position, text: rule.text }, ...extra
    };
    if (rule.source.file !== sim.file) {
        s.file = rule.source.file;
    }
    if (notes.length > 0) {
        s.unmodelled = [...notes];
    }
    sim.steps.push(s);
    return s;
}

/** `statistic --mode random`: the chances of this branch and of the rules the packet would fall through to. */
function alternatives(chain: Chain, from: number, walk: MatchContext): TraceAlternatives {
    // Looking ahead must not record anything in the state the walk itself goes on with.
    const c = { ...walk, state: copyMatchState(walk.state) };
    const branches: TraceBranch[] = [];
    let remaining = 1;
    let i: number | undefined = from;
    while (i !== undefined && branches.length < 64) {
        const rule = chain.rules[i];
        const p = compileRule(rule).probability;
        const chance = p === undefined ? remaining : remaining * p;
        if (rule.target) {
            branches.push({ line: rule.source.line, position: rule.position, target: rule.target.name, probability: chance });
        }
        if (p === undefined && rule.target) {
            break;
        }
        remaining = p === undefined ? remaining : remaining * (1 - p);
        i = nextMatchingRule(chain, i + 1, c);
    }
    return { probability: branches[0]?.probability ?? 1, branches };
}

export function runChain(sim: Simulation, c: MatchContext, table: Table, builtin: Chain, effects: ChainEffects): ChainVerdict {
    const frames: { chain: Chain; next: number }[] = [{ chain: builtin, next: 0 }];
    let jumps = 0;
    const policy = (): ChainVerdict => {
        const verdict = builtin.policy ?? 'ACCEPT';
        // The `:CHAIN POLICY` line may be in an `iptables from` file.
        const file = builtin.source && builtin.source.file !== sim.file ? { file: builtin.source.file } : {};
        sim.steps.push({
            netns: c.netns, kind: 'netfilter', hook: c.hook, table: table.name, chain: builtin.name, line: null, verdict, policy: true,
            detail: `policy ${verdict}`, ...file, ...(builtin.source ? { source: traceSource(builtin.source) } : {})
        });
        return verdict === 'DROP'
            ? { kind: 'drop', at: { netns: c.netns, table: table.name, chain: builtin.name, line: null, ...file }, reason: `policy DROP of ${table.name} ${builtin.name}` }
            : { kind: 'accept' };
    };
    /** Pops a user chain; falling off its end is a step of its own (the kernel's `table:chain:return:`). */
    const leave = (chain: Chain, fellOff: boolean): boolean => {
        frames.pop();
        if (frames.length > 0 && fellOff) {
            sim.steps.push({
                netns: c.netns, kind: 'netfilter', hook: c.hook, table: table.name, chain: chain.name, line: null, verdict: 'RETURN', policy: false,
                detail: `return to ${frames[frames.length - 1].chain.name}`
            });
        }
        return frames.length > 0;
    };
    for (;;) {
        const top = frames[frames.length - 1];
        const i = nextMatchingRule(top.chain, top.next, c);
        if (i === undefined) {
            if (!leave(top.chain, true)) {
                return policy();
            }
            continue;
        }
        top.next = i + 1;
        const rule = top.chain.rules[i];
        const compiled = compileRule(rule);
        const target = rule.target;
        const extra: Partial<TraceStep> = compiled.probability !== undefined ? { alternatives: alternatives(top.chain, i, c) } : {};
        if (!target) {
            ruleStep(sim, c, rule, 'CONTINUE', compiled.notes, extra);
            continue;
        }
        if (target.userChain) {
            const sub = table.chains.get(target.name);
            if (!sub) {
                ruleStep(sim, c, rule, 'CONTINUE', [...compiled.notes, `chain ${target.name} does not exist; the rule is skipped`], extra);
                continue;
            }
            ruleStep(sim, c, rule, target.goto ? 'GOTO' : 'JUMP', compiled.notes, { ...extra, target: target.name });
            if (++jumps > MAX_JUMPS) {
                return { kind: 'drop', at: ruleAt(c, rule, sim), reason: `jump loop through chain ${target.name}` };
            }
            if (target.goto) {
                frames.pop();
            }
            frames.push({ chain: sub, next: 0 });
            continue;
        }
        switch (target.name) {
            case 'ACCEPT':
                ruleStep(sim, c, rule, 'ACCEPT', compiled.notes, extra);
                return { kind: 'accept' };
            case 'DROP':
                ruleStep(sim, c, rule, 'DROP', compiled.notes, extra);
                return { kind: 'drop', at: ruleAt(c, rule, sim), reason: `DROP rule ${rule.position} of ${rule.table} ${rule.chain}` };
            case 'REJECT': {
                ruleStep(sim, c, rule, 'REJECT', compiled.notes, extra);
                const w = option(target, 'reject-with')?.value;
                const rejectWith = w?.kind === 'string' ? w.value : 'icmp-port-unreachable';
                return { kind: 'reject', at: ruleAt(c, rule, sim), rejectWith, reason: `REJECT rule ${rule.position} of ${rule.table} ${rule.chain} (${rejectWith})` };
            }
            case 'RETURN':
                ruleStep(sim, c, rule, 'RETURN', compiled.notes, extra);
                if (frames.length === 1 && top.chain === builtin) {
                    return policy();
                }
                if (!leave(top.chain, false)) {
                    return policy();
                }
                continue;
            case 'QUEUE': case 'NFQUEUE': {
                if (option(target, 'queue-bypass')) {
                    ruleStep(sim, c, rule, target.name, [...compiled.notes, 'no program reads the queue; --queue-bypass accepts the packet'], extra);
                    return { kind: 'accept' };
                }
                ruleStep(sim, c, rule, target.name, compiled.notes, extra);
                return { kind: 'queue', at: ruleAt(c, rule, sim), reason: `handed to user-space queue ${numberOption(target, 'queue-num', 0)} by ${rule.table} ${rule.chain} rule ${rule.position}; with no program reading it the kernel drops the packet` };
            }
            case 'MASQUERADE': case 'SNAT': case 'DNAT': case 'REDIRECT': {
                const result = effects.nat ? effects.nat(target) : `${target.name} outside a nat chain of a NEW connection`;
                if (typeof result === 'string') {
                    ruleStep(sim, c, rule, target.name, [...compiled.notes, result], extra);
                } else {
                    ruleStep(sim, c, rule, target.name, compiled.notes, { ...extra, packet: result.after });
                    sim.steps.push({
                        netns: c.netns, kind: 'nat', hook: c.hook, table: rule.table, chain: rule.chain, line: rule.source.line, verdict: null,
                        policy: false, detail: `${target.name}: ${endpointsText(result.before)} becomes ${endpointsText(result.after)}${result.note ? ` (${result.note})` : ''}`,
                        nat: result, packet: result.after
                    });
                }
                return { kind: 'accept' };
            }
            case 'MARK':
                c.packet.mark = applyMarkTarget(target, c.packet.mark);
                ruleStep(sim, c, rule, 'MARK', compiled.notes, { ...extra, packet: tracePacket(c.packet) });
                continue;
            case 'CONNMARK': {
                const e = c.ct?.entry;
                const notes = [...compiled.notes];
                if (!e) {
                    notes.push('no conntrack entry: CONNMARK has no effect');
                } else if (option(target, 'save-mark')) {
                    const nfmask = numberOption(target, 'nfmask', 0xffffffff);
                    const ctmask = numberOption(target, 'ctmask', 0xffffffff);
                    e.mark = ((e.mark & ~ctmask) | (c.packet.mark & nfmask)) >>> 0;
                } else if (option(target, 'restore-mark')) {
                    const nfmask = numberOption(target, 'nfmask', 0xffffffff);
                    const ctmask = numberOption(target, 'ctmask', 0xffffffff);
                    c.packet.mark = ((c.packet.mark & ~nfmask) | (e.mark & ctmask)) >>> 0;
                } else {
                    e.mark = applyMarkTarget(target, e.mark);
                }
                ruleStep(sim, c, rule, 'CONNMARK', notes, extra);
                continue;
            }
            case 'CT': case 'NOTRACK': {
                const notes = [...compiled.notes];
                if (target.name === 'NOTRACK' || option(target, 'notrack')) {
                    effects.untrack();
                } else {
                    notes.push(`CT ${target.options.map((o) => o.text).join(' ')}: zones, helpers and event masks are not modelled`);
                }
                ruleStep(sim, c, rule, target.name, notes, extra);
                continue;
            }
            case 'TTL': {
                const p = c.packet;
                if (option(target, 'ttl-set')) {
                    p.ttl = numberOption(target, 'ttl-set', p.ttl);
                } else if (option(target, 'ttl-dec')) {
                    p.ttl = Math.max(0, p.ttl - numberOption(target, 'ttl-dec', 0));
                } else if (option(target, 'ttl-inc')) {
                    p.ttl = Math.min(255, p.ttl + numberOption(target, 'ttl-inc', 0));
                }
                ruleStep(sim, c, rule, 'TTL', compiled.notes, { ...extra, packet: tracePacket(p) });
                continue;
            }
            case 'LOG': case 'NFLOG': case 'TRACE': case 'TCPMSS':
                ruleStep(sim, c, rule, target.name, compiled.notes, extra);
                continue;
            default:
                ruleStep(sim, c, rule, target.name, [...compiled.notes, `target ${target.name} is not simulated; evaluation continues with the next rule`], extra);
                continue;
        }
    }
}
