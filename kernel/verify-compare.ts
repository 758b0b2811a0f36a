import type { Outcome, Probe } from '../model/model-api.js';
import type { KernelAt, KernelResult, RuleIndex } from './verify-classify.js';
import type { KernelStep } from './verify-trace.js';

/**
 * Holding a probe's kernel result against what the file expects (`expect`) and what the simulator says, with a
 * step-by-step diff a person can read when they disagree.
 */

/** The part of the simulator's trace (LANGUAGE.md §6) the comparison reads; the simulator's Trace satisfies it. */
export interface SimulatedStep {
    netns: string;
    kind: string;
    table?: string | null;
    chain?: string | null;
    line?: number | null;
    verdict?: string | null;
    policy?: boolean | null;
    arp?: { steps: SimulatedStep[] } | null;
}

export interface SimulatedTrace {
    outcome: Outcome;
    at?: { netns?: string | null; table?: string | null; chain?: string | null; line?: number | null } | null;
    steps: SimulatedStep[];
    reply?: { steps: SimulatedStep[] } | null;
}

/** Neighbour resolution carries its own steps (an encapsulated ARP crosses an underlay's chains): in order, inline. */
function flatten(steps: SimulatedStep[]): SimulatedStep[] {
    return steps.flatMap((s) => [...(s.arp ? flatten(s.arp.steps) : []), s]);
}


/** `table chain line N` (or `table chain policy DROP`): one matched step, comparable across kernel and simulator. */
type StepKey = string;

export function kernelRuleSequence(steps: Map<string, KernelStep[]>, rules: RuleIndex): Map<string, StepKey[]> {
    const out = new Map<string, StepKey[]>();
    for (const [ns, list] of steps) {
        const keys: StepKey[] = [];
        for (const s of list) {
            const rule = s.kind === 'rule' && s.marker !== undefined ? rules.get(ns)?.get(s.marker) : undefined;
            if (rule) keys.push(`${s.table} ${s.chain} line ${rule.source.line} ${kernelVerdict(s.verdict)}`);
            else if (s.kind === 'policy' && s.verdict === 'DROP') keys.push(`${s.table} ${s.chain} policy DROP`);
        }
        if (keys.length > 0) out.set(ns, keys);
    }
    return out;
}

export function simulatedRuleSequence(trace: SimulatedTrace): Map<string, StepKey[]> {
    const out = new Map<string, StepKey[]>();
    for (const s of flatten([...trace.steps, ...(trace.reply?.steps ?? [])])) {
        if (s.kind !== 'netfilter' || !s.table || !s.chain) continue;
        let key: StepKey | undefined;
        if (!s.policy && typeof s.line === 'number') key = `${s.table} ${s.chain} line ${s.line} ${simulatorVerdict(s.verdict ?? '')}`;
        else if (s.policy && s.verdict === 'DROP') key = `${s.table} ${s.chain} policy DROP`;
        if (key === undefined) continue;
        if (!out.has(s.netns)) out.set(s.netns, []);
        out.get(s.netns)!.push(key);
    }
    return out;
}

/** nf_tables verdict codes xtables-monitor prints as numbers (include/uapi/linux/netfilter/nf_tables.h). */
const NFT_VERDICT_CODES: Record<string, string> = {
    '0xffffffff': 'CONTINUE',
    '0xfffffffe': 'CONTINUE',
    '0xfffffffd': 'JUMP',
    '0xfffffffc': 'GOTO',
    '0xfffffffb': 'RETURN',
};

/** The kernel prints `JUMP:CHAIN`/`GOTO:CHAIN` (the chain is already in the next step) and RETURN as a number. */
function kernelVerdict(verdict: string): string {
    const word = verdict.split(':')[0];
    return NFT_VERDICT_CODES[word.toLowerCase()] ?? word;
}

/**
 * The simulator names the target; the kernel's trace prints what the target did to the walk: NAT targets accept in
 * their table, REJECT drops, and the non-terminal targets continue.
 */
function simulatorVerdict(target: string): string {
    switch (target) {
        case 'ACCEPT': case 'DROP': case 'JUMP': case 'GOTO': case 'RETURN':
            return target;
        case 'REJECT':
            return 'DROP';
        case 'SNAT': case 'DNAT': case 'MASQUERADE': case 'REDIRECT':
            return 'ACCEPT';
        default:
            return 'CONTINUE';
    }
}

