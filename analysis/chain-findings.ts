import type { Chain, Diagnostic, Rule } from '../model/model-api.js';
import { getOrCreate } from '../model/model-api.js';
import type { ChainGraph, RuleFacts } from './chain-graph.js';
import { IntervalSet } from './interval-set.js';
import type { Cube } from './packet-cube.js';
import { cubeIsSubset, cubesOverlap, subtractCube, widen } from './packet-cube.js';
import { OverlapIndex } from './overlap-index.js';
import type { RuleConditions } from './rule-conditions.js';
import { RuleShape } from './rule-conditions.js';

/** Work bounds for one coverage question; past them the answer is "not proven" (never a false finding). */
const MAX_PIECES = 2000;
const MAX_STEPS = 200_000;
/** Related locations listed per finding; the message counts the rest. */
const MAX_RELATED = 5;

/** Why a rule never takes a packet, recorded so later checks treat it as inert. */
interface Flag {
    kind: 'shadowed' | 'redundant' | 'unreachable' | 'empty';
    by: Rule[];
}

export function ruleLabel(rule: Rule): string {
    return `${rule.table} ${rule.chain} rule ${rule.position}`;
}

function quoted(rule: Rule): string {
    return `\`-A ${rule.chain} ${rule.text}\``;
}

function related(rules: Rule[], why: string): Diagnostic['related'] {
    return rules.slice(0, MAX_RELATED).map((r) => ({ message: `${ruleLabel(r)} ${quoted(r)} ${why}`, source: r.source }));
}

function more(rules: Rule[]): string {
    return rules.length > MAX_RELATED ? ` (and ${rules.length - MAX_RELATED} more)` : '';
}

function list(rules: Rule[]): string {
    const shown = rules.slice(0, MAX_RELATED).map((r) => `rule ${r.position}`);
    return `${shown.join(', ')}${more(rules)}`;
}

