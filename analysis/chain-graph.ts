import type { Chain, Match, Rule, Table, Target } from '../model/model-api.js';
import type { Cube } from './packet-cube.js';
import { isUniverseCube } from './packet-cube.js';
import type { OpaqueFields, RuleConditions, TargetEffect } from './rule-conditions.js';
import { ruleConditions, targetEffect } from './rule-conditions.js';

/** One rule as the analysis sees it. */
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
            node.next ??= new Map();
            let child = node.next.get(match);
            if (!child) {
                child = {};
                node.next.set(match, child);
            }
            node = child;
        }
        node.conditions ??= ruleConditions(rule, this.opaque);
        return node.conditions;
    }
}

/**
 * The call graph of one table: which chains jump to which, which user chains decide every packet they are
 * given (so a jump to them ends the caller's walk), and which fields a chain may rewrite on the way.
 */
export class ChainGraph {
    /** Per chain, the facts of its rules in order (position − 1): arrays, not a map keyed by rule, at 100,000 rules. */
    private readonly byChain = new Map<string, RuleFacts[]>();
    /** Rules that jump or go to each chain. */
    readonly callers = new Map<string, Rule[]>();
    private readonly decidesMemo = new Map<Chain, boolean>();
    private readonly mutatesMemo = new Map<Chain, number[]>();
    private readonly mayDecideMemo = new Map<Chain, boolean>();
    /** The table's built-in chains, in map order, and what entryMasks computed from them. */
    private readonly entryNames: string[] = [];
    private entryMaskMemo: Map<string, number> | undefined;

    constructor(readonly table: Table, opaque: OpaqueFields) {
        // Targets are shared between rules with the same target text (the parser interns them): one effect each.
        const effects = new Map<Target | undefined, TargetEffect>();
        const memo = new ConditionsMemo(opaque);
        for (const chain of table.chains.values()) {
            const list: RuleFacts[] = [];
            this.byChain.set(chain.name, list);
            for (const rule of chain.rules) {
                let effect = effects.get(rule.target);
                if (effect === undefined) {
                    effect = targetEffect(rule.target);
                    effects.set(rule.target, effect);
                }
                const conditions = memo.of(rule);
                const callee = rule.target?.userChain ? table.chains.get(rule.target.name) : undefined;
                list.push({
                    rule,
                    conditions,
                    effect,
                    callee,
                    decides: false,
                    outcome: effect.key,
                    sure: conditions.exact ? conditions.cube : undefined,
                    unconditional: conditions.exact && conditions.cube !== undefined && (conditions.cube.size === 0 || isUniverseCube(conditions.cube)),
                });
                if (rule.target?.userChain) {
                    const list = this.callers.get(rule.target.name);
                    if (list) {
                        list.push(rule);
                    } else {
                        this.callers.set(rule.target.name, [rule]);
                    }
                }
            }
        }
        for (const list of this.byChain.values()) {
            for (const facts of list) {
                const { effect, callee } = facts;
                facts.decides = effect.kind === 'verdict' || effect.kind === 'return' || effect.kind === 'goto'
                    || (effect.kind === 'jump' && callee !== undefined && this.alwaysDecides(callee));
            }
        }
    }

    /** The facts of a chain's rules, in order. */
    chainFacts(chain: Chain): RuleFacts[] {
        return this.byChain.get(chain.name) ?? [];
    }

    /** The facts of one rule of this table. */
    factsOf(rule: Rule): RuleFacts {
        const list = this.byChain.get(rule.chain)!;
        const at = list[rule.position - 1];
        // Positions are the chain order; the search only guards against a ruleset edited without renumbering.
        return at?.rule === rule ? at : list.find((f) => f.rule === rule)!;
    }

    /** Every rule's facts, chain by chain. */
    *allFacts(): Iterable<RuleFacts> {
        for (const list of this.byChain.values()) {
            yield* list;
        }
    }

    chain(name: string): Chain | undefined {
        return this.table.chains.get(name);
    }

    /** Does every packet entering this user chain get its verdict inside it (so none ever comes back)? */
    alwaysDecides(chain: Chain): boolean {
        const memo = this.decidesMemo.get(chain);
        if (memo !== undefined) {
            return memo;
        }
        // A loop is rejected by the kernel; until proven otherwise the chain may come back.
        this.decidesMemo.set(chain, false);
        let result = false;
        for (const { effect, callee, unconditional } of this.chainFacts(chain)) {
            const calleeDecides = callee !== undefined && this.alwaysDecides(callee);
            if (effect.kind === 'return' || (effect.kind === 'goto' && !calleeDecides)) {
                break;
            }
            if (unconditional && (effect.kind === 'verdict' || effect.kind === 'goto' || (effect.kind === 'jump' && calleeDecides))) {
                result = true;
                break;
            }
        }
        this.decidesMemo.set(chain, result);
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
    ruleMutates(facts: RuleFacts): number[] {
        const { effect, callee } = facts;
        return callee ? this.chainMutates(callee) : effect.mutates;
    }

    private chainMutates(chain: Chain): number[] {
        const memo = this.mutatesMemo.get(chain);
        if (memo) {
            return memo;
        }
        this.mutatesMemo.set(chain, []);
        const dims = new Set<number>();
        for (const f of this.chainFacts(chain)) {
            for (const d of this.ruleMutates(f)) {
                dims.add(d);
            }
        }
        const result = [...dims];
        this.mutatesMemo.set(chain, result);
        return result;
    }

    /** Built-in chains from which a chain can be entered, following jumps and gotos. */
    entryChains(name: string): Set<string> {
        const mask = this.entryMasks().get(name) ?? 0;
        const out = new Set<string>();
        this.entryNames.forEach((entry, bit) => {
            if ((mask & (1 << bit)) !== 0) {
                out.add(entry);
            }
        });
        return out;
    }

    /**
     * Per chain name, the built-in chains it can be entered from (bit i: entryNames[i]), computed once for all chains
     * by pushing each built-in chain's bit down the jumps: a chain is revisited only when it gains a bit.
     */
    private entryMasks(): Map<string, number> {
        if (this.entryMaskMemo) {
            return this.entryMaskMemo;
        }
        const masks = new Map<string, number>();
        const work: string[] = [];
        for (const chain of this.table.chains.values()) {
            if (chain.builtin) {
                masks.set(chain.name, 1 << this.entryNames.length);
                this.entryNames.push(chain.name);
                work.push(chain.name);
            }
        }
        while (work.length > 0) {
            const name = work.pop()!;
            const mask = masks.get(name)!;
            for (const { rule } of this.byChain.get(name) ?? []) {
                const target = rule.target;
                if (target?.userChain) {
                    const before = masks.get(target.name) ?? 0;
                    if ((before | mask) !== before) {
                        masks.set(target.name, before | mask);
                        work.push(target.name);
                    }
                }
            }
        }
        this.entryMaskMemo = masks;
        return masks;
    }
}
