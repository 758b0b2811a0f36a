import { exportScript } from '../kernel/export-script.js';
import { loadNetzFile } from '../language/netz-loader.js';
import { checkInputFile, parseCommandArgs } from './cli-args.js';
import { formatDiagnostic, sortDiagnostics } from './diagnostic-format.js';
import { checkOutputFile, writeOutputFile } from './output-file.js';

const USAGE = `usage: netz export FILE [--prefix P] [--format sh] [--teardown] [--output FILE]

Prints a bash script that builds FILE's topology in real network namespaces named P+NAME (default
prefix 'netz-'): every namespace (a host too; the machine's own root namespace is never touched), interface,
wire, route and sysctl, and each namespace's ruleset through iptables-restore. --teardown prints the matching
teardown script instead. Run as root: sudo bash script.sh`;

export async function exportCommand(args: string[]): Promise<number> {
    const parsed = parseCommandArgs('export', USAGE, args, {
        prefix: { type: 'string', default: 'netz-' },
        format: { type: 'string', default: 'sh' },
        teardown: { type: 'boolean', default: false },
        output: { type: 'string', short: 'o' }
    });
    if (typeof parsed === 'number') {
        return parsed;
    }
    const [file, ...rest] = parsed.positionals;
    if (!file || rest.length > 0) {
        console.error(`netz export: name exactly one .netz file\n\n${USAGE}`);
        return 2;
    }
    if (parsed.values.format !== 'sh') {
        console.error(`netz export: the only format is 'sh' (a bash script), not '${String(parsed.values.format)}'`);
        return 2;
    }
    const prefix = String(parsed.values.prefix);
    if (!/^[A-Za-z0-9_-]{0,8}$/.test(prefix)) {
        console.error(`netz export: --prefix takes up to 8 letters, digits, '_' or '-' (namespace names stay short and safe to type)`);
        return 2;
    }
    if (!checkInputFile('export', file, ['netz'])) {
        return 2;
    }
    const output = parsed.values.output;
    if (typeof output === 'string' && !checkOutputFile('export', output)) {
        return 2;
    }
    const { model, diagnostics } = await loadNetzFile(file);
    const errors = sortDiagnostics(diagnostics.filter(d => d.severity === 'error'));
    if (errors.length > 0) {
        console.error(`netz export: ${file} has errors; the kernel would refuse part of the topology. Fix these first:`);
        errors.forEach(d => console.error(`  ${formatDiagnostic(d, process.cwd())}`));
        return 1;
    }
    const script = exportScript(model, { prefix });
    const text = parsed.values.teardown ? script.teardown : script.setup;
    if (typeof output !== 'string') {
        process.stdout.write(text);
        return 0;
    }
    if (!writeOutputFile('export', output, text, 0o755)) {
        return 2;
    }
    console.error(`netz export: wrote ${output}`);
    return 0;
}
