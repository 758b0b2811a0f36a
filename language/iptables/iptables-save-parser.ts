import type {
    Chain, Diagnostic, Match, MatchOption, OptionValue, PortRange, Rule, Ruleset, Severity, SourceRef, TableName, Target,
    TargetOption, UnmodelledOption
} from '../../model/model-api.js';
import { getOrCreate, maskToPrefix, parseIPv4 } from '../../model/model-api.js';
import {
    ICMP_TYPES, MATCHES, MAX_CHAIN_NAME, MAX_INTERFACE_NAME, PROTOCOLS, SERVICES, TABLES, TARGETS, TCP_FLAGS, UNMODELLED_MATCHES,
    UNMODELLED_TARGETS, findOption, isHook, isTableName
} from './iptables-registry.js';
import { ParsedRule, ParsedText } from './iptables-parsed-rule.js';
import type { Backend, CheckContext, MatchSpec, OptionLookup, OptionSpec, TargetSpec, UnmodelledOptionSpec } from './iptables-registry.js';

/**
 * The one parser of iptables-save / iptables-restore text: `iptables { }` block bodies, `iptables from` files and
 * `netz import` all go through it. Hand-written and single-pass so that a 100,000-rule kube-proxy dump parses in an
 * editor keystroke budget. Every rule is typed through the registry.
 */

export interface ParseOptions {
    file: string;
    /** 1-based position of the text's first character in its file. */
    line?: number;
    column?: number;
    /** Accepted for symmetry with validation; what parses is the same on both backends (the differences are the kernel's, see validateRuleset). */
    backend?: Backend;
}

export function emptyRuleset(): Ruleset {
    return { tables: new Map() };
}

/**
 * The empty list every rule without unmodelled options or target options shares. Frozen: the model is read-only data,
 * and Match, MatchOption, Target and OptionValue objects are shared between rules with the same text.
 */
const NONE: never[] = Object.freeze([]) as unknown as never[];

const RATE_UNITS = { s: 'sec', m: 'min', h: 'hour', d: 'day' };

/** A whitespace-separated word of a line, unquoted, with its 0-based column range in the line. */
interface Token {
    text: string;
    start: number;
    end: number;
}

const PROTOCOL_NAMES_BY_NUMBER = new Map<number, string>();
for (const [name, number] of PROTOCOLS) {
    if (!PROTOCOL_NAMES_BY_NUMBER.has(number)) {
        PROTOCOL_NAMES_BY_NUMBER.set(number, name);
    }
}

const TABLE_COMMANDS = new Map<string, string>([
    ['-A', 'A'], ['--append', 'A'], ['-I', 'I'], ['--insert', 'I'], ['-D', 'D'], ['--delete', 'D'], ['-R', 'R'], ['--replace', 'R'],
    ['-N', 'N'], ['--new-chain', 'N'], ['--new', 'N'], ['-X', 'X'], ['--delete-chain', 'X'], ['-F', 'F'], ['--flush', 'F'],
    ['-P', 'P'], ['--policy', 'P'], ['-Z', 'Z'], ['--zero', 'Z']
]);

const BASIC = MATCHES.get('basic')!;
/** Rule words that are not match or target options: one lookup per token decides. */
const enum Word { Match = 1, Jump, Goto, Counters, Table }
const WORDS = new Map<string, Word>([
    ['-m', Word.Match], ['--match', Word.Match], ['-j', Word.Jump], ['--jump', Word.Jump], ['-g', Word.Goto], ['--goto', Word.Goto],
    ['-c', Word.Counters], ['--set-counters', Word.Counters], ['-t', Word.Table], ['--table', Word.Table]
]);
/** Short options that take an argument and may be glued to it (`-ptcp`, `-s1.2.3.4`, `-jACCEPT`). */
const GLUED_SHORT = new Set(['-s', '-d', '-i', '-o', '-p', '-j', '-g', '-m', '-c']);

/** One extension loaded on a rule: a match instance or the target, in load order. */
interface Loaded {
    kind: 'match' | 'target';
    spec: MatchSpec | TargetSpec;
    implicit: boolean;
    /** Typed options in the order given (shared objects, see optionCache). */
    options: Scratch<MatchOption | TargetOption>;
    /** Options given but kept unmodelled (valid iptables the model cannot hold): they count as present. */
    untyped: string[] | undefined;
    /** An option had a malformed argument (already reported): cross-option checks would only repeat it. */
    broken: boolean;
    /** An option was typed for the first time in this parse, so no earlier Match or Target can equal this one. */
    fresh: boolean;
    /** Token where it was loaded, for diagnostics about the extension as a whole. */
    token: Token;
}

/** The typed options of one OptionSpec by exact text, while sharing them pays (see CACHE_TRIAL). */
interface OptionCache {
    texts: Map<string, MatchOption | TargetOption>;
    lookups: number;
    hits: number;
    /** Set for good once the trial showed that values of this option rarely repeat. */
    off: boolean;
    /**
     * The last value typed, kept even when the map is off: values that repeat mostly repeat on neighbouring rules (a
     * service's comment on each of its endpoint chains), and one string comparison finds them without hashing.
     */
    lastText: string;
    last: MatchOption | TargetOption | undefined;
}

/** Lookups after which an option's cache is judged, and the hit ratio (1 in N) it must reach to be kept. */
const CACHE_TRIAL = 4096;
const CACHE_MIN_HIT_RATIO = 4;

/**
 * A list reused from rule to rule. Emptying a JS array (`length = 0`) releases its storage, so a reused array would
 * allocate again on every rule: a 100,000-rule parse made most of its garbage that way.
 */
class Scratch<T> {
    readonly items: T[] = [];
    length = 0;

    push(item: T): void {
        this.items[this.length++] = item;
    }

    toArray(): T[] {
        return this.items.slice(0, this.length);
    }
}

/** The options of a target without a Loaded entry (a chain or an unmodelled target): none. */
const NO_OPTIONS = new Scratch<MatchOption | TargetOption>();

function hasOption(entry: Loaded, name: string): boolean {
    const options = entry.options;
    for (let k = 0; k < options.length; k++) {
        if (options.items[k].name === name) {
            return true;
        }
    }
    return entry.untyped !== undefined && entry.untyped.includes(name);
}

function hasAnyOption(entry: Loaded, names: readonly string[]): boolean {
    for (let k = 0; k < names.length; k++) {
        if (hasOption(entry, names[k])) {
            return true;
        }
    }
    return false;
}


/** An extension's options as a registry check reads them: a handful per rule, so a linear search beats any Map. */
class EntryOptions implements OptionLookup {
    /** Pointed at each extension's options in turn: one object for the whole parse. */
    options = new Scratch<MatchOption | TargetOption>();

    get(name: string): OptionValue | undefined {
        for (let k = 0; k < this.options.length; k++) {
            if (this.options.items[k].name === name) {
                return this.options.items[k].value;
            }
        }
        return undefined;
    }

    has(name: string): boolean {
        return this.get(name) !== undefined;
    }
}

function label(entry: Loaded): string {
    return entry.kind === 'match' ? `-m ${entry.spec.name}` : `-j ${entry.spec.name}`;
}

/** An unmodelled extension or option being collected from the rule's tokens. */
interface Unknown {
    entry: UnmodelledOption;
    tokens: Token[];
}

/** A node of the interning trie: the path from the root is a sequence of shared option objects. */
interface TrieNode {
    /** Created with the first child: most paths (a unique address) end in a leaf. */
    next?: Map<object, TrieNode>;
    shared?: Match | Target;
}

const newNode = (): TrieNode => ({});
const newOptionCache = (): OptionCache => ({ texts: new Map(), lookups: 0, hits: 0, off: false, lastText: '', last: undefined });

function descend(root: TrieNode, options: Scratch<object>): TrieNode {
    let node = root;
    for (let k = 0; k < options.length; k++) {
        node = getOrCreate(node.next ??= new Map(), options.items[k], newNode);
    }
    return node;
}

