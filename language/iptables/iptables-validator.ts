import type { Chain, Diagnostic, Rule, Ruleset, SourceRef, Table, TableName } from '../../model/model-api.js';
import { formatIPv4, optionValue, propagateBits } from '../../model/model-api.js';
import { HOOKS, MATCHES, TARGETS, builtinHook, isHook, optionNamed, targetTables } from './iptables-registry.js';
import type { Backend, Hook, OptionSpec } from './iptables-registry.js';

/**
 * What iptables-restore and the kernel would refuse in a parsed ruleset (SEMANTICS.md §2.2, §2.3), checked on the
 * model: where targets and options are valid (through the jump graph: a user chain inherits its callers' hooks),
 * jumps to missing chains, jump loops, interface directions and names. Linear in the number of rules.
 */

export interface ValidationContext {
    /** Interfaces of the namespace; when given, an `-i`/`-o` name that none of them matches is a warning. */
    interfaceNames?: readonly string[];
    backend: Backend;
}

/** One bit per hook, in HOOKS order. */
const HOOK_BIT = new Map<Hook, number>(HOOKS.map((hook, i) => [hook, 1 << i]));
const INPUT_SIDE = bits(['PREROUTING', 'INPUT']);
const OUTPUT_SIDE = bits(['OUTPUT', 'POSTROUTING']);

function bits(hooks: readonly Hook[]): number {
    let mask = 0;
    for (const hook of hooks) {
        mask |= HOOK_BIT.get(hook)!;
    }
    return mask;
}

function hookNames(mask: number): string {
    return HOOKS.filter((hook) => (mask & HOOK_BIT.get(hook)!) !== 0).join(', ');
}

export function validateRuleset(ruleset: Ruleset, context: ValidationContext): Diagnostic[] {
    const diagnostics: Diagnostic[] = [];
    const interfaces = context.interfaceNames ? new InterfaceMatcher(context.interfaceNames) : undefined;
    for (const table of ruleset.tables.values()) {
        new TableValidator(table, context.backend, interfaces, diagnostics).run();
    }
    sharedTables(ruleset, diagnostics);
    return diagnostics;
}

/**
 * What a `recent` list or `hashlimit` table takes from the rule that creates it, written out with the defaults: the
 * kernel keeps that first rule's values for every rule naming the list or table (xt_recent's mask; xt_hashlimit's
 * mode, masks, rate and burst), while each rule here is read with its own.
 */
function tableSettings(match: Rule['matches'][number]): { name: string; settings: string } | undefined {
    const value = (option: string) => optionValue(match, option);
    const text = (option: string, fallback: string) => {
        const v = value(option);
        return v?.kind === 'string' ? v.value : v?.kind === 'number' ? String(v.value) : v?.kind === 'words' ? [...v.words].sort().join(',').toLowerCase() : fallback;
    };
    if (match.module === 'recent') {
        const mask = value('mask');
        return { name: `recent list '${text('name', 'DEFAULT')}'`, settings: `--mask ${mask?.kind === 'cidr' ? formatIPv4(mask.address) : '255.255.255.255'}` };
    }
    if (match.module === 'hashlimit') {
        // A negated upto is an above: the rate is the setting, whichever way it is written.
        const rate = text('hashlimit-upto', text('hashlimit-above', ''));
        return {
            name: `hashlimit table '${text('hashlimit-name', '')}'`,
            settings: `--hashlimit ${rate} --hashlimit-burst ${text('hashlimit-burst', '5')} --hashlimit-mode ${text('hashlimit-mode', '(none)')} --hashlimit-srcmask ${text('hashlimit-srcmask', '32')} --hashlimit-dstmask ${text('hashlimit-dstmask', '32')}`
        };
    }
    return undefined;
}

