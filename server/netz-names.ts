import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { AstNode, LangiumDocument, Reference, ReferenceInfo } from 'langium';
import { AstUtils, CstUtils, GrammarAST, GrammarUtils, isReference, URI } from 'langium';
import type { Range } from 'vscode-languageserver';
import type { TableName } from '../model/model-api.js';
import { getOrCreate } from '../model/model-api.js';
import * as ast from '../language/generated/ast.js';
import { builtinHook, isHook, MAX_CHAIN_NAME, MAX_INTERFACE_NAME, TARGETS, UNMODELLED_TARGETS } from '../language/iptables/iptables-registry.js';
import { KNOWN_SYSCTLS } from '../language/lowering/sysctl-lowering.js';
import { interfacesOf, lookupInterface, namespacesOf } from '../language/netz-scope-provider.js';
import { blockAt, CHAIN_FLAGS, chainMentions, INTERFACE_FLAGS, tableAt, wordAt, wordsOf } from './iptables-text.js';
import type { ModelIndex } from './model-index.js';
import { chainKey } from './model-index.js';
import type { NetzServices } from './netz-lsp-module.js';

/**
 * The names navigation knows, where each is written, and which new names a rename may give them. Definition,
 * references and rename all read these sites, so they agree. An `NS.IF` reference spells two names, each its own
 * site; interfaces are also named by the per-interface sysctl keys and the iptables rules (`-i`, `-o`,
 * `--physdev-*`) of their namespace; chains live inside iptables text and in a probe's `at NS TABLE CHAIN`.
 */
export type Named =
    | { kind: 'namespace'; node: ast.Namespace }
    | { kind: 'interface'; node: ast.Interface; home: ast.Namespace }
    | { kind: 'chain'; ns: string; table: TableName; name: string }
    | { kind: 'probe'; node: ast.Probe };

/** The name as it is now. */
export function nameOf(named: Named): string {
    return named.kind === 'chain' ? named.name : named.node.name;
}

/** One place a name is written: exactly its characters, in the document or in a rules file it loads. */
export interface Site {
    uri: string;
    range: Range;
    /** The declaring statement, for a declaration written in `.netz` syntax. */
    extent?: Range;
}

export interface Occurrences {
    /** Every site, the declaration (if written) first. */
    sites: Site[];
    /** Whether the first site is a declaration (find-references may leave it out). */
    declared: boolean;
    /** Where go-to-definition leads: the declaration, or for a chain never declared, its first `-A` line. */
    definition?: Site;
}

/** A name inside a longer token, as offsets into the document (or into a sysctl key). */
interface Part {
    text: string;
    start: number;
    end: number;
}

/** `NS.` before the interface name of an interface reference, when it was resolved (or would be) as `NS.IF`. */
function referenceParts(reference: Reference): { ns?: Part; iface: Part } | undefined {
    const node = reference.$refNode;
    if (!node) {
        return undefined;
    }
    const text = reference.$refText;
    const dot = text.indexOf('.');
    if (dot <= 0 || (reference.ref as ast.Interface | undefined)?.name === text) {
        return { iface: { text, start: node.offset, end: node.end } };
    }
    return {
        ns: { text: text.slice(0, dot), start: node.offset, end: node.offset + dot },
        iface: { text: text.slice(dot + 1), start: node.offset + dot + 1, end: node.end }
    };
}

/** The directories of per-interface sysctl keys the language knows (`net.ipv4.conf.`), from its `IF` entries. */
const PER_INTERFACE_PREFIXES = [...new Set(KNOWN_SYSCTLS.filter(key => key.includes('.IF.')).map(key => key.slice(0, key.indexOf('IF.'))))];

/** The interface part of a per-interface sysctl key (`all` and `default` are not interfaces), as offsets into the key. */
function sysctlInterface(key: string): Part | undefined {
    const prefix = PER_INTERFACE_PREFIXES.find(p => key.startsWith(p));
    const last = key.lastIndexOf('.');
    if (!prefix || last <= prefix.length) {
        return undefined;
    }
    const text = key.slice(prefix.length, last);
    return text === 'all' || text === 'default' ? undefined : { text, start: prefix.length, end: last };
}

function homeOf(node: AstNode): ast.Namespace | undefined {
    return AstUtils.getContainerOfType(node, (n): n is ast.Namespace => ast.isHost(n) || ast.isNetns(n));
}

/** The lines of each `iptables from` file, read once per compilation (its rules' line numbers refer to that reading). */
const RULES_FILE_LINES = new WeakMap<ModelIndex, Map<string, string[]>>();