class SaveParser {
    private readonly diagnostics: Diagnostic[] = [];
    private readonly baseLine: number;
    private readonly baseColumn: number;
    private readonly file: string;
    private table: TableName | undefined;
    /** Tables whose `*table` header appeared in this text: a second header replaces the table, as iptables-restore does. */
    private readonly sectionsSeen = new Set<TableName>();
    /** Chains whose rule positions need renumbering after `-I`/`-D`/`-R`. */
    private readonly dirty = new Set<Chain>();
    private lineIndex = 0;
    private line = '';
    private at!: ParsedText;
    /** Offset of the current line in the text. */
    private lineStart = 0;
    /** The chain the previous command named (see parseCommand). */
    private lastChain: Chain | undefined;

    constructor(private readonly ruleset: Ruleset, options: ParseOptions) {
        this.file = options.file;
        this.baseLine = options.line ?? 1;
        this.baseColumn = options.column ?? 1;
    }

    parse(text: string): Diagnostic[] {
        this.at = new ParsedText(this.file, text, this.baseLine, this.baseColumn);
        let start = 0;
        const length = text.length;
        while (start <= length) {
            this.lineStart = start;
            let end = text.indexOf('\n', start);
            if (end < 0) {
                end = length;
            }
            let line = text.slice(start, end);
            if (line.endsWith('\r')) {
                line = line.slice(0, -1);
            }
            this.line = line;
            this.parseLine();
            this.lineIndex++;
            start = end + 1;
        }
        for (const chain of this.dirty) {
            chain.rules.forEach((rule, i) => { rule.position = i + 1; });
        }
        return this.diagnostics;
    }

    // ---- positions and diagnostics -------------------------------------------------------------------------------

    private ref(start: number, end: number): SourceRef {
        const line = this.baseLine + this.lineIndex;
        const offset = this.lineIndex === 0 ? this.baseColumn : 1;
        return { file: this.file, line, column: start + offset, endLine: line, endColumn: end + offset };
    }

    private report(severity: Severity, code: string, message: string, start: number, end: number): void {
        this.diagnostics.push({ code, severity, message, source: this.ref(start, end) });
    }

    private error(code: string, message: string, token: Token): void {
        this.report('error', code, message, token.start, token.end);
    }

    // ---- lines ---------------------------------------------------------------------------------------------------

    /**
     * The tokens of the current line. Token objects are reused from line to line (a 100,000-line file would otherwise
     * allocate a million of them): nothing may keep a Token beyond the line it came from.
     */
    private readonly lineTokens: Token[] = [];
    private readonly tokenPool: Token[] = [];

    private tokenize(line: string, from: number): Token[] {
        return tokenizeInto(line, from, this.lineTokens, this.tokenPool);
    }

    private parseLine(): void {
        const line = this.line;
        let i = 0;
        while (i < line.length && (line[i] === ' ' || line[i] === '\t')) {
            i++;
        }
        if (i === line.length || line[i] === '#') {
            return;
        }
        const first = line[i];
        if (first === '*') {
            this.parseTableHeader(i);
        } else if (first === ':') {
            this.parseChainHeader(i);
        } else if (line.startsWith('COMMIT', i) && line.slice(i + 6).trim() === '') {
            this.table = undefined;
        } else {
            this.parseCommand(this.tokenize(line, i));
        }
    }

    private parseTableHeader(start: number): void {
        const name = this.line.slice(start + 1).trim();
        const end = this.line.trimEnd().length;
        if (!isTableName(name)) {
            this.report('error', 'ipt-unknown-table', `Unknown table '${name}': iptables has raw, mangle, nat, filter and security.`, start, end);
            this.table = undefined;
            return;
        }
        const existing = this.ruleset.tables.get(name);
        if (this.sectionsSeen.has(name) && existing) {
            this.report('warning', 'ipt-table-replaced',
                `A second '*${name}' section in the same text replaces the first: iptables-restore flushes the table and deletes its user chains. Merge the two sections, or put them in separate iptables blocks to append.`,
                start, end);
            this.ruleset.tables.delete(name);
            this.lastChain = undefined;
        }
        this.sectionsSeen.add(name);
        this.table = name;
        this.ensureTable(name).source = this.ref(start, end);
    }

    private ensureTable(name: TableName) {
        let table = this.ruleset.tables.get(name);
        if (!table) {
            table = { name, chains: new Map() };
            for (const hook of TABLES.get(name)!.chains) {
                table.chains.set(hook, { name: hook, table: name, builtin: true, policy: 'ACCEPT', rules: [] });
            }
            this.ruleset.tables.set(name, table);
        }
        return table;
    }

    /** The current table; `-A` before any `*table` goes to filter, as the `iptables` command does. */
    private currentTable(): TableName {
        this.table ??= 'filter';
        this.ensureTable(this.table);
        return this.table;
    }

    private parseChainHeader(start: number): void {
        const line = this.line;
        this.currentTable();
        const plainEnd = plainUserChainHeader(line, start);
        if (plainEnd > 0) {
            // `:NAME - [0:0]`, the form of every user chain iptables-save writes (30,000 of them for kube-proxy).
            const name = line.slice(start + 1, plainEnd);
            if (this.checkChainName({ text: name, start, end: plainEnd }, name)) {
                this.declareChain(name, start, line.length);
            }
            return;
        }
        const tokens = this.tokenize(line, start + 1);
        if (tokens.length === 0) {
            this.report('error', 'ipt-syntax', 'A chain header needs a name: `:NAME POLICY [packets:bytes]`.', start, line.length);
            return;
        }
        const nameToken = { ...tokens[0], start: start };
        const name = tokens[0].text;
        if (!this.checkChainName(nameToken, name)) {
            return;
        }
        const policy = tokens[1];
        const chain = this.declareChain(name, start, line.trimEnd().length);
        if (policy && policy.text !== '-') {
            this.setPolicy(chain, policy);
        }
        const counters = tokens[2];
        if (counters && parseCounters(counters.text) === undefined) {
            this.error('ipt-bad-counters', `Bad counters '${counters.text}': write [packets:bytes] with two non-negative integers.`, counters);
        }
    }

    /** The chain of a `:NAME` header in the current table, created if new; the header becomes its source. */
    private declareChain(name: string, start: number, end: number): Chain {
        const table = this.table!;
        const chains = this.ruleset.tables.get(table)!.chains;
        const source = this.ref(start, end);
        let chain = chains.get(name);
        if (!chain) {
            // Created with its source: a field added afterwards would cost every chain a property array.
            chain = { name, table, builtin: false, rules: [], source };
            chains.set(name, chain);
        } else {
            chain.source = source;
        }
        return chain;
    }

    private checkChainName(token: Token, name: string): boolean {
        if (name.length > MAX_CHAIN_NAME) {
            this.error('ipt-chain-name-invalid', `Chain name '${name}' is ${name.length} characters long; iptables accepts at most ${MAX_CHAIN_NAME}.`, token);
            return false;
        }
        if (name.startsWith('-') || name === '!' || TARGETS.has(name)) {
            this.error('ipt-chain-name-invalid', `'${name}' cannot be a chain name: it is an option, negation or a built-in target.`, token);
            return false;
        }
        return true;
    }

    private setPolicy(chain: Chain, policy: Token): void {
        if (!chain.builtin) {
            // A hook name in a table without that hook is reported once, by the validator (ipt-chain-not-in-table).
            if (!isHook(chain.name)) {
                this.error('ipt-policy-user-chain',
                    `Chain '${chain.name}' is a user chain and cannot have a policy (iptables: "Bad built-in chain name"). Write '-' as its policy, or end it with an explicit -j ${policy.text} rule.`,
                    policy);
            }
            return;
        }
        if (policy.text !== 'ACCEPT' && policy.text !== 'DROP') {
            this.error('ipt-policy-invalid', `Bad policy name '${policy.text}': a built-in chain's policy is ACCEPT or DROP.`, policy);
            return;
        }
        chain.policy = policy.text;
    }