/** Rules that name the same `recent` list or `hashlimit` table with different settings (one namespace shares them). */
function sharedTables(ruleset: Ruleset, diagnostics: Diagnostic[]): void {
    const first = new Map<string, { settings: string; rule: Rule }>();
    for (const table of ruleset.tables.values()) {
        for (const chain of table.chains.values()) {
            for (const rule of chain.rules) {
                for (const match of rule.refused ? [] : rule.matches) {
                    if (match.module !== 'recent' && match.module !== 'hashlimit') {
                        continue;
                    }
                    const { name, settings } = tableSettings(match)!;
                    const earlier = first.get(name);
                    if (earlier === undefined) {
                        first.set(name, { settings, rule });
                    } else if (earlier.settings !== settings) {
                        diagnostics.push({
                            code: 'ipt-shared-table-differs',
                            severity: 'warning',
                            message: `Rules naming ${name} give it different settings ('${settings}' here, '${earlier.settings}' in ${earlier.rule.table} ${earlier.rule.chain} rule ${earlier.rule.position}): the kernel keeps the settings of the rule that created it for all of them, while netz reads each rule with its own. Give them the same settings.`,
                            source: rule.source,
                            related: [{ message: 'names it first', source: earlier.rule.source }]
                        });
                    }
                }
            }
        }
    }
}

/** Answers "does some interface match this -i/-o value", cached per value: 100,000 rules name few interfaces. */
class InterfaceMatcher {
    private readonly exact: Set<string>;
    private readonly cache = new Map<string, boolean>();

    constructor(private readonly names: readonly string[]) {
        this.exact = new Set(names);
    }

    matches(name: string, wildcard: boolean): boolean {
        if (!wildcard) {
            return this.exact.has(name);
        }
        let found = this.cache.get(name);
        if (found === undefined) {
            found = this.names.some((n) => n.startsWith(name));
            this.cache.set(name, found);
        }
        return found;
    }
}

/** What a rule's -j/-g resolves to, besides the index of an existing user chain (≥ 0). */
const NO_CALL = -1;
const MISSING_CHAIN = -2;
const BUILTIN_CHAIN = -3;

class TableValidator {
    /** The table's chains in map order: every per-chain fact below is an array indexed like this one. */
    private readonly chains: Chain[];
    /** Index in `callees` of each chain's first rule. */
    private readonly firstRule: Int32Array;
    /** Per rule, chain by chain: the user chain it jumps or goes to (its index), or NO_CALL, MISSING_CHAIN, BUILTIN_CHAIN. Resolved once, by name. */
    private readonly callees: Int32Array;
    /** Hooks from which each chain can be reached, as a bit mask (0: unreachable from any built-in chain). */
    private readonly hooks: Int32Array;

    constructor(
        private readonly table: Table,
        private readonly backend: Backend,
        private readonly interfaces: InterfaceMatcher | undefined,
        private readonly diagnostics: Diagnostic[]
    ) {
        this.chains = [...table.chains.values()];
        const chainIndex = new Map<string, number>();
        this.firstRule = new Int32Array(this.chains.length + 1);
        let rules = 0;
        for (let c = 0; c < this.chains.length; c++) {
            chainIndex.set(this.chains[c].name, c);
            this.firstRule[c] = rules;
            rules += this.chains[c].rules.length;
        }
        this.firstRule[this.chains.length] = rules;
        this.callees = new Int32Array(rules);
        for (let c = 0, r = 0; c < this.chains.length; c++) {
            const chainRules = this.chains[c].rules;
            for (let k = 0; k < chainRules.length; k++) {
                const target = chainRules[k].target;
                let callee = NO_CALL;
                // A refused rule is never loaded: it leads nowhere.
                if (target?.userChain && !chainRules[k].refused) {
                    const called = chainIndex.get(target.name);
                    callee = called === undefined ? MISSING_CHAIN : this.chains[called].builtin ? BUILTIN_CHAIN : called;
                }
                this.callees[r++] = callee;
            }
        }
        this.hooks = new Int32Array(this.chains.length);
    }

    run(): void {
        this.checkChains();
        this.propagateHooks();
        this.checkLoops();
        for (let c = 0; c < this.chains.length; c++) {
            const chain = this.chains[c];
            const mask = this.hooks[c];
            const first = this.firstRule[c];
            for (let k = 0; k < chain.rules.length; k++) {
                // A refused rule has its parser errors already; what the kernel would say of it comes after they are fixed.
                if (!chain.rules[k].refused) {
                    this.checkRule(chain, chain.rules[k], mask, this.callees[first + k]);
                }
            }
        }
    }

    private push(severity: Diagnostic['severity'], code: string, message: string, source: SourceRef): void {
        this.diagnostics.push({ code, severity, message, source });
    }