export class NetzNames {
    /** A `.netz` name, as the grammar's `ID` terminal spells it (keywords are IDs too). */
    private readonly nameSyntax: RegExp;

    constructor(private readonly services: NetzServices) {
        const id = services.Grammar.rules.find(rule => GrammarAST.isTerminalRule(rule) && rule.name === 'ID') as GrammarAST.TerminalRule;
        this.nameSyntax = new RegExp(`^(?:${GrammarUtils.terminalRegex(id).source})$`);
    }

    /** What the cursor names, and the range of that name only (one part of `NS.IF`, of a sysctl key, of a rule). */
    at(document: LangiumDocument, offset: number): { named: Named; range: Range } | undefined {
        const text = document.textDocument;
        const range = (start: number, end: number): Range => ({ start: text.positionAt(start), end: text.positionAt(end) });
        const inBlock = this.inIptablesText(document, offset);
        if (inBlock !== undefined) {
            return inBlock || undefined;
        }
        const root = document.parseResult.value.$cstNode;
        const leaf = root && CstUtils.findDeclarationNodeAtOffset(root, offset, this.services.parser.GrammarConfig.nameRegexp);
        const property = leaf && GrammarUtils.findAssignment(leaf)?.feature;
        if (!leaf || !property) {
            return undefined;
        }
        const node = leaf.astNode;
        const value = (node as unknown as Record<string, unknown>)[property];
        if (isReference(value)) {
            const info: ReferenceInfo = { reference: value, container: node, property };
            if (this.services.shared.AstReflection.getReferenceType(info) === ast.Namespace.$type) {
                return ast.isNamespace(value.ref) ? { named: { kind: 'namespace', node: value.ref }, range: leaf.range } : undefined;
            }
            const parts = referenceParts(value);
            if (parts?.ns && offset <= parts.ns.end) {
                const ns = this.namespaceNamed(document, parts.ns.text);
                return ns && { named: { kind: 'namespace', node: ns }, range: range(parts.ns.start, parts.ns.end) };
            }
            const iface = value.ref as ast.Interface | undefined;
            const home = iface && homeOf(iface);
            return parts && home && { named: { kind: 'interface', node: iface, home }, range: range(parts.iface.start, parts.iface.end) };
        }
        if (property === 'name' && (ast.isHost(node) || ast.isNetns(node))) {
            return { named: { kind: 'namespace', node }, range: leaf.range };
        }
        if (property === 'name' && ast.isInterface(node)) {
            const home = homeOf(node);
            return home && { named: { kind: 'interface', node, home }, range: leaf.range };
        }
        if (property === 'name' && ast.isProbe(node)) {
            return { named: { kind: 'probe', node }, range: leaf.range };
        }
        if (property === 'key' && ast.isSysctlStmt(node)) {
            const part = sysctlInterface(node.key);
            const home = homeOf(node);
            const iface = part && home && this.interfaceNamed(document, home, part.text);
            const start = leaf.offset + (part?.start ?? 0);
            return iface && offset >= start && offset <= leaf.offset + part.end
                ? { named: { kind: 'interface', node: iface, home: home! }, range: range(start, leaf.offset + part.end) } : undefined;
        }
        if (property === 'chain' && ast.isProbe(node) && node.at?.ref && node.table && node.chain) {
            return { named: { kind: 'chain', ns: node.at.ref.name, table: node.table as TableName, name: node.chain }, range: leaf.range };
        }
        return undefined;
    }

    /** Inside an `iptables { }` block: a chain, or an interface after `-i`/`-o`/`--physdev-*` (`false`: nothing). */
    private inIptablesText(document: LangiumDocument, offset: number): { named: Named; range: Range } | false | undefined {
        const block = blockAt(document, offset);
        if (!block) {
            return undefined;
        }
        const words = wordsOf(block.text);
        const at = wordAt(words, block.character);
        if (at < 0) {
            return false;
        }
        const word = words[at];
        const before = words[at - 1]?.text;
        const range = (start: number): Range => ({ start: { line: block.line, character: start }, end: { line: block.line, character: word.end } });
        if (at === 0 && word.text.startsWith(':') || before !== undefined && CHAIN_FLAGS.has(before)) {
            const colon = at === 0 ? 1 : 0;
            const name = word.text.slice(colon);
            if (TARGETS.has(name) || UNMODELLED_TARGETS.has(name)) {
                return false;
            }
            const table = tableAt(document, block, this.services.compiler.index(document).lines.get(document.uri.fsPath));
            return { named: { kind: 'chain', ns: block.namespace.name, table, name }, range: range(word.start + colon) };
        }
        const iface = before !== undefined && INTERFACE_FLAGS.has(before) ? this.interfaceNamed(document, block.namespace, word.text) : undefined;
        return iface ? { named: { kind: 'interface', node: iface, home: block.namespace }, range: range(word.start) } : false;
    }