    private parseCommand(tokens: Token[]): void {
        let counters: { packets: number; bytes: number } | undefined;
        let index = 0;
        const lineStart = tokens[0].start;
        if (tokens[0].text.startsWith('[')) {
            counters = parseCounters(tokens[0].text);
            if (!counters) {
                this.error('ipt-bad-counters', `Bad counters '${tokens[0].text}': write [packets:bytes] with two non-negative integers.`, tokens[0]);
                return;
            }
            index = 1;
        }
        const commandToken = tokens[index];
        const command = commandToken ? TABLE_COMMANDS.get(commandToken.text) : undefined;
        if (!commandToken || command === undefined) {
            const token = commandToken ?? tokens[0];
            this.error('ipt-syntax',
                `Unexpected '${token.text}': a line of iptables-save text is *table, :CHAIN POLICY, COMMIT, a # comment, or a command (-A, -I, -D, -R, -N, -X, -F, -P).`,
                token);
            return;
        }
        const table = this.currentTable();
        const chains = this.ensureTable(table).chains;
        const chainToken = tokens[index + 1];
        if (!chainToken) {
            if (command === 'X' || command === 'F' || command === 'Z') {
                this.flushOrDeleteAll(command, table);
            } else {
                this.error('ipt-syntax', `${commandToken.text} needs a chain name.`, commandToken);
            }
            return;
        }
        const name = chainToken.text;
        let rest = index + 2;
        if (command === 'N') {
            if (chains.has(name)) {
                this.error('ipt-chain-exists', `Chain '${name}' already exists in table ${table}.`, chainToken);
            } else if (this.checkChainName(chainToken, name)) {
                chains.set(name, { name, table, builtin: false, rules: [], source: this.ref(lineStart, this.line.trimEnd().length) });
            }
            return;
        }
        // Consecutive rules mostly append to one chain: a string comparison instead of a lookup among 30,000 chains.
        const last = this.lastChain;
        const chain = last !== undefined && last.name === name && last.table === table ? last : chains.get(name);
        if (command === 'P') {
            if (!chain) {
                this.unknownChain(table, chainToken);
            } else if (tokens[rest]) {
                this.setPolicy(chain, tokens[rest]);
            } else {
                this.error('ipt-syntax', '-P needs a policy: ACCEPT or DROP.', chainToken);
            }
            return;
        }
        if (command === 'X' || command === 'F' || command === 'Z') {
            if (!chain) {
                this.unknownChain(table, chainToken);
            } else if (command === 'F') {
                chain.rules = [];
            } else if (command === 'X') {
                if (chain.builtin) {
                    this.error('ipt-syntax', `Built-in chain '${name}' cannot be deleted.`, chainToken);
                } else {
                    chains.delete(name);
                    this.lastChain = undefined;
                }
            } else {
                zeroCounters(chain);
            }
            return;
        }
        let target = chain;
        if (!target) {
            this.unknownChain(table, chainToken);
            // Keep the rules so that nothing the user wrote is lost; the chain is flagged as undeclared.
            target = { name, table, builtin: false, rules: [], source: this.ref(chainToken.start, chainToken.end) };
            chains.set(name, target);
        }
        let position: number | undefined;
        if ((command === 'I' || command === 'R' || command === 'D') && tokens[rest] && /^\d+$/.test(tokens[rest].text)) {
            position = Number(tokens[rest].text);
            const limit = target.rules.length + (command === 'I' ? 1 : 0);
            if (position < 1 || position > limit) {
                this.error('ipt-rule-position', `Rule position ${position} is out of range: chain '${name}' has ${target.rules.length} rule${target.rules.length === 1 ? '' : 's'} at this point.`, tokens[rest]);
                return;
            }
            rest++;
        } else if (command === 'R') {
            this.error('ipt-syntax', '-R needs a rule number.', chainToken);
            return;
        }
        this.lastChain = target;
        if (command === 'D' && position !== undefined) {
            target.rules.splice(position - 1, 1);
            this.dirty.add(target);
            return;
        }
        const lineEnd = tokens[tokens.length - 1].end;
        const textStart = rest < tokens.length ? tokens[rest].start : chainToken.end;
        const rule = this.parseRule(table, target.name, tokens, rest, lineStart, textStart, lineEnd);
        if (counters) {
            rule.counters = counters;
        }
        if (command === 'A') {
            rule.position = target.rules.length + 1;
            target.rules.push(rule);
        } else if (command === 'I') {
            target.rules.splice((position ?? 1) - 1, 0, rule);
            this.dirty.add(target);
        } else if (command === 'R') {
            target.rules[position! - 1] = rule;
            this.dirty.add(target);
        } else {
            const normal = normalizeRuleText(rule.text);
            const found = target.rules.findIndex((r) => normalizeRuleText(r.text) === normal);
            if (found < 0) {
                this.report('error', 'ipt-delete-no-match', `No rule in chain '${name}' matches this -D (iptables: "Bad rule (does a matching rule exist in that chain?)").`, lineStart, this.line.trimEnd().length);
            } else {
                target.rules.splice(found, 1);
                this.dirty.add(target);
            }
        }
    }

    private flushOrDeleteAll(command: string, table: TableName): void {
        const chains = this.ensureTable(table).chains;
        for (const chain of [...chains.values()]) {
            if (command === 'F') {
                chain.rules = [];
            } else if (command === 'X' && !chain.builtin) {
                chains.delete(chain.name);
                this.lastChain = undefined;
            } else if (command === 'Z') {
                zeroCounters(chain);
            }
        }
    }

    private unknownChain(table: TableName, token: Token): void {
        this.error('ipt-unknown-chain',
            `Chain '${token.text}' does not exist in table ${table}: declare it first with ':${token.text} - [0:0]' (or -N ${token.text}).`, token);
    }

    // ---- rules ---------------------------------------------------------------------------------------------------

    // Per-rule state lives in fields and reused arrays rather than closures and fresh objects: this loop runs once per
    // token of 100,000-rule files, and garbage is what makes such a parse slow.
    private tokens: Token[] = [];
    private pos = 0;
    private glued: Token | undefined;
    /** Rule.unmodelled of the rule being read (the shared empty list until something is added). */
    private unmodelled: UnmodelledOption[] = NONE;
    /** Extensions in load order (the target included), for option resolution and the end-of-rule checks. */
    private readonly loaded = new Scratch<Loaded>();
    /** Match entries in the order their first option or `-m` appeared: the order of Rule.matches. */
    private readonly matchOrder = new Scratch<Loaded>();
    private basic: Loaded | undefined;
    private targetEntry: Loaded | undefined;
    private targetName: string | undefined;
    private targetGoto = false;
    private targetUserChain = false;
    private protocol: { name: string; negated: boolean } | undefined;
    private unknown: Unknown | undefined;
    private unknowns: Unknown[] = [];
    private readonly args: Token[] = [];
    private readonly entryPool: Loaded[] = [];
    private entriesUsed = 0;
    /**
     * Typed options by option and exact text, for this parse: kube-proxy repeats `-p tcp`, `--dport 80` or a comment
     * thousands of times, and sharing one immutable object per distinct text saves both the parsing and the heap.
     */
    private readonly optionCache = new Map<OptionSpec, OptionCache>();
    private readonly matchTrie = new Map<string, TrieNode>();
    private readonly targetTrie = new Map<string, TrieNode[]>();
    private readonly natPorts = new Map<string, PortRange>();
    private readonly checkOptions = new EntryOptions();
    private readonly checkContext: CheckContext = { options: this.checkOptions, protocol: undefined };
    /** Jumps ([0]) and gotos ([1]) to user chains by chain name: they take no options, so no trie is needed. */
    private readonly chainTargets = [new Map<string, Target>(), new Map<string, Target>()];

