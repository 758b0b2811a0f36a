import type { Chain, Match, Rule, Table } from '../model/model-api.js';
import { getOrCreate, propagateBits } from '../model/model-api.js';
import type { Cube } from './packet-cube.js';
import type { OpaqueFields, RuleConditions, TargetEffect } from './rule-conditions.js';
import { outcomeKey, ruleConditions, RuleShape, RuleShapes, shapeOf, targetEffect } from './rule-conditions.js';

/** One rule as the analysis sees it when comparing it with others. */
export interface RuleFacts {
    rule: Rule;
    conditions: RuleConditions;
    effect: TargetEffect;
    /** The user chain a jump or goto enters (undefined when the chain does not exist). */
    callee: Chain | undefined;
    /** Every packet the rule matches leaves the chain walk here (verdict, RETURN, goto, or a jump to a chain that always decides). */
    decides: boolean;
    /** Equal keys: same outcome for the packet. */
    outcome: string;
    /** The packets the rule surely matches (undefined when that cannot be stated exactly). */
    sure: Cube | undefined;
    unconditional: boolean;
}

/** A node of ConditionsMemo's trie: the path from the root is a sequence of shared Match objects. */
interface ConditionsNode {
    next?: Map<Match, ConditionsNode>;
    conditions?: RuleConditions;
}

const newNode = (): ConditionsNode => ({});

/**
 * The conditions of rules by their matches. The parser shares one Match object among rules that write it alike, and
 * comments state nothing, so kube-proxy's 25,000 DNAT rules have a few dozen distinct condition sets. Shared
 * RuleConditions are read-only, like the cubes in them.
 */
class ConditionsMemo {
    private readonly root: ConditionsNode = {};

    constructor(private readonly opaque: OpaqueFields) {}

    of(rule: Rule): RuleConditions {
        if (rule.unmodelled.length > 0) {
            // Assumed conditions come from the rule's own unmodelled list, which no other rule shares.
            return ruleConditions(rule, this.opaque);
        }
        let node = this.root;
        for (const match of rule.matches) {
            if (match.module === 'comment') {
                continue;
            }
            node = getOrCreate(node.next ??= new Map(), match, newNode);
        }
        node.conditions ??= ruleConditions(rule, this.opaque);
        return node.conditions;
    }
}

const NOT_KNOWN = 0;
const NO = 1;
const YES = 2;

/**
 * The call graph of one table: which chains jump to which, which user chains decide every packet they are
 * given (so a jump to them ends the caller's walk), and which fields a chain may rewrite on the way.
 *
 * At 100,000 rules the graph keeps no object per rule: chains are numbered in map order and rules by chain, each
 * chain's rules from `firstRule[chain]` on, and per-rule facts sit in flat arrays. Packet sets are built only for
 * the chains whose rules get compared (chainFacts), not for every rule.
 */
export class ChainGraph {
    /** The table's chains in map order: a chain's number is its index here. */
    readonly chains: readonly Chain[];
    /** Chain numbers by name, to resolve jump targets. */
    private readonly numbers = new Map<string, number>();
    /** Per chain, the number of its first rule; one more entry holds the rule count. */
    private readonly firstRule: Int32Array;
    /** Per rule, RuleShape bits. */
    private readonly ruleShapes: Uint8Array;
    private readonly effects: TargetEffect[];
    /** Per rule, the number of the chain its jump or goto enters, or -1. */
    private readonly callees: Int32Array;
    /** Per chain, whether some rule jumps or goes to it. */
    private readonly called: Uint8Array;
    /** Per chain: does every packet entering it get its verdict inside it (NOT_KNOWN, NO or YES)? */
    private readonly decidesMemo: Uint8Array;
    private readonly factsMemo: (RuleFacts[] | undefined)[];
    private readonly mutatesMemo: (readonly number[] | undefined)[];
    private readonly mayDecideMemo = new Map<Chain, boolean>();
    private readonly conditions: ConditionsMemo;
    /** The table's built-in chains, in map order, and what entryMasks computed from them. */
    private readonly entryNames: string[] = [];
    private entryMaskMemo: Int32Array | undefined;
    /** entryChains' answers by mask: a handful of distinct lists for any number of chains. */
    private readonly entryLists = new Map<number, readonly string[]>();
    /** What the table's rules test, so that a finding about one module or field can skip tables that never test it. */
    private readonly shapes: RuleShapes;