function formatAt(at: KernelAt | SimulatedTrace['at'] | undefined): string {
    if (!at || !at.netns) return '(nowhere named)';
    const parts: string[] = [at.netns];
    if (at.table) parts.push(at.table, at.chain ?? '?');
    if (typeof at.line === 'number') parts.push(`line ${at.line}`);
    return parts.join(' ');
}

export function compareWithExpectation(probe: Probe, kernel: KernelResult): string[] {
    const e = probe.expect;
    if (!e) return [];
    const diffs: string[] = [];
    if (e.outcome !== kernel.outcome) diffs.push(`outcome: the file expects ${e.outcome}, the kernel did ${kernel.outcome}`);
    else if (e.at !== undefined && e.at !== kernel.at.netns) diffs.push(`at: the file expects ${e.at}, the kernel decided at ${formatAt(kernel.at)}`);
    else if (e.table !== undefined && (e.table !== kernel.at.table || e.chain !== kernel.at.chain)) {
        diffs.push(`chain: the file expects ${e.table} ${e.chain}, the kernel decided in ${kernel.at.table ?? '-'} ${kernel.at.chain ?? '-'}`);
    }
    return diffs;
}

export function compareWithSimulation(kernel: KernelResult, kernelSteps: Map<string, StepKey[]>, sim: SimulatedTrace): string[] {
    const diffs: string[] = [];
    if (sim.outcome !== kernel.outcome) diffs.push(`outcome: simulator ${sim.outcome}, kernel ${kernel.outcome}`);
    if ((sim.at?.netns ?? undefined) !== kernel.at.netns && kernel.at.netns !== undefined) {
        diffs.push(`deciding namespace: simulator ${sim.at?.netns ?? '-'}, kernel ${kernel.at.netns}`);
    }
    if (kernel.at.table !== undefined && (sim.at?.table !== kernel.at.table || sim.at?.chain !== kernel.at.chain || (kernel.at.line !== undefined && sim.at?.line !== kernel.at.line))) {
        diffs.push(`deciding rule: simulator ${formatAt(sim.at)}, kernel ${formatAt(kernel.at)}`);
    }
    const simSteps = simulatedRuleSequence(sim);
    for (const ns of new Set([...kernelSteps.keys(), ...simSteps.keys()])) {
        const k = kernelSteps.get(ns) ?? [];
        const s = simSteps.get(ns) ?? [];
        if (k.join('|') !== s.join('|')) diffs.push(`matched rules in ${ns} differ`);
    }
    return diffs;
}

/** The side-by-side report of one probe. */
export function renderComparison(
    probe: Probe,
    kernel: KernelResult,
    kernelSteps: Map<string, StepKey[]>,
    differences: string[],
    sim?: SimulatedTrace,
): string {
    const lines: string[] = [];
    const verdict = differences.length === 0 ? 'agree' : 'MISMATCH';
    lines.push(`${probe.name} (line ${probe.source.line}): ${verdict}`);
    const pad = (text: string) => text.padEnd(40);
    lines.push(`  ${pad('')}${pad('kernel')}${sim ? 'simulator' : 'file expects'}`);
    const expected = probe.expect;
    const otherOutcome = sim ? sim.outcome : (expected?.outcome ?? '-');
    const otherAt = sim
        ? formatAt(sim.at)
        : expected?.at ? [expected.at, expected.table, expected.chain].filter((x) => x !== undefined).join(' ') : '-';
    lines.push(`  ${pad('outcome')}${pad(kernel.outcome)}${otherOutcome}`);
    lines.push(`  ${pad('at')}${pad(formatAt(kernel.at))}${otherAt}`);
    lines.push(`  ${pad('why (kernel)')}${kernel.reason}`);
    const simSteps = sim ? simulatedRuleSequence(sim) : new Map<string, StepKey[]>();
    for (const ns of new Set([...kernelSteps.keys(), ...simSteps.keys()])) {
        const k = kernelSteps.get(ns) ?? [];
        const s = simSteps.get(ns) ?? [];
        lines.push(`  matched rules in ${ns}:`);
        for (let i = 0; i < Math.max(k.length, sim ? s.length : 0); i++) {
            const mark = !sim ? ' ' : k[i] === s[i] ? '=' : '≠';
            lines.push(`   ${mark} ${String(i + 1).padStart(2)}  ${pad(k[i] ?? '-')}${sim ? (s[i] ?? '-') : ''}`);
        }
    }
    for (const d of differences) lines.push(`  ✗ ${d}`);
    return lines.join('\n');
}