    private parseRule(table: TableName, chain: string, tokens: Token[], from: number, start: number, textStart: number, end: number): ParsedRule {
        this.startRule(tokens, from);
        let counters: Rule['counters'];
        let negate: Token | undefined;
        while (this.pos < tokens.length) {
            let token = tokens[this.pos++];
            let word = token.text;
            this.glued = undefined;
            if (word === '!') {
                if (negate) {
                    this.error('ipt-syntax', 'Double negation: write a single !.', token);
                }
                negate = token;
                continue;
            }
            if (word.charCodeAt(0) === 35 /* # */) {
                break; // a trailing comment, as .netz allows
            }
            if (word.charCodeAt(0) === 45 /* - */ && word.length > 2) {
                // `--option=value` and glued short options (`-ptcp`), as getopt accepts them.
                if (word.charCodeAt(1) === 45) {
                    const eq = word.indexOf('=');
                    if (eq > 0) {
                        this.glued = { text: word.slice(eq + 1), start: token.start + eq + 1, end: token.end };
                        token = { text: word.slice(0, eq), start: token.start, end: token.start + eq };
                        word = token.text;
                    }
                } else if (GLUED_SHORT.has(word.slice(0, 2))) {
                    this.glued = { text: word.slice(2), start: token.start + 2, end: token.end };
                    token = { text: word.slice(0, 2), start: token.start, end: token.start + 2 };
                    word = token.text;
                }
            }
            const kind = WORDS.get(word);
            if (kind === undefined) {
                this.readOption(token, negate);
                negate = undefined;
            } else if (kind === Word.Match) {
                this.notNegatable(negate, word);
                negate = undefined;
                this.readModule(token);
            } else if (kind === Word.Jump || kind === Word.Goto) {
                this.notNegatable(negate, word);
                negate = undefined;
                this.readTarget(token, kind === Word.Goto);
            } else if (kind === Word.Counters) {
                const value = this.takeArgument();
                const numbers = value && /^\d+,\d+$/.test(value.text) ? value.text.split(',').map(Number) : undefined;
                if (!numbers) {
                    this.error('ipt-bad-counters', `${word} needs PACKETS,BYTES (two non-negative integers).`, value ?? token);
                } else {
                    counters = { packets: numbers[0], bytes: numbers[1] };
                }
            } else {
                this.takeArgument();
                this.error('ipt-table-option', 'The -t option cannot be used in iptables-save text: put the rule in a *table section instead.', token);
            }
        }
        if (negate) {
            this.error('ipt-syntax', "A trailing '!' negates nothing.", negate);
        }
        for (let k = 0; k < this.unknowns.length; k++) {
            const u = this.unknowns[k];
            if (u.entry.text === '') {
                u.entry.text = u.tokens.map((t) => this.line.slice(t.start, t.end)).join(' ');
            }
            this.report('info', 'ipt-unmodelled-option',
                u.entry.role === 'match'
                    ? `'${u.entry.text}' is not modelled: the simulator ignores this condition and treats it as always true for this rule.`
                    : `'${u.entry.text}' is not modelled: the simulator does not apply this target's effect and continues with the next rule.`,
                u.tokens[0].start, u.tokens[u.tokens.length - 1].end);
        }
        this.checkExtensions();
        const order = this.matchOrder;
        let matches: Match[] = NONE;
        if (order.length > 0) {
            matches = new Array<Match>(order.length);
            for (let k = 0; k < order.length; k++) {
                matches[k] = this.internMatch(order.items[k]);
            }
        }
        let target: Target | undefined;
        if (this.targetName !== undefined) {
            const entry = this.targetEntry;
            target = entry?.fresh
                ? { name: this.targetName, goto: false, userChain: false, options: entry.options.toArray() as TargetOption[] }
                : this.internTarget(this.targetName, this.targetGoto, this.targetUserChain, entry?.options ?? NO_OPTIONS);
        }
        return new ParsedRule(table, chain, 0, matches, this.unmodelled, target, counters, this.at, this.lineIndex, this.lineStart, start, textStart, end);
    }

    private startRule(tokens: Token[], from: number): void {
        this.unmodelled = NONE;
        this.tokens = tokens;
        this.pos = from;
        this.loaded.length = 0;
        this.matchOrder.length = 0;
        this.entriesUsed = 0;
        this.basic = undefined;
        this.targetEntry = undefined;
        this.targetName = undefined;
        this.protocol = undefined;
        this.unknown = undefined;
        this.unknowns.length = 0;
    }

    /**
     * One shared Match per distinct module and options (kube-proxy writes `-p tcp`, `-m tcp` or a service's comment
     * thousands of times): fewer objects for 100,000 retained rules, and exact-size arrays. Options are already shared,
     * so a trie keyed by their identity finds the Match without building string keys.
     */
    private internMatch(entry: Loaded): Match {
        const module = entry.spec.name;
        if (entry.fresh) {
            // Most fresh options (a pod's address) never repeat: not worth a trie path.
            return { module, implicit: entry.implicit, options: entry.options.toArray() as MatchOption[] };
        }
        const rootKey = entry.implicit && module !== 'basic' ? `${module}+` : module;
        const node = descend(getOrCreate(this.matchTrie, rootKey, newNode), entry.options);
        node.shared ??= { module, implicit: entry.implicit, options: entry.options.toArray() as MatchOption[] };
        return node.shared as Match;
    }

    private internTarget(name: string, goto: boolean, userChain: boolean, options: Scratch<MatchOption | TargetOption>): Target {
        if (userChain) {
            const byName = this.chainTargets[goto ? 1 : 0];
            let shared = byName.get(name);
            if (!shared) {
                shared = { name, goto, userChain, options: NONE };
                byName.set(name, shared);
            }
            return shared;
        }
        const flavours = getOrCreate(this.targetTrie, name, () => []);
        // The goto flag selects one of two tries per target name.
        const flavour = goto ? 1 : 0;
        flavours[flavour] ??= {};
        const node = descend(flavours[flavour], options);
        node.shared ??= { name, goto, userChain, options: options.length > 0 ? options.toArray() as TargetOption[] : NONE };
        return node.shared as Target;
    }

    private takeArgument(): Token | undefined {
        const glued = this.glued;
        if (glued) {
            this.glued = undefined;
            return glued;
        }
        return this.pos < this.tokens.length ? this.tokens[this.pos++] : undefined;
    }

    private notNegatable(negate: Token | undefined, word: string): void {
        if (negate) {
            this.error('ipt-option-not-negatable', `'!' cannot negate ${word}: put it before an option.`, negate);
        }
    }

    /** A Loaded entry from the pool (reused across rules like the tokens), reset for this extension. */
    private entry(kind: 'match' | 'target', spec: MatchSpec | TargetSpec, implicit: boolean, token: Token): Loaded {
        let entry = this.entryPool[this.entriesUsed];
        if (!entry) {
            entry = { kind, spec, implicit, options: new Scratch(), untyped: undefined, broken: false, fresh: false, token };
            this.entryPool.push(entry);
        } else {
            entry.kind = kind;
            entry.spec = spec;
            entry.implicit = implicit;
            entry.options.length = 0;
            entry.untyped = undefined;
            entry.broken = false;
            entry.fresh = false;
            entry.token = token;
        }
        this.entriesUsed++;
        return entry;
    }

    private load(kind: 'match' | 'target', spec: MatchSpec | TargetSpec, implicit: boolean, token: Token): Loaded {
        const entry = this.entry(kind, spec, implicit, token);
        this.loaded.push(entry);
        if (kind === 'match') {
            this.matchOrder.push(entry);
        }
        return entry;
    }

    /**
     * An option iptables would refuse (its error is reported): kept as a condition nobody can decide, so that neither
     * the simulator nor the analysis reads the rule as broader than what was written.
     */
    private keepRefused(owner: Loaded, text: string): void {
        if (this.unmodelled === NONE) {
            this.unmodelled = [];
        }
        this.unmodelled.push({ module: owner.spec.name, text, role: owner.kind });
    }

