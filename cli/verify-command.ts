import { verify } from '../kernel/verify-runner.js';
import { loadNetzFile } from '../language/netz-loader.js';
import { simulateProbe } from '../simulator/simulator-api.js';
import { checkInputFile, parseCommandArgs } from './cli-args.js';
import { formatDiagnostic, sortDiagnostics } from './diagnostic-format.js';

const USAGE = `usage: netz verify FILE [PROBE...] [--quiet]

Builds FILE's topology in fresh network namespaces (needs root), sends each probe (all by default) as real
traffic, reads the kernel's own per-rule TRACE, and compares it with the probe's expectation and with the
simulated trace. Always tears down. Exit status 0 only when every probe agrees.`;

export async function verifyCommand(args: string[]): Promise<number> {
    const parsed = parseCommandArgs('verify', USAGE, args, { quiet: { type: 'boolean', default: false } });
    if (typeof parsed === 'number') {
        return parsed;
    }
    const [file, ...names] = parsed.positionals;
    if (!file) {
        console.error(`netz verify: name a .netz file\n\n${USAGE}`);
        return 2;
    }
    if (!checkInputFile('verify', file, ['netz'])) {
        return 2;
    }
    // The kernel trace comes from nf_tables, so the simulator runs with the nft backend's table priorities.
    const { model, diagnostics } = await loadNetzFile(file, { backend: 'nft' });
    const errors = sortDiagnostics(diagnostics.filter(d => d.severity === 'error'));
    if (errors.length > 0) {
        console.error(`netz verify: ${file} has errors; fix them before building it on a kernel:`);
        errors.forEach(d => console.error(`  ${formatDiagnostic(d, process.cwd())}`));
        return 1;
    }
    const unknown = names.filter(name => !model.probes.some(p => p.name === name));
    if (unknown.length > 0) {
        console.error(`netz verify: no probe ${unknown.map(n => `'${n}'`).join(', ')} in ${file} (probes: ${model.probes.map(p => p.name).join(', ') || 'none'})`);
        return 2;
    }
    const probes = names.length > 0 ? model.probes.filter(p => names.includes(p.name)) : model.probes;
    if (probes.length === 0) {
        console.error(`netz verify: ${file} has no probes to verify`);
        return 2;
    }
    const report = await verify(model, probes, {
        simulate: probe => simulateProbe(model, probe, { backend: 'nft' }),
        log: parsed.values.quiet ? undefined : line => console.error(line)
    });
    if (report.notRun) {
        console.error(`netz verify: cannot run (${report.notRun.kind}): ${report.notRun.reason}`);
        return report.notRun.kind === 'environment' ? 3 : 1;
    }
    for (const verdict of report.verdicts) {
        console.log(`${verdict.status === 'agree' ? '✓' : verdict.status === 'skipped' ? '-' : '✗'} ${verdict.probe}: ${verdict.status}`);
        if (verdict.status !== 'agree') {
            console.log(verdict.report.split('\n').map(line => `    ${line}`).join('\n'));
        }
    }
    const count = (status: string) => report.verdicts.filter(v => v.status === status).length;
    console.log(`${count('agree')} agree, ${count('mismatch')} mismatch, ${count('skipped')} skipped`);
    return report.ok ? 0 : 1;
}
