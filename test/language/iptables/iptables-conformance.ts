import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '../../../model/model-api.js';
import { MATCHES, TARGETS } from '../../../language/iptables/iptables-registry.js';
import type { Backend } from '../../../language/iptables/iptables-registry.js';
import { emptyRuleset, parseIptablesSave } from '../../../language/iptables/iptables-save-parser.js';
import { validateRuleset } from '../../../language/iptables/iptables-validator.js';

/**
 * Runs iptables' own extension tests (`extensions/*.t`, format in shared/corpus/SOURCES.md) through the parser and the
 * validator: an OK line must give a typed rule and no error, a FAIL line at least one error or warning.
 */

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** CI checks shared/ out beside the clone, at the same relative place as on the development machine. */
export const CORPUS = resolve(REPO_ROOT, '../shared/corpus');

export function corpusDirectory(name: string): string {
    const directory = join(CORPUS, name);
    if (!existsSync(directory)) {
        throw new Error(`The shared corpus is missing: expected ${directory} (shared/ must sit beside the repository).`);
    }
    return directory;
}

export interface LineResult {
    line: number;
    rule: string;
    table: string;
    chains: string[];
    backend: Backend;
    expected: 'OK' | 'FAIL';
    passed: boolean;
    /** Why an OK line failed (the first error, or what stayed untyped) or why a FAIL line was not caught. */
    reason: string;
}

export interface FileResult {
    file: string;
    /** The registry module or target the file tests, or undefined when the registry does not have it. */
    subject: string | undefined;
    lines: LineResult[];
    okTotal: number;
    okPassed: number;
    failTotal: number;
    failCaught: number;
}

/** The registry entry a .t file tests: `libxt_tcp.t` tests match tcp, `libipt_DNAT.t` target DNAT, `iptables.t` the basics. */
export function subjectOf(file: string): string | undefined {
    const name = file.replace(/^lib(xt|ipt)_/, '').replace(/\.t$/, '');
    if (name === 'iptables' || name === 'standard') {
        return 'basic';
    }
    if (MATCHES.has(name)) {
        return `match ${name}`;
    }
    return TARGETS.has(name) ? `target ${name}` : undefined;
}

/** What a line expects on a backend: the VARIANT column scopes RESULT to one backend; the other gets ALT or the inverse. */
function expectation(result: string, variant: string | undefined, alternative: string | undefined, backend: Backend): 'OK' | 'FAIL' {
    const normal = result === 'FAIL' ? 'FAIL' : 'OK';
    if (variant === undefined || variant.toLowerCase() === backend) {
        return normal;
    }
    if (alternative) {
        return alternative === 'FAIL' ? 'FAIL' : 'OK';
    }
    return normal === 'OK' ? 'FAIL' : 'OK';
}

function runRule(table: string, chain: string, rule: string, backend: Backend): { diagnostics: Diagnostic[]; untyped: string[]; found: boolean } {
    const ruleset = emptyRuleset();
    const diagnostics = parseIptablesSave(`*${table}\n-A ${chain} ${rule}\n`, ruleset, { file: 'conformance', backend });
    diagnostics.push(...validateRuleset(ruleset, { backend }));
    const parsed = ruleset.tables.get(table as never)?.chains.get(chain)?.rules[0];
    return { diagnostics, untyped: parsed?.unmodelled.map((u) => u.text) ?? [], found: parsed !== undefined };
}

export function runConformanceFile(path: string): FileResult {
    const file = path.split('/').pop()!;
    const result: FileResult = { file, subject: subjectOf(file), lines: [], okTotal: 0, okPassed: 0, failTotal: 0, failCaught: 0 };
    let chains = ['INPUT'];
    let table = 'filter';
    readFileSync(path, 'utf8').split('\n').forEach((text, index) => {
        if (text.startsWith(':')) {
            chains = text.slice(1).trim().split(',');
            return;
        }
        if (text.startsWith('*')) {
            table = text.slice(1).trim();
            return;
        }
        if (text.trim() === '' || text.startsWith('#') || text.startsWith('@') || text.startsWith('%')) {
            return;
        }
        const [rule, , outcome, variant, alternative] = text.split(';');
        const backends: Backend[] = variant === undefined ? ['nft'] : ['nft', 'legacy'];
        for (const backend of backends) {
            const expected = expectation(outcome, variant, alternative, backend);
            let passed = true;
            let reason = '';
            for (const chain of chains) {
                const { diagnostics, untyped, found } = runRule(table, chain, rule, backend);
                const problems = diagnostics.filter((d) => d.severity === 'error' || (expected === 'FAIL' && d.severity === 'warning'));
                if (expected === 'OK') {
                    if (problems.length > 0 || untyped.length > 0 || !found) {
                        passed = false;
                        reason = problems.length > 0
                            ? `${chain}: ${problems[0].code}: ${problems[0].message}`
                            : untyped.length > 0 ? `${chain}: not typed (kept unmodelled): ${untyped.join(', ')}` : `${chain}: no rule produced`;
                        break;
                    }
                } else if (problems.length === 0) {
                    passed = false;
                    reason = `${chain}: no error or warning`;
                    break;
                }
            }
            result.lines.push({ line: index + 1, rule, table, chains, backend, expected, passed, reason });
            if (expected === 'OK') {
                result.okTotal++;
                result.okPassed += passed ? 1 : 0;
            } else {
                result.failTotal++;
                result.failCaught += passed ? 1 : 0;
            }
        }
    });
    return result;
}