    private checkChains(): void {
        const tableName = this.table.name;
        for (const chain of this.chains) {
            if (!chain.builtin && isHook(chain.name)) {
                const source = chain.source ?? chain.rules[0]?.source;
                if (source) {
                    this.push('error', 'ipt-chain-not-in-table',
                        `The ${tableName} table has no built-in ${chain.name} chain (it has ${this.chains.filter((c) => c.builtin).map((c) => c.name).join(', ')}). Move these rules to a table that has ${chain.name}, or rename the chain.`,
                        source);
                }
            }
        }
    }

    /** Each chain gets the union of its callers' hooks; a chain is revisited only when it gains a hook bit (≤ 5 times). */
    private propagateHooks(): void {
        const hooks = this.hooks;
        const work: number[] = [];
        for (let c = 0; c < this.chains.length; c++) {
            const chain = this.chains[c];
            const hook = chain.builtin ? builtinHook(this.table.name, chain.name) : undefined;
            if (hook) {
                hooks[c] = HOOK_BIT.get(hook)!;
                work.push(c);
            }
        }
        propagateBits(hooks, this.firstRule, this.callees, work);
    }

    /** Cycles of the jump graph by Tarjan's algorithm (iterative: kube-proxy has 30,000 chains). */
    private checkLoops(): void {
        const count = this.chains.length;
        const index = new Int32Array(count).fill(-1);
        const low = new Int32Array(count);
        const onStack = new Uint8Array(count);
        const stack: number[] = [];
        // The depth-first path: chain indices and, for each, the next rule (absolute index in `callees`) to follow.
        const frameChain: number[] = [];
        const frameNext: number[] = [];
        let counter = 0;
        for (let root = 0; root < count; root++) {
            if (index[root] >= 0) {
                continue;
            }
            frameChain.push(root);
            frameNext.push(this.firstRule[root]);
            index[root] = low[root] = counter++;
            stack.push(root);
            onStack[root] = 1;
            while (frameChain.length > 0) {
                const top = frameChain.length - 1;
                const chain = frameChain[top];
                if (frameNext[top] < this.firstRule[chain + 1]) {
                    const callee = this.callees[frameNext[top]++];
                    if (callee < 0) {
                        continue;
                    }
                    if (index[callee] < 0) {
                        index[callee] = low[callee] = counter++;
                        stack.push(callee);
                        onStack[callee] = 1;
                        frameChain.push(callee);
                        frameNext.push(this.firstRule[callee]);
                    } else if (onStack[callee] === 1) {
                        low[chain] = Math.min(low[chain], index[callee]);
                    }
                    continue;
                }
                frameChain.pop();
                frameNext.pop();
                if (frameChain.length > 0) {
                    const parent = frameChain[frameChain.length - 1];
                    low[parent] = Math.min(low[parent], low[chain]);
                }
                if (low[chain] === index[chain]) {
                    if (stack[stack.length - 1] === chain) {
                        // A component of one, almost every chain: a loop only if the chain calls itself.
                        stack.pop();
                        onStack[chain] = 0;
                        if (this.callsItself(chain)) {
                            this.reportLoop([chain]);
                        }
                        continue;
                    }
                    const component: number[] = [];
                    let member: number;
                    do {
                        member = stack.pop()!;
                        onStack[member] = 0;
                        component.push(member);
                    } while (member !== chain);
                    this.reportLoop(component);
                }
            }
        }
    }

    private callsItself(c: number): boolean {
        for (let r = this.firstRule[c]; r < this.firstRule[c + 1]; r++) {
            if (this.callees[r] === c) {
                return true;
            }
        }
        return false;
    }

    private reportLoop(component: number[]): void {
        const members = new Set(component);
        // The first rule whose jump stays inside the component closes the cycle (a self-loop is a component of one).
        let closing: Rule | undefined;
        for (const c of component) {
            for (let r = this.firstRule[c]; r < this.firstRule[c + 1] && !closing; r++) {
                if (members.has(this.callees[r])) {
                    closing = this.chains[c].rules[r - this.firstRule[c]];
                }
            }
            if (closing) {
                break;
            }
        }
        if (!closing) {
            return;
        }
        const chains = component.map((c) => this.chains[c]);
        const names = chains.map((c) => c.name).reverse().join(' -> ');
        const reachable = component.some((c) => this.hooks[c] !== 0);
        const where = locate(closing, `-${closing.target!.goto ? 'g' : 'j'} ${closing.target!.name}`);
        if (reachable) {
            this.push('error', 'ipt-jump-loop',
                `Jump loop ${names} -> ${chains[chains.length - 1].name} is reachable from a built-in chain: the kernel refuses it ("Too many links" on nft, ELOOP on legacy). Break the cycle.`,
                where);
        } else {
            this.push('warning', 'ipt-jump-loop-unreferenced',
                `Jump loop ${names} -> ${chains[chains.length - 1].name}: accepted while no built-in chain reaches it, but any later jump into it will be refused. Break the cycle.`,
                where);
        }
    }