function assumedNote(facts: RuleFacts): string {
    return facts.conditions.assumed.length > 0
        ? ` This holds whatever ${facts.conditions.assumed.map((t) => `\`${t}\``).join(', ')} ${facts.conditions.assumed.length === 1 ? 'decides' : 'decide'}, which the analysis cannot tell from the packet alone.`
        : '';
}

/**
 * Covering check: is every packet of `query` taken by the union of the candidates' sure cubes?
 * Returns the candidates that took part, or undefined when not covered (or not provable within bounds).
 */
export function coveredBy<T extends { sure?: Cube }>(query: Cube, candidates: T[]): T[] | undefined {
    if (candidates.length === 0 || !projectionsCover(query, candidates)) {
        return undefined;
    }
    let remaining: Cube[] = [query];
    const used: T[] = [];
    let steps = 0;
    for (const c of candidates) {
        const sure = c.sure!;
        let touched = false;
        const next: Cube[] = [];
        for (const piece of remaining) {
            steps++;
            if (cubesOverlap(piece, sure)) {
                touched = true;
                next.push(...subtractCube(piece, sure));
            } else {
                next.push(piece);
            }
        }
        if (touched) {
            used.push(c);
        }
        remaining = next;
        if (remaining.length === 0) {
            return used;
        }
        if (remaining.length > MAX_PIECES || steps > MAX_STEPS) {
            return undefined;
        }
    }
    return undefined;
}

/**
 * A cheap necessary condition: on each interval field, the candidates' values together must cover the query's.
 * It rejects the common "one wide rule after thousands of narrow ones" case in O(k log k) instead of
 * fragmenting the wide cube thousands of times.
 */
function projectionsCover(query: Cube, candidates: { sure?: Cube }[]): boolean {
    for (const [dim, set] of query) {
        if (!(set instanceof IntervalSet) || typeof set.bounds[0] !== 'number') {
            continue;
        }
        const intervals: [number, number][] = [];
        let unconstrained = false;
        for (const c of candidates) {
            const s = c.sure!.get(dim);
            if (!s) {
                unconstrained = true;
                break;
            }
            const b = (s as IntervalSet).bounds as number[];
            for (let i = 0; i < b.length; i += 2) {
                intervals.push([b[i], b[i + 1]]);
            }
        }
        if (unconstrained) {
            continue;
        }
        intervals.sort((x, y) => x[0] - y[0]);
        const q = set.bounds as number[];
        let k = 0;
        for (let i = 0; i < q.length; i += 2) {
            let reached = q[i];
            while (k < intervals.length && intervals[k][0] <= reached) {
                reached = Math.max(reached, intervals[k][1]);
                k++;
                if (reached >= q[i + 1]) {
                    break;
                }
            }
            if (reached < q[i + 1]) {
                return false;
            }
        }
    }
    return true;
}

/** Does the cube test one of these fields? */
function testsAny(cube: Cube, dims: ReadonlySet<number>): boolean {
    for (const d of dims) {
        if (cube.has(d)) {
            return true;
        }
    }
    return false;
}

function emptyMatch(rule: Rule, conditions: RuleConditions): Diagnostic {
    return {
        code: 'rule-empty-match',
        severity: 'warning',
        message: `This rule can never match: ${conditions.emptyReason ?? 'its conditions exclude every packet'}.`,
        source: rule.source,
    };
}

/**
 * Can one rule of the chain take packets from another? Only after a rule that decides a known set of packets (which
 * the last rule cannot precede), or when the last rule's verdict might repeat a built-in chain's policy. Most of
 * kube-proxy's 30,000 chains have neither: their only possible findings are empty matches, told by rule shapes
 * without building packet sets.
 */
function mayCompare(chain: Chain, graph: ChainGraph, first: number): boolean {
    const last = first + chain.rules.length - 1;
    for (let r = first; r < last; r++) {
        if ((graph.shapeAt(r) & (RuleShape.Exact | RuleShape.Empty)) === RuleShape.Exact && graph.decidesAt(r)) {
            return true;
        }
    }
    return last >= first && chain.builtin && chain.policy !== undefined
        && (graph.shapeAt(last) & (RuleShape.Exact | RuleShape.Empty)) === RuleShape.Exact && graph.effectAt(last).kind === 'verdict';
}

/**
 * The findings inside one chain (by number), added to `out`: empty matches, rules after an unconditional decision,
 * shadowed and redundant rules (by earlier rules, by a later rule with the same verdict, by the policy),
 * generalizations and correlations.
 */
export function analyzeChain(graph: ChainGraph, c: number, out: Diagnostic[]): void {
    const chain = graph.chains[c];
    const first = graph.firstRuleOf(c);
    if (!mayCompare(chain, graph, first)) {
        for (let k = 0; k < chain.rules.length; k++) {
            if ((graph.shapeAt(first + k) & RuleShape.Empty) !== 0) {
                out.push(emptyMatch(chain.rules[k], graph.conditionsOf(chain.rules[k])));
            }
        }
        duplicates(graph, chain, (k) => (graph.shapeAt(first + k) & RuleShape.Empty) !== 0, out);
        return;
    }
    const facts = graph.chainFacts(chain);
    const flags: (Flag | undefined)[] = new Array(facts.length);
    // Built on first use: most chains of a kube-proxy ruleset hold one or two rules and need neither.
    let coverIndexBuilt: OverlapIndex | undefined;
    let anyIndexBuilt: OverlapIndex | undefined;
    const coverIndex = (): OverlapIndex => (coverIndexBuilt ??= new OverlapIndex(facts.map((f) => (f.decides ? f.sure : undefined))));
    const anyIndex = (): OverlapIndex => (anyIndexBuilt ??= new OverlapIndex(facts.map((f) => f.conditions.cube)));
    let mutated = new Set<number>();
    const coveredCopies = new Map<Cube, { mutated: Set<number>; used: RuleFacts[] }>();
    /**
     * A rule that tests a field an earlier rule may have rewritten tests the rewritten value, which the packet
     * sets (stated for the packet entering the chain) do not track: such a rule never counts as covering.
     */
    const usable: boolean[] = new Array(facts.length);
    let unconditional: RuleFacts | undefined;
    /** Rules so far that decide a known set of packets: without one, nothing can be covered yet. */
    let coversBefore = 0;

    facts.forEach((f, i) => {
        const rule = f.rule;
        const cube = f.conditions.cube;
        if (cube === undefined) {
            flags[i] = { kind: 'empty', by: [] };
            out.push(emptyMatch(rule, f.conditions));
        } else if (unconditional) {
            flags[i] = { kind: 'unreachable', by: [unconditional.rule] };
            out.push({
                code: 'rule-unreachable',
                severity: 'warning',
                message: `Unreachable: ${ruleLabel(unconditional.rule)} matches every packet and ${describeDecision(unconditional, chain)}, so no packet gets to this rule.`,
                source: rule.source,
                related: related([unconditional.rule], 'decides every packet'),
            });
        } else if (coversBefore > 0) {
            const query = widen(cube, mutated);
            // Rules written alike share their cube: once earlier rules cover it, they cover every later copy too (their
            // flags never change again), so thousands of copies of one rule cost one query, not one each.
            const known = coveredCopies.get(cube);
            const used = known !== undefined && known.mutated === mutated ? known.used
                : coveredBy(query, coverIndex().candidates(query, (e) => e < i && flags[e] === undefined && usable[e]).map((e) => facts[e]));
            if (used && known === undefined) {
                coveredCopies.set(cube, { mutated, used });
            }
            if (used) {
                const sameOutcome = f.decides && used.every((u) => u.outcome === f.outcome);
                const by = used.map((u) => u.rule);
                flags[i] = { kind: sameOutcome ? 'redundant' : 'shadowed', by };
                out.push(sameOutcome
                    ? {
                        code: 'rule-redundant',
                        severity: 'warning',
                        message: `Redundant: every packet this rule matches is already taken by ${by.length === 1 ? 'an earlier rule' : 'earlier rules'} with the same outcome (${list(by)}), so removing it changes nothing.${assumedNote(f)}`,
                        source: rule.source,
                        related: related(by, 'already takes these packets with the same outcome'),
                    }
                    : {
                        code: 'rule-shadowed',
                        severity: 'warning',
                        message: `Shadowed: every packet this rule matches is taken first by ${list(by)} of ${rule.chain}${used.some((u) => u.outcome !== f.outcome && f.decides) ? `, which ${by.length === 1 ? 'decides' : 'decide'} differently` : ''}, so this rule never applies.${assumedNote(f)}`,
                        source: rule.source,
                        related: related(by, 'takes these packets first'),
                    });
            }
        }
        usable[i] = f.sure !== undefined && !testsAny(f.sure, mutated);
        if (f.decides && usable[i]) {
            coversBefore++;
        }
        if (f.unconditional && f.decides && !unconditional && flags[i] === undefined) {
            unconditional = f;
        }
        const dims = graph.ruleMutates(f);
        if (dims.length > 0) {
            mutated = new Set([...mutated, ...dims]);
        }
    });

    facts.forEach((f, i) => {
        if (flags[i] !== undefined || f.conditions.cube === undefined) {
            return;
        }
        const byLater = redundantByLater(chain, facts, flags, i, anyIndex);
        if (byLater) {
            flags[i] = { kind: 'redundant', by: byLater.rules };
            out.push({
                code: 'rule-redundant',
                severity: 'warning',
                message: byLater.policy && byLater.rules.length === 0
                    ? `Redundant: no later rule of ${chain.name} takes these packets, and the chain policy ${chain.policy} gives them the same verdict, so removing this rule changes nothing.`
                    : `Redundant: every packet this rule matches would get the same outcome from ${list(byLater.rules)}${byLater.policy ? ` or the ${chain.name} policy ${chain.policy}` : ''} later, and nothing in between matches them, so removing it changes nothing.`,
                source: f.rule.source,
                related: related(byLater.rules, 'gives these packets the same outcome'),
            });
        }
    });

    duplicates(graph, chain, (k) => flags[k] !== undefined, out);

    facts.forEach((f, i) => {
        if (flags[i] !== undefined || f.effect.kind !== 'verdict' || !f.sure || f.unconditional || coversBefore < 2) {
            return;
        }
        const generalizes: Rule[] = [];
        const correlates: Rule[] = [];
        for (const e of coverIndex().candidates(f.sure, (e) => e < i && flags[e] === undefined)) {
            const other = facts[e];
            if (other.effect.kind !== 'verdict' || other.outcome === f.outcome || !other.sure || !cubesOverlap(other.sure, f.sure)) {
                continue;
            }
            if (cubeIsSubset(other.sure, f.sure)) {
                generalizes.push(other.rule);
            } else if (!cubeIsSubset(f.sure, other.sure)) {
                correlates.push(other.rule);
            }
        }
        if (generalizes.length > 0) {
            out.push({
                code: 'rule-generalization',
                severity: 'info',
                message: `Generalization: this rule (${f.outcome}) also matches every packet of ${list(generalizes)}, which ${generalizes.length === 1 ? 'comes first and decides' : 'come first and decide'} differently. That is the usual "exception before the general rule" pattern; if the general rule was meant to apply to those packets too, the earlier ones silently take them.`,
                source: f.rule.source,
                related: related(generalizes, `is the exception this rule generalizes`),
            });
        }
        if (correlates.length > 0) {
            out.push({
                code: 'rule-correlated',
                severity: 'info',
                message: `Correlated: this rule (${f.outcome}) and ${list(correlates)} match some packets in common and decide differently; the earlier rule wins for those, so swapping them would change behaviour. Check that the overlap is meant to go to the earlier rule.`,
                source: f.rule.source,
                related: related(correlates, 'overlaps this rule and decides differently'),
            });
        }
    });
}

/** A rule as written, for telling word-for-word repeats: matches and target with their options' text, no counters. */
function ruleKey(rule: Rule): string {
    const matches = rule.matches.map((m) => `${m.module}${m.implicit ? '+' : ''}:${m.options.map((o) => o.text).join(' ')}`).join('|');
    const target = rule.target;
    return target ? `${matches}|${target.goto ? '-g' : '-j'} ${target.name}:${target.options.map((o) => o.text).join(' ')}` : matches;
}

/** Chains up to this many rules are searched pair by pair; longer ones by a map of keys. */
const PAIRWISE_DUPLICATES = 16;

/** Could the two rules be written alike? Cheap and allocation-free: most pairs of a kube-proxy chain fail here. */
function mayRepeat(a: Rule, b: Rule): boolean {
    return a.matches.length === b.matches.length && a.target?.name === b.target?.name && a.target?.goto === b.target?.goto;
}

/** Pairs [repeat, first] of rules written alike (each repeat with its first occurrence). */
function repeatedRules(rules: readonly Rule[]): [number, number][] {
    const n = rules.length;
    const pairs: [number, number][] = [];
    if (n <= PAIRWISE_DUPLICATES) {
        for (let i = 1; i < n; i++) {
            for (let j = 0; j < i; j++) {
                if (mayRepeat(rules[j], rules[i]) && ruleKey(rules[j]) === ruleKey(rules[i])) {
                    pairs.push([i, j]);
                    break;
                }
            }
        }
        return pairs;
    }
    const byTarget = new Map<string, number[]>();
    rules.forEach((rule, i) => getOrCreate(byTarget, rule.target?.name ?? '', () => []).push(i));
    for (const group of byTarget.values()) {
        if (group.length < 2) {
            continue;
        }
        const firstByKey = new Map<string, number>();
        for (const i of group) {
            const key = ruleKey(rules[i]);
            const first = firstByKey.get(key);
            if (first === undefined) {
                firstByKey.set(key, i);
            } else {
                pairs.push([i, first]);
            }
        }
    }
    return pairs;
}

/**
 * A rule that repeats an earlier rule of its chain word for word, when meeting it again can only repeat what the
 * first did: both rules' conditions are exact (no rate limit, chance, address list or count, which make a
 * repetition mean something: a second bucket, another draw, a second hit), and no rule from the first to the
 * repeat rewrites the packet (a mark set in between makes the repeat a re-check). No other finding (`explained`)
 * may already speak of it. Keys are built only for rules that may repeat, so most rules of a kube-proxy ruleset
 * never have one, and the chain's facts only when a candidate is found.
 */
function duplicates(graph: ChainGraph, chain: Chain, explained: (i: number) => boolean, out: Diagnostic[]): void {
    const rules = chain.rules;
    if (rules.length < 2) {
        return;
    }
    const pairs = repeatedRules(rules);
    if (pairs.length === 0) {
        return;
    }
    const facts = graph.chainFacts(chain);
    for (const [i, first] of pairs) {
        if (explained(i) || !facts[i].conditions.exact || !facts[first].conditions.exact) {
            continue;
        }
        let rewritten = false;
        for (let k = first; k < i && !rewritten; k++) {
            rewritten = graph.ruleMutates(facts[k]).length > 0;
        }
        if (rewritten) {
            continue;
        }
        const rule = rules[i];
        const original = rules[first];
        out.push({
            code: 'rule-duplicate',
            severity: 'warning',
            message: `Duplicate: this rule repeats rule ${original.position} of ${rule.chain} word for word, and nothing between them changes the packet, so the packets it matches meet the same rule twice${rule.target?.userChain ? ` and go through ${rule.target.name} again` : ''}. A script that appended its rules twice? Keep one.`,
            source: rule.source,
            related: related([original], 'is the same rule, earlier'),
        });
    }
}

function describeDecision(f: RuleFacts, chain: Chain): string {
    switch (f.effect.kind) {
        case 'return':
            return chain.builtin ? 'returns, which applies the chain policy' : 'returns to the calling chain';
        case 'goto':
            return `goes to ${f.rule.target!.name} for good`;
        case 'jump':
            return `jumps to ${f.rule.target!.name}, which decides every packet`;
        default:
            return `ends the walk with ${f.outcome}`;
    }
}

/**
 * Redundant by what follows: the rule's packets, if it were removed, would go on to later rules with the same
 * outcome (or the built-in chain's policy) and meet nothing else on the way. A jump counts only when its chain
 * always decides (as RETURN and goto do): the packet then leaves this chain at either rule, after one walk of the
 * callee; a jump that may come back would walk the callee twice, once per rule.
 */
function redundantByLater(chain: Chain, facts: RuleFacts[], flags: (Flag | undefined)[], i: number, anyIndex: () => OverlapIndex): { rules: Rule[]; policy: boolean } | undefined {
    const f = facts[i];
    if (!f.decides || !f.sure) {
        return undefined;
    }
    let remaining: Cube[] = [f.sure];
    const used: Rule[] = [];
    let steps = 0;
    for (const t of anyIndex().candidates(f.sure, (e) => e > i)) {
        const later = facts[t];
        const laterCube = later.conditions.cube!;
        if (!remaining.some((p) => cubesOverlap(p, laterCube))) {
            continue;
        }
        const flag = flags[t];
        if (flag) {
            if (flag.by.includes(f.rule)) {
                return undefined;
            }
            continue;
        }
        if (!later.decides || later.outcome !== f.outcome || !later.sure) {
            return undefined;
        }
        const next: Cube[] = [];
        for (const piece of remaining) {
            steps++;
            next.push(...(cubesOverlap(piece, later.sure) ? subtractCube(piece, later.sure) : [piece]));
        }
        if (next.length !== remaining.length || next.some((c, k) => c !== remaining[k])) {
            used.push(later.rule);
        }
        remaining = next;
        if (remaining.length === 0) {
            return { rules: used, policy: false };
        }
        if (remaining.length > MAX_PIECES || steps > MAX_STEPS) {
            return undefined;
        }
    }
    if (chain.builtin && chain.policy !== undefined && f.outcome === chain.policy) {
        return { rules: used, policy: true };
    }
    return undefined;
}

