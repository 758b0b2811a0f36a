import { readRulesFile } from '../language/lowering/rules-files.js';
import { loadNetzFile } from '../language/netz-loader.js';
import { backendOption, checkInputFile, inputKind, parseCommandArgs } from './cli-args.js';
import { formatDiagnostic, sortDiagnostics } from './diagnostic-format.js';
import { checkModel, checkRulesFile } from '../check/check-runner.js';
import type { Diagnostic } from '../model/model-api.js';

const USAGE = `usage: netz check FILE... [--format text|json] [--backend nft|legacy]

Validates each .netz file as the kernel and iptables would, analyses its rulesets and runs its probes.
A FILE not named *.netz is read as an iptables-save ruleset, as iptables-restore --test reads it: parsed,
validated and analysed on its own, without a topology (no interface names, no sysctls, no probes).
Prints file:line:col: severity code: message, one per line; exit status 1 when there is an error.`;

export async function checkCommand(args: string[]): Promise<number> {
    const parsed = parseCommandArgs('check', USAGE, args, {
        format: { type: 'string', default: 'text' },
        backend: { type: 'string' }
    });
    if (typeof parsed === 'number') {
        return parsed;
    }
    const backend = backendOption(parsed.values.backend, 'check');
    const format = parsed.values.format;
    if (!backend || (format !== 'text' && format !== 'json')) {
        if (backend) console.error(`netz check: --format takes text or json, not '${String(format)}'`);
        return 2;
    }
    if (parsed.positionals.length === 0) {
        console.error(`netz check: name at least one .netz or iptables-save file\n\n${USAGE}`);
        return 2;
    }
    const all: Diagnostic[] = [];
    for (const file of parsed.positionals) {
        if (!checkInputFile('check', file, ['netz', 'rules'])) {
            return 2;
        }
        if (inputKind(file) === 'rules') {
            all.push(...checkRulesFile(readRulesFile(file, backend), { backend }));
            continue;
        }
        const loaded = await loadNetzFile(file, { backend });
        all.push(...loaded.diagnostics, ...checkModel(loaded.model, { backend }, loaded.diagnostics).diagnostics);
    }
    const sorted = sortDiagnostics(all);
    if (format === 'json') {
        console.log(JSON.stringify(sorted, null, 2));
    } else {
        const cwd = process.cwd();
        for (const diagnostic of sorted) {
            console.log(formatDiagnostic(diagnostic, cwd));
        }
        const count = (severity: string) => sorted.filter(d => d.severity === severity).length;
        console.log(`${parsed.positionals.length} file(s): ${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} info`);
    }
    return sorted.some(d => d.severity === 'error') ? 1 : 0;
}