    constructor(readonly table: Table, opaque: OpaqueFields) {
        this.conditions = new ConditionsMemo(opaque);
        const chains = [...table.chains.values()];
        this.chains = chains;
        this.firstRule = new Int32Array(chains.length + 1);
        let count = 0;
        for (let c = 0; c < chains.length; c++) {
            this.numbers.set(chains[c].name, c);
            this.firstRule[c] = count;
            count += chains[c].rules.length;
        }
        this.firstRule[chains.length] = count;
        this.ruleShapes = new Uint8Array(count);
        this.effects = new Array<TargetEffect>(count);
        this.callees = new Int32Array(count);
        this.called = new Uint8Array(chains.length);
        this.decidesMemo = new Uint8Array(chains.length);
        this.factsMemo = new Array<RuleFacts[] | undefined>(chains.length);
        this.mutatesMemo = new Array<readonly number[] | undefined>(chains.length);
        const shapes = new RuleShapes(opaque);
        this.shapes = shapes;
        let r = 0;
        for (const chain of chains) {
            for (const rule of chain.rules) {
                const target = rule.target;
                const callee = target?.userChain ? this.numbers.get(target.name) ?? -1 : -1;
                this.callees[r] = callee;
                if (callee >= 0) {
                    this.called[callee] = 1;
                }
                this.effects[r] = targetEffect(target);
                this.ruleShapes[r] = shapes.of(rule) ?? shapeOf(this.conditions.of(rule));
                r++;
            }
        }
        // Every jump's callee, in rule order: a loop (which the kernel rejects) resolves the same way whoever asks later.
        for (let rule = 0; rule < count; rule++) {
            if (this.effects[rule].kind === 'jump' && this.callees[rule] >= 0) {
                this.alwaysDecides(this.callees[rule]);
            }
        }
    }

    chain(name: string): Chain | undefined {
        return this.table.chains.get(name);
    }

    /** Does some rule of this table use the match module (other than `basic` and `comment`)? */
    usesModule(module: string): boolean {
        return this.shapes.modules.has(module);
    }

    /** Does some rule of this table that can match constrain the field (below Dim.FirstOpaque)? */
    constrains(dim: number): boolean {
        return this.shapes.constrains(dim);
    }

    /** Does some rule of this table jump or go to the chain (by number)? */
    isCalled(c: number): boolean {
        return this.called[c] === 1;
    }

    /** The number of the first rule of a chain (by number): its rules are numbered from there in order (for shapeAt, decidesAt, effectAt). */
    firstRuleOf(c: number): number {
        return this.firstRule[c];
    }

    /** RuleShape bits of a rule, by number. */
    shapeAt(rule: number): number {
        return this.ruleShapes[rule];
    }

    effectAt(rule: number): TargetEffect {
        return this.effects[rule];
    }

    /** Does every packet the rule matches leave the chain walk there (verdict, RETURN, goto, or a jump to a chain that always decides)? */
    decidesAt(rule: number): boolean {
        const kind = this.effects[rule].kind;
        return kind === 'verdict' || kind === 'return' || kind === 'goto'
            || (kind === 'jump' && this.callees[rule] >= 0 && this.decidesMemo[this.callees[rule]] === YES);
    }

    /** The conditions of one rule of this table. */
    conditionsOf(rule: Rule): RuleConditions {
        return this.conditions.of(rule);
    }

    /** The facts of a chain's rules, in order: built on first use, for the chains whose rules get compared. */
    chainFacts(chain: Chain): RuleFacts[] {
        const c = this.numbers.get(chain.name);
        if (c === undefined) {
            return [];
        }
        const memo = this.factsMemo[c];
        if (memo) {
            return memo;
        }
        const first = this.firstRule[c];
        const facts = chain.rules.map((rule, k): RuleFacts => {
            const conditions = this.conditions.of(rule);
            const callee = this.callees[first + k];
            return {
                rule,
                conditions,
                effect: this.effects[first + k],
                callee: callee >= 0 ? this.chains[callee] : undefined,
                decides: this.decidesAt(first + k),
                outcome: outcomeKey(rule.target),
                sure: conditions.exact ? conditions.cube : undefined,
                unconditional: (this.ruleShapes[first + k] & RuleShape.Unconditional) !== 0,
            };
        });
        this.factsMemo[c] = facts;
        return facts;
    }