    private checkRule(chain: Chain, rule: Rule, mask: number, callee: number): void {
        const tableName: TableName = this.table.name;
        const target = rule.target;
        if (target) {
            if (target.userChain) {
                if (callee === MISSING_CHAIN || callee === BUILTIN_CHAIN) {
                    const where = locate(rule, `-${target.goto ? 'g' : 'j'} ${target.name}`);
                    if (callee === MISSING_CHAIN) {
                        this.push('error', 'ipt-unknown-chain',
                            `Chain '${target.name}' does not exist in table ${tableName} (iptables-restore: "Chain '${target.name}' does not exist"; the whole restore fails). Declare it with ':${target.name} - [0:0]', or fix the name.`,
                            where);
                    } else {
                        this.push('error', 'ipt-jump-to-builtin',
                            `Cannot ${target.goto ? 'go' : 'jump'} to built-in chain ${target.name}: only user chains can be called. Jump to a user chain instead.`,
                            where);
                    }
                }
            } else {
                this.checkTarget(chain, rule, mask);
            }
        }
        const matches = rule.matches;
        for (let m = 0; m < matches.length; m++) {
            const match = matches[m];
            const spec = MATCHES.get(match.module);
            for (let o = 0; o < match.options.length; o++) {
                const option = match.options[o];
                const optionSpec = spec ? optionNamed(spec, option.name) : undefined;
                if (optionSpec?.hooks) {
                    this.checkOptionHooks(rule, optionSpec, option.text, mask, `-m ${match.module}`);
                }
                if (option.value.kind === 'interface') {
                    this.checkInterface(chain, rule, option.name, option.value.name, option.value.wildcard, option.negated, option.text, mask);
                }
            }
            if (match.module === 'physdev') {
                this.checkPhysdev(rule, match.options, mask);
            }
        }
    }

    private checkTarget(chain: Chain, rule: Rule, mask: number): void {
        const target = rule.target!;
        const spec = TARGETS.get(target.name);
        if (!spec) {
            return;
        }
        const tableName = this.table.name;
        const where = () => locate(rule, `-j ${target.name}`);
        if (target.name === 'DROP' && tableName === 'nat') {
            this.push('error', 'ipt-drop-in-nat',
                'The "nat" table is not intended for filtering, the use of DROP is therefore inhibited. Drop the packet in the filter table (or raw/mangle) instead.',
                where());
            return;
        }
        const tables = targetTables(spec, this.backend);
        if (tables && !tables.includes(tableName)) {
            this.push('error', 'ipt-target-invalid-table',
                `${target.name} is only valid in the ${tables.join(', ')} table${tables.length > 1 ? 's' : ''}${spec.tablesByBackend ? ` with the ${this.backend} backend` : ''}, not in ${tableName}: the kernel refuses the rule ("Invalid argument"). Move it to ${tables[0]}.`,
                where());
            return;
        }
        if (spec.hooks) {
            const bad = mask & ~bits(spec.hooks);
            if (bad !== 0) {
                const via = chain.builtin ? `chain ${chain.name}` : `chain '${chain.name}', which is reached from ${hookNames(bad)}`;
                this.push('error', 'ipt-target-invalid-chain',
                    `${target.name} is only valid in ${tableName} ${spec.hooks.join(', ')} (and user chains called only from there), but this is ${via}: the kernel refuses the rule ("Invalid argument").`,
                    where());
            }
        }
        for (const option of target.options) {
            const optionSpec = optionNamed(spec, option.name);
            if (optionSpec?.hooks) {
                this.checkOptionHooks(rule, optionSpec, option.text, mask, `-j ${target.name}`);
            }
        }
        if (target.name === 'TCPMSS' && this.backend === 'legacy' && !hasSynMatch(rule)) {
            this.push('error', 'ipt-tcpmss-needs-syn',
                'TCPMSS only works on TCP SYN packets: the legacy kernel refuses it without a SYN match. Add -m tcp --tcp-flags SYN,RST SYN (or --syn) before -j TCPMSS.',
                where());
        }
    }