    private startUnknown(module: string | undefined, role: 'match' | 'target', first: Token[]): Unknown {
        const entry: UnmodelledOption = { text: '', role };
        if (module !== undefined) {
            entry.module = module;
        }
        const u = { entry, tokens: first };
        this.unknowns.push(u);
        if (this.unmodelled === NONE) {
            this.unmodelled = [];
        }
        this.unmodelled.push(entry);
        return u;
    }

    /** Adds the following argument tokens (up to the next option) to an unmodelled entry: their arity is unknown. */
    private swallowArguments(u: Unknown): void {
        if (this.glued) {
            u.tokens.push(this.glued);
            this.glued = undefined;
        }
        while (this.pos < this.tokens.length && !isOptionLike(this.tokens[this.pos].text)) {
            u.tokens.push(this.tokens[this.pos++]);
        }
    }

    private readModule(token: Token): void {
        const nameToken = this.takeArgument();
        if (!nameToken) {
            this.error('ipt-missing-argument', `${token.text} needs a module name.`, token);
            return;
        }
        const spec = MATCHES.get(nameToken.text);
        if (spec && spec.name !== 'basic') {
            this.load('match', spec, false, nameToken);
            this.unknown = undefined;
            return;
        }
        this.unknown = this.startUnknown(nameToken.text, 'match', [token, nameToken]);
        if (!UNMODELLED_MATCHES.has(nameToken.text)) {
            this.report('warning', 'ipt-unknown-module', `iptables has no match module '${nameToken.text}' that netz knows of (iptables would say "Couldn't load match"). Check the spelling.`, nameToken.start, nameToken.end);
        }
    }

    private readTarget(token: Token, isGoto: boolean): void {
        const nameToken = this.takeArgument();
        if (!nameToken) {
            this.error('ipt-missing-argument', `${token.text} needs a target or chain name.`, token);
            return;
        }
        if (this.targetName !== undefined) {
            this.error('ipt-multiple-targets', 'A rule has one target: multiple -j/-g flags are not allowed.', token);
            return;
        }
        const name = nameToken.text;
        // As iptables does, an extension target wins over a chain of the same name; -g always names a chain.
        const spec = isGoto ? undefined : TARGETS.get(name);
        this.unknown = undefined;
        this.targetName = name;
        this.targetGoto = isGoto;
        this.targetUserChain = false;
        if (spec) {
            this.targetEntry = this.load('target', spec, false, nameToken);
        } else if (!isGoto && UNMODELLED_TARGETS.has(name)) {
            this.unknown = this.startUnknown(name, 'target', [token, nameToken]);
        } else {
            this.targetUserChain = true;
        }
    }

    /** Resolves an option as getopt does over iptables' merged table: the most recently loaded extension wins, then
     * the generic options, then the implicit module of `-p`. */
    private readOption(token: Token, negate: Token | undefined): void {
        const word = token.text;
        const loaded = this.loaded;
        let owner: Loaded | undefined;
        let option: OptionSpec | undefined;
        // Extensions have long options only, so a short option is a generic one.
        if (word.charCodeAt(1) !== 45 /* - */) {
            option = findOption(BASIC, word);
        }
        for (let k = loaded.length - 1; k >= 0 && !option; k--) {
            option = findOption(loaded.items[k].spec, word);
            if (option) {
                owner = loaded.items[k];
            }
        }
        if (option && !owner) {
            owner = this.loadBasic();
        } else if (!option) {
            option = findOption(BASIC, word);
            if (option) {
                owner = this.loadBasic();
            }
        }
        const protocol = this.protocol;
        if (!option && protocol && !protocol.negated) {
            const implicit = MATCHES.get(protocol.name);
            const candidate = implicit?.implicitForProtocol ? findOption(implicit, word) : undefined;
            if (implicit && candidate && !this.isLoaded(implicit)) {
                owner = this.load('match', implicit, true, token);
                option = candidate;
            }
        }
        if (!option || !owner) {
            this.readUnknownOption(token, negate);
            return;
        }
        // Old syntax `--dport ! 80`: the negation follows the option name.
        if (option.kind !== 'flag' && !this.glued && this.pos < this.tokens.length && this.tokens[this.pos].text === '!') {
            negate ??= this.tokens[this.pos];
            this.pos++;
        }
        if (negate && !option.negatable) {
            this.error('ipt-option-not-negatable', `${word} cannot be negated with '!'.`, negate);
        }
        const optionStart = negate && negate.start < token.start ? negate.start : token.start;
        const wanted = option.kind === 'flag' || option.name === 'syn' ? 0 : option.kind === 'tcpFlags' || option.name === 'match-set' ? 2 : 1;
        // Filled by index, never emptied (see Scratch): only the first `wanted` entries are this option's.
        const args = this.args;
        for (let k = 0; k < wanted; k++) {
            const arg = this.takeArgument();
            if (!arg) {
                this.error('ipt-missing-argument', `${word} needs ${wanted === 2 ? 'two arguments' : 'an argument'}.`, token);
                return;
            }
            args[k] = arg;
        }
        if (this.glued) {
            this.error('ipt-syntax', `${word} takes no argument.`, this.glued);
        }
        if (hasOption(owner, option.name)) {
            this.error('ipt-option-repeated', `${word} may only be given once per ${label(owner)}.`, token);
            this.keepRefused(owner, this.line.slice(optionStart, wanted > 0 ? args[wanted - 1].end : token.end));
            return;
        }
        const end = wanted > 0 ? args[wanted - 1].end : token.end;
        const text = this.line.slice(optionStart, end);
        const negated = negate !== undefined;
        const cache = getOrCreate(this.optionCache, option, newOptionCache);
        let shared: MatchOption | TargetOption | undefined = cache.lastText === text ? cache.last : undefined;
        if (!shared && !cache.off) {
            shared = cache.texts.get(text);
            cache.lookups++;
            if (shared) {
                cache.hits++;
            } else if (cache.lookups >= CACHE_TRIAL && cache.hits * CACHE_MIN_HIT_RATIO < cache.lookups) {
                // Values of this option rarely repeat (a pod's /32, a DNAT destination): hashing and keeping them costs more than it shares.
                cache.off = true;
                cache.texts.clear();
            }
        }
        if (!shared) {
            const value = this.parseValue(option, owner, args);
            if (value === undefined) {
                owner.broken = true;
                this.keepRefused(owner, text);
                return;
            }
            if (value === 'unmodelled') {
                (owner.untyped ??= []).push(option.name);
                this.startUnknown(owner.spec.name, owner.kind, [token, ...args.slice(0, wanted)]).entry.text = text;
                return;
            }
            shared = owner.kind === 'target' ? { name: option.name, value, text } : { name: option.name, negated, value, text };
            owner.fresh = true;
            if (!cache.off) {
                cache.texts.set(text, shared);
            }
            cache.lastText = text;
            cache.last = shared;
        }
        owner.options.push(shared);
        const value = shared.value;
        if (value.kind === 'protocol' && option.name === 'protocol') {
            this.protocol = { name: value.name, negated };
            if (negated && value.protocol === undefined) {
                this.error('ipt-protocol-never-matches', `'! -p ${args[0].text}' would never match: every packet has a protocol. Remove the rule or the '!'.`, args[0]);
            }
        }
    }

    private isLoaded(spec: MatchSpec): boolean {
        for (let k = 0; k < this.loaded.length; k++) {
            if (this.loaded.items[k].spec === spec) {
                return true;
            }
        }
        return false;
    }

    /** The generic matches (-s -d -i -o -p -f) form one `basic` match, placed where the first of them appears. */
    private loadBasic(): Loaded {
        if (!this.basic) {
            this.basic = this.entry('match', BASIC, true, this.tokens[0]);
            this.matchOrder.push(this.basic);
        }
        return this.basic;
    }

