import * as vscode from 'vscode';
import { TRACE_PROBE_COMMAND } from '../presentation/netz-protocol.js';
import { countProbeLenses, summaryText } from './probe-summary.js';

/**
 * The status bar item of the active `.netz` file: its error count and how many probes hold (✓) or fail (✗), read
 * from the diagnostics and the probe lenses the server already publishes, so nothing is computed twice.
 */

const UPDATE_DELAY_MS = 500;

export function registerStatusSummary(context: vscode.ExtensionContext): void {
    const item = vscode.window.createStatusBarItem('netz.summary', vscode.StatusBarAlignment.Left, 50);
    item.name = 'Netz summary';
    item.command = 'workbench.actions.view.problems';
    let timer: ReturnType<typeof setTimeout> | undefined;
    const update = async (): Promise<void> => {
        const document = vscode.window.activeTextEditor?.document;
        if (document?.languageId !== 'netz') {
            item.hide();
            return;
        }
        const errors = vscode.languages.getDiagnostics(document.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length;
        const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri) ?? [];
        const probes = countProbeLenses(lenses.filter((l) => l.command?.command === TRACE_PROBE_COMMAND).map((l) => l.command!.title));
        item.text = summaryText(errors, probes);
        item.tooltip = `${document.fileName.slice(document.fileName.lastIndexOf('/') + 1)}: ${errors} error(s); probes: ${probes.passed} as expected, ${probes.failed} not`;
        item.backgroundColor = errors > 0 || probes.failed > 0 ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
        item.show();
    };
    const schedule = (): void => {
        if (timer !== undefined) {
            clearTimeout(timer);
        }
        timer = setTimeout(() => void update(), UPDATE_DELAY_MS);
    };
    context.subscriptions.push(
        item,
        vscode.window.onDidChangeActiveTextEditor(schedule),
        vscode.languages.onDidChangeDiagnostics(schedule),
        { dispose: () => timer !== undefined && clearTimeout(timer) }
    );
    schedule();
}