    private namespaceNamed(document: LangiumDocument, name: string): ast.Namespace | undefined {
        return this.services.references.ScopeProvider.nameIndex(document).namespaces.get(name)?.[0];
    }

    private interfaceNamed(document: LangiumDocument, home: ast.Namespace, name: string): ast.Interface | undefined {
        return this.services.references.ScopeProvider.nameIndex(document).interfaces.get(home)?.get(name)?.[0];
    }

    occurrences(document: LangiumDocument, named: Named): Occurrences {
        if (named.kind === 'chain') {
            return this.chainOccurrences(document, named);
        }
        const uri = document.uri.toString();
        const text = document.textDocument;
        const site = (start: number, end: number): Site => ({ uri, range: { start: text.positionAt(start), end: text.positionAt(end) } });
        const nameNode = GrammarUtils.findNodeForProperty(named.node.$cstNode, 'name');
        const declaration = nameNode && { uri, range: nameNode.range, extent: named.node.$cstNode!.range };
        const sites: Site[] = declaration ? [declaration] : [];
        if (named.kind === 'namespace') {
            for (const { reference, type } of this.references(document)) {
                if (type === ast.Namespace.$type) {
                    if (reference.ref === named.node) sites.push(site(reference.$refNode!.offset, reference.$refNode!.end));
                    continue;
                }
                const ns = referenceParts(reference)?.ns;
                if (ns && this.namespaceNamed(document, ns.text) === named.node) sites.push(site(ns.start, ns.end));
            }
        } else if (named.kind === 'interface') {
            for (const { reference, type } of this.references(document)) {
                const part = type === ast.Interface.$type && reference.ref === named.node ? referenceParts(reference)?.iface : undefined;
                if (part) sites.push(site(part.start, part.end));
            }
            sites.push(...this.sysctlSites(document, named.node, named.home, site), ...this.ruleSites(document, named.home.name, named.node.name));
        }
        return { sites, declared: declaration !== undefined, definition: declaration };
    }

    private *references(document: LangiumDocument): Generator<{ reference: Reference; type: string }> {
        const reflection = this.services.shared.AstReflection;
        for (const node of AstUtils.streamAst(document.parseResult.value)) {
            for (const info of AstUtils.streamReferences(node)) {
                if (isReference(info.reference) && info.reference.$refNode) {
                    yield { reference: info.reference, type: reflection.getReferenceType(info) };
                }
            }
        }
    }

    private sysctlSites(document: LangiumDocument, iface: ast.Interface, home: ast.Namespace, site: (start: number, end: number) => Site): Site[] {
        const sites: Site[] = [];
        for (const statement of (home.statements as AstNode[]).filter(ast.isSysctlStmt)) {
            const part = statement.key === undefined ? undefined : sysctlInterface(statement.key);
            const key = GrammarUtils.findNodeForProperty(statement.$cstNode, 'key');
            if (part && key && this.interfaceNamed(document, home, part.text) === iface) {
                sites.push(site(key.offset + part.start, key.offset + part.end));
            }
        }
        return sites;
    }

    /** The interface as an exact (not wildcard) `-i`, `-o` or `--physdev-*` argument of its namespace's rules. */
    private ruleSites(document: LangiumDocument, ns: string, name: string): Site[] {
        const index = this.services.compiler.index(document);
        const sites: Site[] = [];
        for (const table of index.namespaces.get(ns)?.ruleset.tables.values() ?? []) {
            for (const chain of table.chains.values()) {
                for (const rule of chain.rules) {
                    const names = rule.matches.some(m => m.options.some(o => o.value.kind === 'interface' && !o.value.wildcard && o.value.name === name));
                    if (!names) continue;
                    const words = wordsOf(this.lineText(index, document, rule.source.file, rule.source.line));
                    const line = rule.source.line - 1;
                    words.forEach((word, i) => {
                        if (i > 0 && word.text === name && INTERFACE_FLAGS.has(words[i - 1].text)) {
                            sites.push({ uri: URI.file(rule.source.file).toString(), range: { start: { line, character: word.start }, end: { line, character: word.end } } });
                        }
                    });
                }
            }
        }
        return sites;
    }