    /** An option no loaded extension types: unmodelled when iptables has it, an error otherwise. */
    private readUnknownOption(token: Token, negate: Token | undefined): void {
        const word = token.text;
        const known = this.knownUnmodelledOwner(word);
        if (known) {
            const [owner, spec] = known;
            (owner.untyped ??= []).push(word.replace(/^-+/, ''));
            const u = this.startUnknown(owner.spec.name, owner.kind, negate ? [negate, token] : [token]);
            for (let k = 0; k < spec.arguments; k++) {
                const arg = this.takeArgument();
                if (!arg) {
                    this.error('ipt-missing-argument', `${word} needs an argument.`, token);
                    return;
                }
                const problem = spec.check?.(arg.text);
                if (problem) {
                    this.error('ipt-bad-argument', `Bad value for ${word}: ${problem}.`, arg);
                }
                u.tokens.push(arg);
            }
            return;
        }
        if (this.unknown && word.startsWith('-')) {
            if (negate) {
                this.unknown.tokens.push(negate);
            }
            this.unknown.tokens.push(token);
            this.swallowArguments(this.unknown);
            return;
        }
        if (word.startsWith('-')) {
            this.error('ipt-unknown-option', `Unknown option '${word}'${this.optionHint(word)}.`, token);
            // Its arguments belong to it: one error, not one per argument.
            this.glued = undefined;
            while (this.pos < this.tokens.length && !isOptionLike(this.tokens[this.pos].text)) {
                this.pos++;
            }
        } else {
            this.error('ipt-syntax', `Unexpected argument '${word}': every argument belongs to an option.`, token);
        }
    }

    /** An extension on the rule that owns `spelling` as an option iptables has but the registry does not type. */
    private knownUnmodelledOwner(spelling: string): [Loaded, UnmodelledOptionSpec] | undefined {
        for (let k = this.loaded.length - 1; k >= 0; k--) {
            const spec = this.loaded.items[k].spec;
            const found = 'unmodelledOptions' in spec ? spec.unmodelledOptions?.find((o) => o.spelling === spelling) : undefined;
            if (found) {
                return [this.loaded.items[k], found];
            }
        }
        return undefined;
    }

    private optionHint(word: string): string {
        for (const spec of MATCHES.values()) {
            if (spec.name !== 'basic' && findOption(spec, word)) {
                return spec.implicitForProtocol && this.protocol === undefined
                    ? `: it belongs to -m ${spec.name}; write -p ${spec.implicitForProtocol} (or -m ${spec.name}) before it`
                    : `: it belongs to -m ${spec.name}; load that module before it`;
            }
        }
        for (const spec of TARGETS.values()) {
            if (findOption(spec, word)) {
                return `: it belongs to -j ${spec.name}`;
            }
        }
        return '';
    }

    /** Constraints between the options of each extension, and on `-p`, once the whole rule is read. */
    private checkExtensions(): void {
        const protocol = this.protocol;
        const protocolName = protocol && !protocol.negated ? protocol.name : undefined;
        for (let e = 0; e < this.loaded.length; e++) {
            const entry = this.loaded.items[e];
            const spec = entry.spec;
            if (entry.broken) {
                continue;
            }
            if (spec.needsProtocol && (protocolName === undefined || !spec.needsProtocol.includes(protocolName))) {
                this.error('ipt-needs-protocol',
                    `${label(entry)} needs ${spec.needsProtocol.map((p) => `-p ${p}`).join(' or ')}${protocol?.negated ? ' (not negated)' : ''}: the kernel refuses it otherwise.`,
                    entry.token);
            }
            if (spec.requiresOneOf && entry.untyped === undefined && !hasAnyOption(entry, spec.requiresOneOf)) {
                this.error('ipt-option-required',
                    `${label(entry)} needs ${spec.requiresOneOf.length === 1 ? '' : 'one of '}${spec.requiresOneOf.map((n) => `--${n}`).join(', ')}.`, entry.token);
                continue;
            }
            if (spec.exclusive) {
                for (let g = 0; g < spec.exclusive.length; g++) {
                    const group = spec.exclusive[g];
                    // Counted first: the list is built only for the message (this runs for most kube-proxy rules).
                    let count = 0;
                    for (let k = 0; k < group.length; k++) {
                        count += hasOption(entry, group[k]) ? 1 : 0;
                    }
                    if (count > 1) {
                        const present = group.filter((name) => hasOption(entry, name));
                        this.error('ipt-option-conflict', `${label(entry)}: ${present.map((n) => `--${n}`).join(' and ')} cannot be combined; keep one.`, entry.token);
                    }
                }
            }
            if (spec.check) {
                this.checkOptions.options = entry.options;
                this.checkContext.protocol = protocolName;
                const message = spec.check(this.checkContext);
                if (message) {
                    this.error('ipt-option-constraint', `${label(entry)}: ${message}.`, entry.token);
                }
            }
        }
    }

    // ---- arguments -----------------------------------------------------------------------------------------------

