import type { LangiumDocument } from 'langium';
import { AstUtils, CstUtils } from 'langium';
import type { TableName } from '../model/model-api.js';
import type { IptablesBlock, Namespace } from '../language/generated/ast.js';
import type { RulesLine } from './model-index.js';
import { isHost, isIptablesBlock, isNetns } from '../language/generated/ast.js';
import type { MatchSpec, OptionSpec, TargetSpec } from '../language/iptables/iptables-registry.js';
import { findOption, isTableName, MATCHES, TARGETS } from '../language/iptables/iptables-registry.js';

/**
 * Where the cursor is inside an `iptables { ... }` block. The model already holds every rule by line; this file
 * only reads the line under the cursor (and, for a line the model does not hold yet, the lines above it up to one
 * it does).
 */

/** A whitespace-separated word of one line, quotes kept, with its 0-based character range. */
export interface Word {
    text: string;
    start: number;
    end: number;
}

/** Splits a line into words as iptables-restore does: whitespace separates, double quotes group. */
export function wordsOf(line: string): Word[] {
    const words: Word[] = [];
    const pattern = /(?:"(?:[^"\\]|\\.)*"?|[^\s"])+/g;
    for (let match = pattern.exec(line); match; match = pattern.exec(line)) {
        if (match[0].startsWith('#')) {
            break;
        }
        words.push({ text: match[0], start: match.index, end: match.index + match[0].length });
    }
    return words;
}

/** The cursor in iptables-save text: inside an `iptables { }` block, or anywhere in a rules document. */
export interface LinePosition {
    /** 0-based document line of the cursor and of the text's first line. */
    line: number;
    blockStartLine: number;
    /** The cursor's line text and column. */
    text: string;
    character: number;
}

export interface BlockPosition extends LinePosition {
    block: IptablesBlock;
    /** The namespace (host or netns) the block belongs to. */
    namespace: Namespace;
}

/** The text of one line (0-based) of a document, without its line break. */
export function lineTextAt(document: LangiumDocument, line: number): string {
    return document.textDocument.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '');
}

/** The block the offset is inside (after its `{`, before its `}`), if any. */
export function blockAt(document: LangiumDocument, offset: number): BlockPosition | undefined {
    const root = document.parseResult.value.$cstNode;
    const leaf = root && CstUtils.findLeafNodeAtOffset(root, offset);
    if (!leaf || !isIptablesBlock(leaf.astNode)) {
        return undefined;
    }
    const open = leaf.text.indexOf('{');
    if (offset <= leaf.offset + open || offset >= leaf.end) {
        return undefined;
    }
    const namespace = AstUtils.getContainerOfType(leaf.astNode, (node): node is Namespace => isHost(node) || isNetns(node));
    if (!namespace) {
        return undefined;
    }
    const position = document.textDocument.positionAt(offset);
    const lineText = lineTextAt(document, position.line);
    return { block: leaf.astNode, namespace, line: position.line, blockStartLine: leaf.range.start.line, text: lineText, character: position.character };
}

/**
 * The table the cursor's line belongs to: that of the nearest line above that the compilation indexed (a rule, a
 * chain or a table header), or of a `*table` line being typed, else `filter` (iptables-restore's default). With the
 * index the walk stops at the first complete line, not at the header tens of thousands of lines up.
 */
export function tableAt(document: LangiumDocument, position: LinePosition, indexed: ReadonlyMap<number, RulesLine> | undefined): TableName {
    const text = document.textDocument;
    for (let line = position.line; line >= position.blockStartLine; line--) {
        const entry = indexed?.get(line + 1);
        if (entry) {
            return entry.kind === 'rule' ? entry.rule.table : entry.kind === 'chain' ? entry.chain.table : entry.table.name;
        }
        const content = text.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).trim();
        const header = /^(?:iptables\s*\{\s*)?\*(\S+)/.exec(content);
        if (header && isTableName(header[1])) {
            return header[1];
        }
    }
    return 'filter';
}

