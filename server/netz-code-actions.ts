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
 * the one rule that shadows it (same file and chain), so that it runs first. The edits touch only those lines.
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
            const ruleLine = lines[data.rule.line - 1];
            actions.push(action(`Delete this rule: ${ruleLine.trim()}`, diagnostic, data.rule.file, [deleteLine(data.rule.line)], diagnostic.code !== 'rule-shadowed' && diagnostic.code !== 'rule-duplicate'));
            const [cover] = data.covering;
            if (diagnostic.code === 'rule-shadowed' && data.covering.length === 1 && cover.file === data.rule.file && cover.line < data.rule.line) {
                actions.push(action('Move this rule above the rule that shadows it', diagnostic, data.rule.file, [
                    { range: { start: { line: cover.line - 1, character: 0 }, end: { line: cover.line - 1, character: 0 } }, newText: `${ruleLine}\n` },
                    deleteLine(data.rule.line)
                ], false));
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

function deleteLine(line: number): TextEdit {
    return { range: { start: { line: line - 1, character: 0 }, end: { line, character: 0 } }, newText: '' };
}

function action(title: string, diagnostic: LspDiagnostic, file: string, edits: TextEdit[], preferred: boolean): CodeAction {
    const edit: WorkspaceEdit = { changes: { [URI.file(file).toString()]: edits } };
    return { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit, isPreferred: preferred };
}