    /** Does every packet entering this user chain (by number) get its verdict inside it (so none ever comes back)? */
    private alwaysDecides(c: number): boolean {
        const memo = this.decidesMemo[c];
        if (memo !== NOT_KNOWN) {
            return memo === YES;
        }
        // A loop is rejected by the kernel; until proven otherwise the chain may come back.
        this.decidesMemo[c] = NO;
        let result = false;
        for (let r = this.firstRule[c]; r < this.firstRule[c + 1]; r++) {
            const kind = this.effects[r].kind;
            const callee = this.callees[r];
            const calleeDecides = callee >= 0 && this.alwaysDecides(callee);
            if (kind === 'return' || (kind === 'goto' && !calleeDecides)) {
                break;
            }
            if ((this.ruleShapes[r] & RuleShape.Unconditional) !== 0 && (kind === 'verdict' || kind === 'goto' || (kind === 'jump' && calleeDecides))) {
                result = true;
                break;
            }
        }
        this.decidesMemo[c] = result ? YES : NO;
        return result;
    }

    /** Can the rule end the walk for some packet (a jump only if its chain can)? RETURN only goes back. */
    mayDecide(facts: RuleFacts): boolean {
        const { effect, callee } = facts;
        if (effect.kind === 'verdict' || effect.unknown) {
            return true;
        }
        if (effect.kind !== 'jump' && effect.kind !== 'goto') {
            return false;
        }
        if (callee === undefined) {
            return false;
        }
        const memo = this.mayDecideMemo.get(callee);
        if (memo !== undefined) {
            return memo || effect.kind === 'goto';
        }
        this.mayDecideMemo.set(callee, false);
        const result = this.chainFacts(callee).some((f) => this.mayDecide(f));
        this.mayDecideMemo.set(callee, result);
        // After a goto, control never comes back to this chain even when the callee decides nothing.
        return result || effect.kind === 'goto';
    }

    /** The fields a rule may rewrite, following its jump. */
    ruleMutates(facts: RuleFacts): readonly number[] {
        const { effect, callee } = facts;
        return callee ? this.chainMutates(this.numbers.get(callee.name)!) : effect.mutates;
    }

    private chainMutates(c: number): readonly number[] {
        const memo = this.mutatesMemo[c];
        if (memo) {
            return memo;
        }
        this.mutatesMemo[c] = [];
        const dims = new Set<number>();
        for (let r = this.firstRule[c]; r < this.firstRule[c + 1]; r++) {
            const callee = this.callees[r];
            for (const d of callee >= 0 ? this.chainMutates(callee) : this.effects[r].mutates) {
                dims.add(d);
            }
        }
        const result = [...dims];
        this.mutatesMemo[c] = result;
        return result;
    }

    /** Can a packet enter the chain (by number) from some built-in chain of the table, following jumps and gotos? */
    isReachable(c: number): boolean {
        return this.entryMasks()[c] !== 0;
    }

    /** The chains (by number) with a rule that jumps or goes to one of `targets`; one pass over the rules. */
    callersOf(targets: ReadonlySet<number>): Map<number, number[]> {
        const callers = new Map<number, number[]>();
        for (let c = 0; c < this.chains.length; c++) {
            for (let r = this.firstRule[c]; r < this.firstRule[c + 1]; r++) {
                const callee = this.callees[r];
                if (targets.has(callee)) {
                    const list = getOrCreate(callers, callee, () => []);
                    if (!list.includes(c)) {
                        list.push(c);
                    }
                }
            }
        }
        return callers;
    }

    /** Built-in chains from which a chain (by number) can be entered, following jumps and gotos. */
    entryChains(c: number): readonly string[] {
        const mask = this.entryMasks()[c];
        let names = this.entryLists.get(mask);
        if (!names) {
            names = this.entryNames.filter((_, bit) => (mask & (1 << bit)) !== 0);
            this.entryLists.set(mask, names);
        }
        return names;
    }

    /**
     * Per chain, the built-in chains it can be entered from (bit i: entryNames[i]), computed once for all chains
     * by pushing each built-in chain's bit down the jumps: a chain is revisited only when it gains a bit.
     */
    private entryMasks(): Int32Array {
        if (this.entryMaskMemo) {
            return this.entryMaskMemo;
        }
        const masks = new Int32Array(this.chains.length);
        const work: number[] = [];
        this.chains.forEach((chain, c) => {
            if (chain.builtin) {
                masks[c] = 1 << this.entryNames.length;
                this.entryNames.push(chain.name);
                work.push(c);
            }
        });
        propagateBits(masks, this.firstRule, this.callees, work);
        this.entryMaskMemo = masks;
        return masks;
    }
}