    /** The typed value of an option, `unmodelled` when valid but outside the model, or undefined after an error. */
    private parseValue(option: OptionSpec, owner: Loaded, args: Token[]): OptionValue | 'unmodelled' | undefined {
        const arg = args[0];
        const bad = (message: string, at: Token = arg): undefined => {
            this.error('ipt-bad-argument', message, at);
            return undefined;
        };
        switch (option.kind) {
            case 'flag':
                return { kind: 'flag' };
            case 'cidr': {
                const slash = arg.text.indexOf('/');
                const address = parseIPv4(slash < 0 ? arg.text : arg.text.slice(0, slash));
                if (address === undefined) {
                    if (arg.text.includes(',')) {
                        return 'unmodelled';
                    }
                    return bad(`'${arg.text}' is not an IPv4 address or network (a.b.c.d or a.b.c.d/n; host names are not resolved).`);
                }
                if (slash < 0) {
                    return { kind: 'cidr', address, prefix: 32 };
                }
                const maskText = arg.text.slice(slash + 1);
                if (/^\d{1,2}$/.test(maskText) && Number(maskText) <= 32) {
                    return { kind: 'cidr', address, prefix: Number(maskText) };
                }
                const mask = parseIPv4(maskText);
                if (mask === undefined) {
                    return bad(`'${maskText}' is not a prefix length (0-32) or a dotted netmask.`);
                }
                const prefix = maskToPrefix(mask);
                // A non-contiguous mask is valid iptables but has no CIDR form in the model.
                return prefix === undefined ? 'unmodelled' : { kind: 'cidr', address, prefix };
            }
            case 'interface': {
                const name = arg.text;
                if (name.length > MAX_INTERFACE_NAME) {
                    return bad(`Interface name '${name}' is ${name.length} characters long; Linux allows at most ${MAX_INTERFACE_NAME}.`);
                }
                if (name === '' || /[\s/]/.test(name)) {
                    return bad(`'${name}' is not a valid interface name.`);
                }
                const wildcard = name.endsWith('+');
                return { kind: 'interface', name: wildcard ? name.slice(0, -1) : name, wildcard };
            }
            case 'protocol': {
                const text = arg.text.toLowerCase();
                let number = PROTOCOLS.get(text);
                if (number === undefined && /^\d+$/.test(text) && Number(text) <= 255) {
                    number = Number(text);
                }
                if (number === undefined) {
                    return bad(`Unknown protocol '${arg.text}': write a name such as tcp, udp, icmp, all, or a number 0-255.`);
                }
                if (number === 0 && option.name === 'ctproto') {
                    return bad('--ctproto 0 is not a protocol: conntrack needs a specific protocol number.');
                }
                return { kind: 'protocol', protocol: number === 0 ? undefined : number, name: PROTOCOL_NAMES_BY_NUMBER.get(number) ?? text };
            }
            case 'ports':
                return this.parsePorts(option, owner, arg);
            case 'words': {
                if (option.name === 'match-set') {
                    const flags = args[1].text.split(',');
                    if (flags.length > 6 || flags.some((f) => f !== 'src' && f !== 'dst')) {
                        return bad(`'${args[1].text}' is not a list of src/dst flags (at most 6).`, args[1]);
                    }
                    return { kind: 'words', words: [arg.text, ...flags] };
                }
                const words = arg.text.split(',').map((w) => w.toUpperCase());
                if (option.values) {
                    const wrong = words.find((w) => !option.values!.includes(w));
                    if (wrong !== undefined) {
                        return bad(`Bad value '${wrong}' for --${option.name}: expected ${option.values.join(', ')}.`);
                    }
                }
                return { kind: 'words', words };
            }
            case 'markMask': {
                const [v, m, extra] = arg.text.split('/');
                const value = parseUint32(v);
                const mask = m === undefined ? 0xffffffff : parseUint32(m);
                if (value === undefined || mask === undefined || extra !== undefined) {
                    return bad(`Bad mark '${arg.text}': write VALUE or VALUE/MASK, each an unsigned 32-bit number (0x... or decimal).`);
                }
                return { kind: 'markMask', value, mask };
            }
            case 'number': {
                const value = option.min !== undefined && option.max === 1 ? parseFraction(arg.text) : parseUint32(arg.text);
                if (value === undefined || (option.min !== undefined && value < option.min) || (option.max !== undefined && value > option.max)) {
                    return bad(`Bad value '${arg.text}' for --${option.name}: expected a number from ${option.min ?? 0} to ${option.max ?? 0xffffffff}.`);
                }
                return { kind: 'number', value };
            }
            case 'string':
                return this.parseString(option, arg, bad);
            case 'tcpFlags': {
                if (option.name === 'syn') {
                    return { kind: 'tcpFlags', mask: 0x17, compare: 0x02 };
                }
                const mask = parseTcpFlags(args[0].text);
                if (mask === undefined) {
                    return bad(`Bad TCP flags '${args[0].text}': a comma list of FIN, SYN, RST, PSH, ACK, URG, ALL, NONE.`, args[0]);
                }
                const compare = parseTcpFlags(args[1].text);
                if (compare === undefined) {
                    return bad(`Bad TCP flags '${args[1].text}': a comma list of FIN, SYN, RST, PSH, ACK, URG, ALL, NONE.`, args[1]);
                }
                return { kind: 'tcpFlags', mask, compare };
            }
            case 'icmpType':
                return parseIcmpType(arg.text) ?? bad(`Unknown ICMP type '${arg.text}': a name such as echo-request, or TYPE[/CODE] with numbers 0-255.`);
            case 'addressRange': {
                const [fromText, toText, extra] = arg.text.split('-');
                const from = parseIPv4(fromText);
                const to = toText === undefined ? from : parseIPv4(toText);
                if (from === undefined || to === undefined || extra !== undefined) {
                    return bad(`Bad address range '${arg.text}': write FROM-TO, two IPv4 addresses.`);
                }
                return { kind: 'addressRange', from, to };
            }
            case 'natRange':
                return this.parseNatRange(arg, bad);
        }
    }

    private parseString(option: OptionSpec, arg: Token, bad: (message: string) => undefined): OptionValue | 'unmodelled' | undefined {
        let value = arg.text;
        if (option.values) {
            const found = option.values.find((v) => v.toLowerCase() === value.toLowerCase());
            if (found === undefined) {
                return bad(`Bad value '${value}' for --${option.name}: expected ${option.values.join(', ')}.`);
            }
            value = found;
        }
        if (option.maxLength !== undefined && value.length > option.maxLength) {
            return bad(`--${option.name} is ${value.length} characters long; iptables accepts at most ${option.maxLength}.`);
        }
        if (option.name === 'mac-source') {
            if (!/^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/.test(value)) {
                return bad(`Bad MAC address '${value}': write six hex bytes separated by colons.`);
            }
            value = value.toLowerCase();
        }
        if (option.rate !== undefined) {
            const m = /^(\d+)(?:\/(s|sec|second|m|min|minute|h|hour|d|day))?$/.exec(value);
            if (option.rate === 'bytes' && !m && /^\d+[kmg]?b\/(s|sec|second|m|min|minute|h|hour|d|day)$/i.test(value)) {
                // A byte rate: each packet costs its length, which the simulator does not track.
                return 'unmodelled';
            }
            if (!m || Number(m[1]) === 0) {
                return bad(`Bad rate '${value}': write N/sec, N/minute, N/hour or N/day with N at least 1${option.rate === 'bytes' ? ', or a byte rate such as 1mb/s' : ''}.`);
            }
            // One spelling per unit, as iptables-save prints it; a bare number is per second.
            value = `${m[1]}/${RATE_UNITS[(m[2] ?? 's')[0] as keyof typeof RATE_UNITS]}`;
        }
        return { kind: 'string', value };
    }

    private parsePorts(option: OptionSpec, owner: Loaded, arg: Token): OptionValue | undefined {
        const isNatPorts = option.name === 'to-ports';
        const isList = owner.spec.name === 'multiport';
        const parts = isList ? arg.text.split(',') : [arg.text];
        const ranges: PortRange[] = [];
        let count = 0;
        for (const part of parts) {
            const range = isNatPorts ? parseDashRange(part) : parseColonRange(part, !isList);
            if (typeof range === 'string') {
                this.error('ipt-bad-argument', `Bad port '${part}' in --${option.name}: ${range}.`, arg);
                return undefined;
            }
            count += range.from === range.to ? 1 : 2;
            ranges.push(range);
        }
        if (isList && count > 15) {
            this.error('ipt-bad-argument', `--${option.name} lists ${count} ports (a range counts as two); multiport accepts at most 15.`, arg);
            return undefined;
        }
        return { kind: 'ports', ranges };
    }

    private parseNatRange(arg: Token, bad: (message: string) => undefined): OptionValue | 'unmodelled' | undefined {
        let text = arg.text;
        let shift: string | undefined;
        const colon = text.indexOf(':');
        let ports: PortRange | undefined;
        if (colon >= 0) {
            let portText = text.slice(colon + 1);
            const slash = portText.indexOf('/');
            if (slash >= 0) {
                shift = portText.slice(slash + 1);
                portText = portText.slice(0, slash);
                const base = SERVICES.get(shift) ?? (/^\d+$/.test(shift) ? Number(shift) : undefined);
                if (base === undefined || base < 1 || base > 65535) {
                    return bad(`Bad port shift '/${shift}': write a port number 1-65535.`);
                }
            }
            const range = this.natPorts.get(portText) ?? parseDashRange(portText);
            if (typeof range === 'string') {
                return bad(`Bad port range '${portText}': ${range}.`);
            }
            // Every endpoint of a service is DNATed to the same port: one shared range.
            this.natPorts.set(portText, range);
            ports = range;
            text = text.slice(0, colon);
        }
        let from: number | undefined;
        let to: number | undefined;
        if (text !== '') {
            const [fromText, toText, extra] = text.split('-');
            from = parseIPv4(fromText);
            to = toText === undefined ? from : parseIPv4(toText);
            if (from === undefined || to === undefined || extra !== undefined) {
                return bad(`Bad address '${text}': write ADDRESS or FROM-TO, then optionally :PORT or :FROM-TO.`);
            }
        }
        if (shift !== undefined) {
            // The port shift (`/base`, iptables 1.8.6+) has no field in the model.
            return 'unmodelled';
        }
        return { kind: 'natRange', from, to, ports };
    }
}

// ---- lexical helpers -------------------------------------------------------------------------------------------

