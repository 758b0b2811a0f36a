import type { LangiumDocument } from 'langium';
import { URI } from 'langium';
import type { CodeLensProvider } from 'langium/lsp';
import type { CodeLens, Range } from 'vscode-languageserver';
import type { Probe } from '../model/model-api.js';
import type { Trace } from '../simulator/simulator-api.js';
import { checkExpectation } from '../simulator/simulator-api.js';
import type { DocLocale } from '../language/docs/docs-lookup.js';
import { templatesFor } from '../language/docs/docs-templates.js';
import { namespacesOf } from '../language/netz-scope-provider.js';
import type { NetzFile } from '../language/generated/ast.js';
import type { ModelIndex } from './model-index.js';
import { callersOf, chainKey } from './model-index.js';
import type { NetzServices } from './netz-lsp-module.js';
import { REVEAL_CHAIN_COMMAND, TRACE_FROM_COMMAND, TRACE_PROBE_COMMAND } from '../presentation/netz-protocol.js';

/**
 * `✓ established, 14 steps` or `✗ expected dropped at isp, got delivered at server`, from the compiled trace; a
 * probe not judged (it has an error of its own) shows only its trace's outcome.
 */
export function probeLensTitle(probe: Probe, trace: Trace, judged: boolean, locale: DocLocale): string {
    const t = templatesFor(locale).lens;
    const steps = trace.steps.length + (trace.reply?.steps.length ?? 0);
    if (!probe.expect || !judged) {
        return t.unchecked(trace.outcome, steps);
    }
    if (!checkExpectation(probe, trace)) {
        return t.passed(trace.outcome, steps);
    }
    const expect = probe.expect;
    const expected = [expect.outcome, expect.at && `at ${expect.at}`, expect.table, expect.chain].filter(Boolean).join(' ');
    const got = [trace.outcome, trace.at.netns && `at ${trace.at.netns}`, trace.at.table, trace.at.chain].filter(Boolean).join(' ');
    return t.failed(expected, got);
}

function lineRange(line: number): Range {
    return { start: { line, character: 0 }, end: { line, character: 0 } };
}

export class NetzCodeLensProvider implements CodeLensProvider {
    constructor(private readonly services: NetzServices) {
    }

    /** Lenses per compiled version and locale: VS Code asks again after every pause in typing, kube-proxy files have 10,000s of chains. */
    private readonly cache = new WeakMap<ModelIndex, { locale: DocLocale; lenses: CodeLens[] }>();

    provideCodeLens(document: LangiumDocument): CodeLens[] {
        const locale = this.services.settings.locale;
        const index = this.services.compiler.index(document);
        const cached = this.cache.get(index);
        if (cached?.locale === locale) {
            return cached.lenses;
        }
        const lenses = this.lenses(document, index, locale);
        this.cache.set(index, { locale, lenses });
        return lenses;
    }

    private lenses(document: LangiumDocument, index: ModelIndex, locale: DocLocale): CodeLens[] {
        const t = templatesFor(locale).lens;
        const uri = document.uri.toString();
        const compilation = this.services.compiler.compile(document);
        const lenses: CodeLens[] = [];
        for (const ns of namespacesOf(document.parseResult.value as NetzFile)) {
            if (ns.$cstNode && ns.name !== undefined) {
                lenses.push({ range: lineRange(ns.$cstNode.range.start.line), command: { title: t.traceFrom, command: TRACE_FROM_COMMAND, arguments: [uri, ns.name] } });
            }
        }
        for (const { probe, trace, judged } of compilation.traces) {
            lenses.push({
                range: lineRange(probe.source.line - 1),
                command: { title: probeLensTitle(probe, trace, judged, locale), command: TRACE_PROBE_COMMAND, arguments: [uri, probe.name] }
            });
        }
        for (const [line, entry] of index.lines.get(document.uri.fsPath) ?? []) {
            if (entry.kind === 'chain' && !entry.chain.builtin) {
                const { chain } = entry;
                const callers = callersOf(index, entry.ns.name, chain.table, chain.name);
                // Clicking goes to the first rule that jumps here; a chain nobody jumps to has nowhere to go.
                const first = index.jumpers.get(chainKey(entry.ns.name, chain.table, chain.name))?.[0]?.source;
                const command = first
                    ? { title: t.chain(chain.rules.length, callers), command: REVEAL_CHAIN_COMMAND, arguments: [URI.file(first.file).toString(), first.line, first.column] }
                    : { title: t.chain(chain.rules.length, callers), command: '' };
                lenses.push({ range: lineRange(line - 1), command });
            }
        }
        return lenses;
    }
}