export function runConformance(): FileResult[] {
    const directory = corpusDirectory('iptables-tests');
    return readdirSync(directory).filter((f) => f.endsWith('.t')).sort().map((f) => runConformanceFile(join(directory, f)));
}

/** Why a known non-passing line does not pass, by the option text that causes it: written into docs/CONFORMANCE.md. */
const EXPLANATIONS: [RegExp, string][] = [
    [/--to-destination \S+\/\w+$/, 'the port shift `/BASE` (iptables 1.8.6+) has no field in the model\'s natRange, so the option is kept unmodelled'],
    [/^-s [\d.]+\/255\.0\./, 'a non-contiguous netmask has no CIDR form in the model, so the address is kept unmodelled'],
    [/--ctexpire/, '--ctexpire (remaining conntrack timeout) is not modelled: the simulator has no timers; its argument is still checked'],
    [/--match-set foo src,dst/, 'iptables fails only because the ipset `foo` does not exist on the test machine; netz has no ipset declarations and treats sets as opaque'],
    [/--mode nth ! --every 5$/, 'iptables 1.8.11 refuses this; the man page documents no rule that explains it, so netz does not guess one']
];

function explain(line: LineResult): string {
    const found = EXPLANATIONS.find(([pattern]) => pattern.test(line.rule));
    return found ? `${line.reason}. Why: ${found[1]}` : line.reason;
}

const escapeCell = (text: string) => text.replace(/\|/g, '\\|');

/** docs/CONFORMANCE.md: the summary table the regression test reads back, then every line that does not pass. */
export function conformanceMarkdown(results: FileResult[]): string {
    const out: string[] = [
        '# iptables conformance',
        '',
        'iptables\' own extension tests (`../shared/corpus/iptables-tests/*.t`, iptables 1.8.11) run through',
        '`parseIptablesSave` and `validateRuleset`. An `OK` line passes when it gives a rule with no error and nothing kept',
        'unmodelled; a `FAIL` line is caught when it gets at least one error or warning, in every chain of its section.',
        'Lines with a backend variant are run on both backends (nft, legacy); the others on nft.',
        '',
        'Generated by `UPDATE_CONFORMANCE=1 npx mocha test/language/iptables/iptables-conformance.test.ts`; the test fails if a rate',
        'drops below the one recorded here.',
        '',
        '| file | tests | OK passed | FAIL caught |',
        '|---|---|---|---|'
    ];
    for (const r of results) {
        out.push(r.subject === undefined
            ? `| ${r.file} | not in the registry (kept unmodelled), not scored | - | - |`
            : `| ${r.file} | ${r.subject} | ${r.okPassed}/${r.okTotal} | ${r.failCaught}/${r.failTotal} |`);
    }
    const scored = results.filter((r) => r.subject !== undefined);
    const sum = (f: (r: FileResult) => number) => scored.reduce((n, r) => n + f(r), 0);
    out.push(`| **total** | | ${sum((r) => r.okPassed)}/${sum((r) => r.okTotal)} | ${sum((r) => r.failCaught)}/${sum((r) => r.failTotal)} |`);
    out.push('', '## Lines that do not pass', '');
    for (const r of scored) {
        const failing = r.lines.filter((l) => !l.passed);
        if (failing.length === 0) {
            continue;
        }
        out.push(`### ${r.file}`, '', '| line | rule | expected | backend | reason |', '|---|---|---|---|---|');
        for (const l of failing) {
            out.push(`| ${l.line} | \`${escapeCell(l.rule)}\` | ${l.expected} | ${l.backend} | ${escapeCell(explain(l))} |`);
        }
        out.push('');
    }
    return out.join('\n') + '\n';
}

/** The rates recorded in docs/CONFORMANCE.md, by file: [OK passed, FAIL caught]. */
export function recordedRates(markdown: string): Map<string, [number, number]> {
    const rates = new Map<string, [number, number]>();
    for (const m of markdown.matchAll(/^\| (\S+\.t) \| [^|]+ \| (\d+)\/\d+ \| (\d+)\/\d+ \|$/gm)) {
        rates.set(m[1], [Number(m[2]), Number(m[3])]);
    }
    return rates;
}
