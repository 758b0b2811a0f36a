import { readFileSync } from 'node:fs';
import type { LangiumDocument, MaybePromise } from 'langium';
import { URI } from 'langium';
import type { CodeActionProvider } from 'langium/lsp';
import type { CodeAction, CodeActionParams, Command, Diagnostic as LspDiagnostic, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { CodeActionKind } from 'vscode-languageserver';
import type { Diagnostic, SourceRef } from '../model/model-api.js';

/** Findings whose fix is mechanical: the rule changes nothing, or can never run. */
const DELETABLE = new Set(['rule-shadowed', 'rule-redundant', 'rule-unreachable', 'rule-empty-match', 'rule-duplicate']);

/** What a quick fix needs, carried in the published diagnostic's `data` (the rule may be in an `iptables from` file). */
export interface RuleFixData {
    rule: SourceRef;
    /** The rules that shadow or cover it, in order. */
    covering: SourceRef[];
}

export function ruleFixData(diagnostic: Diagnostic): RuleFixData | undefined {
    if (!DELETABLE.has(diagnostic.code)) {
        return undefined;
    }
    return { rule: diagnostic.source, covering: (diagnostic.related ?? []).map(r => r.source) };
}

/**
 * Quick fixes for rule findings: delete a rule that changes nothing or never runs, and move a shadowed rule above
 * the one rule that shadows it (same file and chain, both appended with -A, so that file order is chain order). The
 * edits touch only the rules' own text: a block's braces or a header sharing their line stay where they are.
 */
export class NetzCodeActionProvider implements CodeActionProvider {
    getCodeActions(document: LangiumDocument, params: CodeActionParams): MaybePromise<Array<Command | CodeAction>> {
        const actions: CodeAction[] = [];
        for (const diagnostic of params.context.diagnostics) {
            const data = diagnostic.data as RuleFixData | undefined;
            if (typeof diagnostic.code !== 'string' || !DELETABLE.has(diagnostic.code) || !data?.rule) {
                continue;
            }
            const lines = linesOf(document, data.rule.file);
            if (!lines) {
                continue;
            }
            const rule = ruleText(lines, data.rule);
            actions.push(action(`Delete this rule: ${rule}`, diagnostic, data.rule.file, [deleteRule(lines, data.rule)], diagnostic.code !== 'rule-shadowed' && diagnostic.code !== 'rule-duplicate'));
            const [cover] = data.covering;
            if (diagnostic.code === 'rule-shadowed' && data.covering.length === 1 && cover.file === data.rule.file && cover.line < data.rule.line
                && appended(rule) && appended(ruleText(lines, cover))) {
                actions.push(action('Move this rule above the rule that shadows it', diagnostic, data.rule.file, [insertBefore(lines, cover, rule), deleteRule(lines, data.rule)], false));
            }
        }
        return actions;
    }
}

function linesOf(document: LangiumDocument, file: string): string[] | undefined {
    try {
        const text = file === document.uri.fsPath ? document.textDocument.getText() : readFileSync(file, 'utf8');
        return text.split('\n');
    } catch {
        return undefined;
    }
}

/** The rule as written, from its first word (counters or `-A`) to its last. */
function ruleText(lines: string[], rule: SourceRef): string {
    return lines[rule.line - 1].slice(rule.column - 1, rule.endColumn - 1);
}

/** `-A`: a rule whose place in its chain is its place among the chain's lines (not `-I`, which inserts by number). */
function appended(rule: string): boolean {
    return /^(?:\[\d+:\d+\]\s+)?(?:-A|--append)\s/.test(rule);
}

const isBlank = (text: string): boolean => text.trim() === '';

/** Deletes the rule: its whole line when nothing else is on it, else its text and the blanks that set it apart. */
function deleteRule(lines: string[], rule: SourceRef): TextEdit {
    const text = lines[rule.line - 1];
    let start = rule.column - 1;
    let end = rule.endColumn - 1;
    if (isBlank(text.slice(0, start)) && isBlank(text.slice(end))) {
        return { range: { start: { line: rule.line - 1, character: 0 }, end: { line: rule.line, character: 0 } }, newText: '' };
    }
    if (isBlank(text.slice(end))) {
        while (start > 0 && /\s/.test(text[start - 1])) start--;
    } else {
        while (end < text.length && /\s/.test(text[end])) end++;
    }
    return { range: { start: { line: rule.line - 1, character: start }, end: { line: rule.line - 1, character: end } }, newText: '' };
}

/** Inserts `rule` on a line of its own just before `cover`, indented as `cover`'s line is. */
function insertBefore(lines: string[], cover: SourceRef, rule: string): TextEdit {
    const text = lines[cover.line - 1];
    const indent = /^\s*/.exec(text)![0];
    const column = cover.column - 1;
    return isBlank(text.slice(0, column))
        ? { range: { start: { line: cover.line - 1, character: 0 }, end: { line: cover.line - 1, character: 0 } }, newText: `${indent}${rule}\n` }
        : { range: { start: { line: cover.line - 1, character: column }, end: { line: cover.line - 1, character: column } }, newText: `${rule}\n${indent}` };
}

function action(title: string, diagnostic: LspDiagnostic, file: string, edits: TextEdit[], preferred: boolean): CodeAction {
    const edit: WorkspaceEdit = { changes: { [URI.file(file).toString()]: edits } };
    return { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit, isPreferred: preferred };
}