    private checkOptionHooks(rule: Rule, option: OptionSpec, text: string, mask: number, owner: string): void {
        const bad = mask & ~bits(option.hooks!);
        if (bad !== 0) {
            this.push('error', 'ipt-option-invalid-chain',
                `${owner} --${option.name} is only valid in ${option.hooks!.join(', ')}, but this rule is reached from ${hookNames(bad)}: the kernel refuses it. Move the rule or drop the option.`,
                locate(rule, text));
        }
    }

    private checkPhysdev(rule: Rule, options: Rule['matches'][number]['options'], mask: number): void {
        const out = options.find((o) => o.name === 'physdev-out' || o.name === 'physdev-is-out');
        const bridged = options.find((o) => o.name === 'physdev-is-bridged');
        if (out && (!bridged || bridged.negated) && (mask & HOOK_BIT.get('OUTPUT')!) !== 0) {
            this.push('error', 'ipt-physdev-invalid-chain',
                `--${out.name} without --physdev-is-bridged is refused for rules reached from OUTPUT (kernel: "--physdev-out and --physdev-is-out only supported in the FORWARD and POSTROUTING chains with bridged traffic"). Add --physdev-is-bridged or move the rule to FORWARD/POSTROUTING.`,
                locate(rule, out.text));
        }
    }

    private checkInterface(chain: Chain, rule: Rule, optionName: string, name: string, wildcard: boolean, negated: boolean, text: string, mask: number): void {
        const isIn = optionName === 'in-interface';
        const isOut = optionName === 'out-interface';
        if (isIn || isOut) {
            const forbidden = isIn ? ['OUTPUT', 'POSTROUTING'] : ['PREROUTING', 'INPUT'];
            if (forbidden.includes(chain.name)) {
                // iptables checks the chain name, whatever the table.
                this.push('error', 'ipt-interface-direction',
                    `Can't use ${isIn ? '-i' : '-o'} with ${chain.name}: ${isIn ? 'locally generated packets have no input interface' : 'the output interface is not known yet'}. Use ${isIn ? '-o' : '-i'}, or move the rule to ${isIn ? 'PREROUTING, INPUT or FORWARD' : 'FORWARD, OUTPUT or POSTROUTING'}.`,
                    locate(rule, text));
                return;
            }
            const side = isIn ? OUTPUT_SIDE : INPUT_SIDE;
            if (!chain.builtin && !negated && mask !== 0 && (mask & ~side) === 0) {
                this.push('warning', 'ipt-interface-never-matches',
                    `Chain '${chain.name}' is reached only from ${hookNames(mask)}, where packets have no ${isIn ? 'input' : 'output'} interface: this ${isIn ? '-i' : '-o'} never matches.`,
                    locate(rule, text));
                return;
            }
        }
        if (this.interfaces && !(wildcard && name === '') && !this.interfaces.matches(name, wildcard)) {
            this.push('warning', 'ipt-interface-unknown',
                `No interface of this namespace ${wildcard ? `starts with '${name}'` : `is named '${name}'`}: ${text} ${negated ? 'matches every packet here (the condition is always true)' : 'never matches here'}. Fix the name or declare the interface.`,
                locate(rule, text));
        }
    }
}

/** True when the rule has a non-negated tcp match whose compared flags include SYN (the kernel's find_syn_match). */
function hasSynMatch(rule: Rule): boolean {
    return rule.matches.some((m) => m.module === 'tcp' && m.options.some((o) =>
        o.value.kind === 'tcpFlags' && !o.negated && (o.value.compare & 2) !== 0));
}

/**
 * The source range of `needle` within the rule's line, or the whole rule. Rule.text ends where the line's source
 * range ends, which fixes the column of its first character.
 */
function locate(rule: Rule, needle: string): SourceRef {
    const at = rule.text.indexOf(needle);
    if (at < 0 || rule.source.line !== rule.source.endLine) {
        return rule.source;
    }
    const textColumn = rule.source.endColumn - rule.text.length;
    return { ...rule.source, column: textColumn + at, endColumn: textColumn + at + needle.length };
}