/** Splits a line at unquoted blanks; `"` quotes keep blanks and `\` escapes the next character, as iptables-restore does. */
function tokenizeInto(line: string, from: number, tokens: Token[], pool: Token[]): Token[] {
    let count = 0;
    const n = line.length;
    let i = from;
    while (i < n) {
        let c = line.charCodeAt(i);
        while (i < n && (c === 32 || c === 9)) {
            c = line.charCodeAt(++i);
        }
        if (i >= n) {
            break;
        }
        const start = i;
        let special = false;
        while (i < n) {
            c = line.charCodeAt(i);
            if (c === 32 || c === 9) {
                break;
            }
            if (c === 34 /* " */ || c === 92 /* \ */) {
                special = true;
                break;
            }
            i++;
        }
        let text: string;
        const close = special && c === 34 && i === start ? line.indexOf('"', i + 1) : -1;
        if (!special) {
            text = sameWord(pool[count], line, start, i);
        } else if (close > 0 && (close + 1 === n || line.charCodeAt(close + 1) === 32 || line.charCodeAt(close + 1) === 9) && line.lastIndexOf('\\', close) < start) {
            // A word quoted whole, such as a comment: the text between the quotes.
            text = sameWord(pool[count], line, start + 1, close);
            i = close + 1;
        } else {
            i = start;
            text = '';
            let plainStart = i;
            let quoted = false;
            while (i < n) {
                c = line.charCodeAt(i);
                if (!quoted && (c === 32 || c === 9)) {
                    break;
                }
                if (c === 34 /* " */ || (c === 92 /* \ */ && i + 1 < n)) {
                    text += line.slice(plainStart, i);
                    if (c === 34) {
                        quoted = !quoted;
                        i++;
                    } else {
                        text += line[i + 1];
                        i += 2;
                    }
                    plainStart = i;
                    continue;
                }
                i++;
            }
            text += line.slice(plainStart, i);
        }
        let token = pool[count];
        if (!token) {
            token = { text, start, end: i };
            pool.push(token);
        } else {
            token.text = text;
            token.start = start;
            token.end = i;
        }
        tokens[count++] = token;
    }
    // Truncated, not emptied and refilled: emptying an array releases its storage (see Scratch).
    tokens.length = count;
    return tokens;
}

/**
 * `line[start, end)`, as the string the previous line had in this position when the words are equal: consecutive
 * rules mostly share their shape (`-A`, the chain, `-m comment --comment`, `-j`...), and a comparison in place
 * costs less than a new string, whose hash every Map lookup would compute again.
 */
function sameWord(previous: Token | undefined, line: string, start: number, end: number): string {
    const text = previous?.text;
    return text !== undefined && text.length === end - start && line.startsWith(text, start) ? text : line.slice(start, end);
}

/** `-Z`: the counters of the chain's rules restart from zero. */
function zeroCounters(chain: Chain): void {
    for (const rule of chain.rules) {
        if (rule.counters) {
            rule.counters = { packets: 0, bytes: 0 };
        }
    }
}

const PLAIN_HEADER_TAIL = ' - [0:0]';

/**
 * For a header `:NAME - [0:0]` (nothing else on the line, NAME without blanks, quotes or escapes), the index where
 * NAME ends; else 0. Such a line reads the same with or without tokenizing.
 */
function plainUserChainHeader(line: string, colon: number): number {
    const end = line.length - PLAIN_HEADER_TAIL.length;
    if (end <= colon + 1 || !line.endsWith(PLAIN_HEADER_TAIL)) {
        return 0;
    }
    for (let i = colon + 1; i < end; i++) {
        const c = line.charCodeAt(i);
        if (c === 32 || c === 9 || c === 34 /* " */ || c === 92 /* \ */) {
            return 0;
        }
    }
    return end;
}

function isOptionLike(text: string): boolean {
    return text === '!' || (text.length > 1 && text[0] === '-' && !/^-\d/.test(text));
}

function normalizeRuleText(text: string): string {
    return text.trim().split(/\s+/).join(' ');
}

function parseCounters(text: string): { packets: number; bytes: number } | undefined {
    const m = /^\[(\d+):(\d+)\]$/.exec(text);
    return m ? { packets: Number(m[1]), bytes: Number(m[2]) } : undefined;
}

/** An unsigned 32-bit number in decimal or 0x hex, as strtoul reads it for marks and masks. */
function parseUint32(text: string): number | undefined {
    if (!/^(0[xX][0-9a-fA-F]+|\d+)$/.test(text)) {
        return undefined;
    }
    const value = Number(text);
    return value <= 0xffffffff ? value : undefined;
}

function parseFraction(text: string): number | undefined {
    return /^(\d+(\.\d*)?|\.\d+)$/.test(text) ? Number(text) : undefined;
}

function parsePort(text: string): number | string {
    if (/^\d+$/.test(text)) {
        const port = Number(text);
        return port <= 65535 ? port : `${text} is larger than 65535`;
    }
    return SERVICES.get(text) ?? `'${text}' is neither a port number nor a known service name`;
}

/** `80`, `1024:65535`, `:1023`, `1024:` or `:` (tcp, udp, conntrack, multiport). */
function parseColonRange(text: string, openEnds: boolean): PortRange | string {
    const colon = text.indexOf(':');
    if (colon < 0) {
        const port = parsePort(text);
        return typeof port === 'string' ? port : { from: port, to: port };
    }
    const fromText = text.slice(0, colon);
    const toText = text.slice(colon + 1);
    if (!openEnds && (fromText === '' || toText === '')) {
        return 'write both ends of the range';
    }
    const from = fromText === '' ? 0 : parsePort(fromText);
    const to = toText === '' ? 65535 : parsePort(toText);
    if (typeof from === 'string') {
        return from;
    }
    if (typeof to === 'string') {
        return to;
    }
    return from > to ? `the range is reversed (${from} > ${to}); write ${to}:${from}` : { from, to };
}

/** `80` or `1024-65535` (NAT port ranges); a service name is accepted as a single port only. */
function parseDashRange(text: string): PortRange | string {
    const service = SERVICES.get(text);
    if (service !== undefined) {
        return { from: service, to: service };
    }
    const m = /^(\d+)(?:-(\d+))?$/.exec(text);
    if (!m) {
        return `'${text}' is not PORT or FROM-TO`;
    }
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (from > 65535 || to > 65535) {
        return 'ports go up to 65535';
    }
    return from > to ? `the range is reversed (${from} > ${to})` : { from, to };
}

function parseTcpFlags(text: string): number | undefined {
    let bits = 0;
    for (const name of text.split(',')) {
        const bit = TCP_FLAGS.get(name.toUpperCase());
        if (bit === undefined) {
            return undefined;
        }
        bits |= bit;
    }
    return bits;
}

function parseIcmpType(text: string): OptionValue | undefined {
    if (text === 'any') {
        return { kind: 'icmpType', type: undefined, code: undefined, name: 'any' };
    }
    const named = ICMP_TYPES.get(text);
    if (named) {
        return { kind: 'icmpType', type: named[0], code: named[1], name: text };
    }
    const m = /^(\d+)(?:\/(\d+)(?::(\d+))?)?$/.exec(text);
    if (!m) {
        return undefined;
    }
    const type = Number(m[1]);
    const code = m[2] === undefined ? undefined : Number(m[2]);
    const codeTo = m[3] === undefined ? code : Number(m[3]);
    if (type > 255 || (code ?? 0) > 255 || (codeTo ?? 0) > 255) {
        return undefined;
    }
    // Type 255 matches every ICMP packet in the kernel, whatever the code; a full code range means any code.
    if (type === 255) {
        return { kind: 'icmpType', type: undefined, code: undefined, name: 'any' };
    }
    const anyCode = code === undefined || (code === 0 && codeTo === 255);
    return { kind: 'icmpType', type, code: anyCode ? undefined : code, name: text };
}

/**
 * Parses iptables-save / iptables-restore text into `into` (several calls append: several blocks of one namespace).
 * Never throws; everything wrong is a diagnostic.
 */
export function parseIptablesSave(text: string, into: Ruleset, options: ParseOptions): Diagnostic[] {
    return new SaveParser(into, options).parse(text);
}