    /** Every place the chain is named in the same table of the same namespace, and by probes; the declaration first. */
    private chainOccurrences(document: LangiumDocument, chain: Named & { kind: 'chain' }): Occurrences {
        const index = this.services.compiler.index(document);
        const declared = index.namespaces.get(chain.ns)?.ruleset.tables.get(chain.table)?.chains.get(chain.name);
        const lines: { file: string; line: number }[] = [];
        if (declared?.source) lines.push(declared.source);
        for (const rule of declared?.rules ?? []) lines.push(rule.source);
        for (const rule of index.jumpers.get(chainKey(chain.ns, chain.table, chain.name)) ?? []) lines.push(rule.source);
        const seen = new Set<string>();
        const sites: Site[] = [];
        for (const { file, line } of lines) {
            const key = `${file}:${line}`;
            if (seen.has(key)) continue;
            seen.add(key);
            const uri = URI.file(file).toString();
            for (const mention of chainMentions(this.lineText(index, document, file, line), chain.name)) {
                sites.push({ uri, range: { start: { line: line - 1, character: mention.start }, end: { line: line - 1, character: mention.end } } });
            }
        }
        for (const probe of (document.parseResult.value as ast.NetzFile).statements.filter(ast.isProbe)) {
            const node = probe.at?.ref?.name === chain.ns && probe.table === chain.table && probe.chain === chain.name ? GrammarUtils.findNodeForProperty(probe.$cstNode, 'chain') : undefined;
            if (node) sites.push({ uri: document.uri.toString(), range: node.range });
        }
        // Its `:CHAIN` line, else (a built-in chain whose header is omitted) its first rule.
        const definition = declared?.source || declared?.rules.length ? sites[0] : undefined;
        return { sites, declared: declared?.source !== undefined, definition };
    }

    /** One line (1-based) of the document or of a rules file it loads. */
    private lineText(index: ModelIndex, document: LangiumDocument, file: string, line: number): string {
        if (file === document.uri.fsPath) {
            return document.textDocument.getText({ start: { line: line - 1, character: 0 }, end: { line, character: 0 } });
        }
        const files = getOrCreate(RULES_FILE_LINES, index, () => new Map<string, string[]>());
        return getOrCreate(files, file, () => readFileSync(file, 'utf8').split('\n'))[line - 1] ?? '';
    }

    /** Why `newName` cannot replace the name, or undefined when it can. */
    refusal(document: LangiumDocument, named: Named, newName: string): string | undefined {
        return this.sharedFileRefusal(document, named, newName) ?? this.nameRefusal(document, named, newName);
    }

    /**
     * A rename that would edit a rules file another namespace loads too: that namespace's rules would change with it
     * (its interface or chain keeps the old name).
     */
    private sharedFileRefusal(document: LangiumDocument, named: Named, newName: string): string | undefined {
        const own = named.kind === 'chain' ? named.ns : named.kind === 'interface' ? named.home.name : undefined;
        if (own === undefined || newName === nameOf(named)) {
            return undefined;
        }
        const files = new Set(this.occurrences(document, named).sites.map(site => URI.parse(site.uri).fsPath).filter(file => file !== document.uri.fsPath));
        const folder = dirname(document.uri.fsPath);
        for (const ns of namespacesOf(document.parseResult.value as ast.NetzFile)) {
            const from = ns.name === own ? undefined : (ns.statements as AstNode[]).filter(ast.isIptablesFrom).find(s => s.path !== undefined && files.has(resolve(folder, s.path)));
            if (from) {
                return `'${nameOf(named)}' is written in ${from.path}, which namespace '${ns.name}' loads too: renaming it there would change '${ns.name}''s rules as well. Rename it in the file by hand if that is meant.`;
            }
        }
        return undefined;
    }