/** The word under (or just before) a character of the line, and its index among the line's words. */
export function wordAt(words: readonly Word[], character: number): number {
    return words.findIndex(word => word.start <= character && character <= word.end);
}

/** Words that take a chain name as their argument. */
export const CHAIN_FLAGS: ReadonlySet<string> = new Set([
    '-A', '--append', '-I', '--insert', '-D', '--delete', '-R', '--replace', '-N', '--new-chain', '-X', '--delete-chain',
    '-F', '--flush', '-Z', '--zero', '-P', '--policy', '-E', '--rename-chain', '-j', '--jump', '-g', '--goto'
]);

/** Words that take an interface name as their argument. */
export const INTERFACE_FLAGS: ReadonlySet<string> = new Set(['-i', '--in-interface', '-o', '--out-interface', '--physdev-in', '--physdev-out']);

/** The ranges in one line where `chain` is named: `:CHAIN` at the start, or the argument of a chain-taking flag. */
export function chainMentions(line: string, chain: string): Word[] {
    const words = wordsOf(line);
    const found: Word[] = [];
    words.forEach((word, i) => {
        if (i === 0 && word.text === `:${chain}`) {
            found.push({ text: chain, start: word.start + 1, end: word.end });
        } else if (i > 0 && word.text === chain && CHAIN_FLAGS.has(words[i - 1].text)) {
            found.push(word);
        }
    });
    return found;
}

export const MATCH_FLAGS: ReadonlySet<string> = new Set(['-m', '--match']);
export const TARGET_FLAGS: ReadonlySet<string> = new Set(['-j', '--jump', '-g', '--goto']);
const PROTOCOL_FLAGS: ReadonlySet<string> = new Set(['-p', '--protocol']);
const APPEND_FLAGS: ReadonlySet<string> = new Set(['-A', '--append', '-I', '--insert', '-R', '--replace', '-D', '--delete']);

/** What the words of a rule line before the cursor have set up: the chain, and where an option is looked up. */
export interface RuleContext {
    chain?: string;
    /** Registry keys (`tcp`, `MASQUERADE`, `basic`) with their specs, in the order an option is looked up in. */
    owners: { key: string; spec: MatchSpec | TargetSpec }[];
    modules: Set<string>;
}

/** Reads the words before index `upTo`. An option belongs to the target if it follows `-j`, else to the latest module that has it, else to `-p`'s implicit module or `basic`. */
export function ruleContext(words: readonly Word[], upTo: number): RuleContext {
    const owners: RuleContext['owners'] = [];
    const modules = new Set<string>();
    let protocol: string | undefined;
    let chain: string | undefined;
    for (let i = 0; i + 1 < upTo; i++) {
        const flag = words[i].text;
        const next = words[i + 1].text;
        if (MATCH_FLAGS.has(flag) && MATCHES.has(next)) {
            owners.unshift({ key: next, spec: MATCHES.get(next)! });
            modules.add(next);
        } else if (TARGET_FLAGS.has(flag) && TARGETS.has(next)) {
            owners.unshift({ key: next, spec: TARGETS.get(next)! });
        } else if (PROTOCOL_FLAGS.has(flag)) {
            protocol = (next === '!' ? words[i + 2]?.text ?? '' : next).toLowerCase();
        } else if (APPEND_FLAGS.has(flag)) {
            chain = next;
        }
    }
    const implicit = [...MATCHES.values()].find(m => m.implicitForProtocol !== undefined && m.implicitForProtocol === protocol);
    if (implicit && !modules.has(implicit.name)) {
        owners.push({ key: implicit.name, spec: implicit });
    }
    owners.push({ key: 'basic', spec: MATCHES.get('basic')! });
    return { chain, owners, modules };
}

/** The option a spelling names in this context, with the catalogue key of its owner. */
export function resolveOption(context: RuleContext, spelling: string): { key: string; option: OptionSpec } | undefined {
    for (const { key, spec } of context.owners) {
        const option = findOption(spec, spelling);
        if (option) {
            return { key, option };
        }
    }
    return undefined;
}
