import type { Diagnostic } from '../../../model/model-api.js';
import type { Backend } from '../../../language/iptables/iptables-registry.js';
import { emptyRuleset, parseIptablesSave } from '../../../language/iptables/iptables-save-parser.js';
import { validateRuleset } from '../../../language/iptables/iptables-validator.js';

/**
 * Runs a diagnostic case: iptables-save text whose `#!` comment lines give the expected diagnostics,
 * `LINE:COL-ENDCOL SEVERITY CODE: MESSAGE`, and optionally the validation context (`#! backend=legacy interfaces=eth0,br0`)
 * and `#! text=file` for a whole file as iptables-restore reads one (a block is the default).
 */
export function formatDiagnostic(d: Diagnostic): string {
    return `${d.source.line}:${d.source.column}-${d.source.endColumn} ${d.severity} ${d.code}: ${d.message}`;
}

export function runCase(text: string, file: string): { actual: string[]; expected: string[] } {
    let backend: Backend = 'nft';
    let interfaceNames: string[] | undefined;
    let wholeFile = false;
    const expected: string[] = [];
    for (const line of text.split('\n')) {
        if (!line.startsWith('#! ')) {
            continue;
        }
        const body = line.slice(3);
        if (/^(backend|interfaces|text)=/.test(body)) {
            for (const [key, value] of body.split(' ').map((kv) => kv.split('='))) {
                if (key === 'backend') {
                    backend = value as Backend;
                } else if (key === 'text') {
                    wholeFile = value === 'file';
                } else {
                    interfaceNames = value.split(',');
                }
            }
        } else {
            expected.push(body);
        }
    }
    const ruleset = emptyRuleset();
    const diagnostics = parseIptablesSave(text, ruleset, { file, backend, wholeFile });
    diagnostics.push(...validateRuleset(ruleset, { backend, interfaceNames }));
    return { actual: diagnostics.map(formatDiagnostic), expected };
}