    private nameRefusal(document: LangiumDocument, named: Named, newName: string): string | undefined {
        if (named.kind === 'chain') {
            return this.chainRefusal(document, named, newName);
        }
        if (newName === named.node.name) {
            return undefined;
        }
        if (!this.nameSyntax.test(newName)) {
            return `'${newName}' is not a name: a name starts with a letter or '_', continues with letters, digits, '_', '-' or '.', and ends with a letter, digit or '_'.`;
        }
        const file = document.parseResult.value as ast.NetzFile;
        if (named.kind === 'namespace') {
            if (newName.includes('.')) {
                return `A namespace name cannot contain '.': it separates namespace and interface in NS.IF references.`;
            }
            return namespacesOf(file).some(ns => ns.name === newName) ? `A namespace named '${newName}' already exists.` : undefined;
        }
        if (named.kind === 'probe') {
            return file.statements.some(s => ast.isProbe(s) && s.name === newName) ? `A probe named '${newName}' already exists.` : undefined;
        }
        if (newName.length > MAX_INTERFACE_NAME) {
            return `'${newName}' has ${newName.length} characters; Linux allows at most ${MAX_INTERFACE_NAME} in an interface name.`;
        }
        if (newName === 'all' || newName === 'default') {
            return `'${newName}' cannot name an interface: in sysctl keys (net.ipv4.conf.${newName}) it means ${newName === 'all' ? 'every interface' : 'the defaults of new interfaces'}.`;
        }
        const dot = newName.indexOf('.');
        if (dot > 0 && this.namespaceNamed(document, newName.slice(0, dot))) {
            return `'${newName}' would read as interface ${newName.slice(dot + 1)} of namespace ${newName.slice(0, dot)} in NS.IF references; an interface is renamed by its own name only.`;
        }
        if (newName === 'lo' || interfacesOf(named.home).some(iface => iface.name === newName)) {
            return `Namespace '${named.home.name}' already has an interface named '${newName}'.`;
        }
        // A reference written `NS.IF` in this namespace would now find the renamed interface instead.
        const captured = lookupInterface(this.services.references.ScopeProvider.nameIndex(document), named.home, newName);
        if (captured) {
            return `In namespace '${named.home.name}', '${newName}' already names interface ${captured.name} of namespace '${homeOf(captured)?.name}'.`;
        }
        return this.wildcardRefusal(document, named.home.name, named.node.name, newName);
    }

    /** A rule of the namespace whose interface wildcard (`-i eth+`) matches one of the two names and not the other. */
    private wildcardRefusal(document: LangiumDocument, ns: string, oldName: string, newName: string): string | undefined {
        for (const table of this.services.compiler.index(document).namespaces.get(ns)?.ruleset.tables.values() ?? []) {
            for (const chain of table.chains.values()) {
                for (const rule of chain.rules) {
                    for (const option of rule.matches.flatMap(m => m.options)) {
                        const value = option.value;
                        if (value.kind === 'interface' && value.wildcard && oldName.startsWith(value.name) !== newName.startsWith(value.name)) {
                            const [matched, unmatched] = oldName.startsWith(value.name) ? [oldName, newName] : [newName, oldName];
                            return `The rule at ${basename(rule.source.file)}:${rule.source.line} matches '${value.name}+', which takes '${matched}' but not '${unmatched}': renaming would change what it matches. Rename the interface and the rule by hand if that is meant.`;
                        }
                    }
                }
            }
        }
        return undefined;
    }

    private chainRefusal(document: LangiumDocument, chain: Named & { kind: 'chain' }, newName: string): string | undefined {
        if (builtinHook(chain.table, chain.name)) {
            return `${chain.name} is a built-in chain of table ${chain.table}: its name is fixed.`;
        }
        if (newName === chain.name) {
            return undefined;
        }
        if (isHook(newName)) {
            return `${newName} is the name of a built-in chain.`;
        }
        if (TARGETS.has(newName) || UNMODELLED_TARGETS.has(newName)) {
            return `${newName} is the name of a target: iptables refuses a chain of that name.`;
        }
        if (newName.length > MAX_CHAIN_NAME) {
            return `'${newName}' has ${newName.length} characters; iptables accepts at most ${MAX_CHAIN_NAME} in a chain name.`;
        }
        if (!/^[^\s"'#{}!-][^\s"'#{}]*$/.test(newName)) {
            return `'${newName}' is not a chain name: it cannot start with '-' or '!', nor hold spaces, quotes, '#' or braces.`;
        }
        const index = this.services.compiler.index(document);
        if (index.namespaces.get(chain.ns)?.ruleset.tables.get(chain.table)?.chains.has(newName)) {
            return `Table ${chain.table} of namespace '${chain.ns}' already has a chain named '${newName}'.`;
        }
        const inProbe = (document.parseResult.value as ast.NetzFile).statements.some(s => ast.isProbe(s) && s.at?.ref?.name === chain.ns && s.table === chain.table && s.chain === chain.name);
        return inProbe && !this.nameSyntax.test(newName) ? `'${newName}' cannot be written in a probe's 'at ${chain.ns} ${chain.table} CHAIN': it is not a name.` : undefined;
    }
}
