import { loadNetzFile } from '../language/netz-loader.js';
import { primaryAddress } from '../language/lowering/model-lowering.js';
import type { Model, PacketSpec } from '../model/model-api.js';
import { parseIPv4 } from '../model/model-api.js';
import { checkExpectation, formatTraceText, simulatePacket, simulateProbe } from '../simulator/simulator-api.js';
import type { AdHocPacket, Trace } from '../simulator/simulator-api.js';
import { backendOption, checkInputFile, parseCommandArgs } from './cli-args.js';
import { formatDiagnostic, sortDiagnostics } from './diagnostic-format.js';
import { probeHasError } from '../check/check-runner.js';

const USAGE = `usage: netz trace FILE PROBE [--json] [--backend nft|legacy]
       netz trace FILE --from NS --to ADDR [--tcp PORT | --udp PORT | --icmp] [--sport N] [--src IP] [--iif IF] [--json]

Follows one packet through the topology, hop by hop and hook by hook, and prints every decision:
routes, bridge and neighbour decisions, each netfilter chain with its matching rules, NAT and conntrack.
Exit status 0 when the trace meets the probe's expectation (or the probe has none), 1 when not, 2 on bad usage.`;

export async function traceCommand(args: string[]): Promise<number> {
    const parsed = parseCommandArgs('trace', USAGE, args, {
        json: { type: 'boolean', default: false },
        backend: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        tcp: { type: 'string' },
        udp: { type: 'string' },
        icmp: { type: 'boolean' },
        sport: { type: 'string' },
        src: { type: 'string' },
        iif: { type: 'string' }
    });
    if (typeof parsed === 'number') {
        return parsed;
    }
    const backend = backendOption(parsed.values.backend, 'trace');
    const [file, probeName, ...rest] = parsed.positionals;
    if (!backend || !file || rest.length > 0) {
        if (backend) console.error(`netz trace: name a .netz file and one probe, or use --from/--to\n\n${USAGE}`);
        return 2;
    }
    const adHoc = AD_HOC_OPTIONS.filter(option => parsed.values[option] !== undefined);
    if (probeName !== undefined && adHoc.length > 0) {
        console.error(`netz trace: trace probe '${probeName}' or an ad-hoc packet, not both (${adHoc.map(o => `--${o}`).join(', ')} describe a packet)\n\n${USAGE}`);
        return 2;
    }
    if (!checkInputFile('trace', file, ['netz'])) {
        return 2;
    }
    const { model, diagnostics } = await loadNetzFile(file, { backend });
    const errors = sortDiagnostics(diagnostics.filter(d => d.severity === 'error'));
    if (errors.length > 0) {
        console.error(`netz trace: ${file} has errors; the trace may not show what the kernel would do:`);
        errors.forEach(d => console.error(`  ${formatDiagnostic(d, process.cwd())}`));
    }
    let trace: Trace;
    if (probeName !== undefined) {
        const probe = model.probes.find(p => p.name === probeName);
        if (!probe) {
            const known = model.probes.map(p => p.name);
            console.error(`netz trace: ${file} has no probe '${probeName}'${known.length ? ` (probes: ${known.join(', ')})` : ''}`);
            return 2;
        }
        trace = simulateProbe(model, probe, { backend });
    } else {
        const spec = adHocSpec(parsed.values, model);
        if (typeof spec === 'string') {
            console.error(`netz trace: ${spec}\n\n${USAGE}`);
            return 2;
        }
        trace = simulatePacket(model, spec, { backend });
    }
    console.log(parsed.values.json ? JSON.stringify(trace, null, 2) : formatTraceText(trace));
    const probe = probeName === undefined ? undefined : model.probes.find(p => p.name === probeName);
    if (probe && probeHasError(probe, diagnostics)) {
        // Its error is printed above; its expectation is not judged as well.
        return 1;
    }
    const failed = probe ? checkExpectation(probe, trace) : undefined;
    if (failed) {
        console.error(formatDiagnostic(failed, process.cwd()));
        return 1;
    }
    return 0;
}

/** The options of the ad-hoc form; with a probe name, none of them may be given. */
const AD_HOC_OPTIONS = ['from', 'to', 'tcp', 'udp', 'icmp', 'sport', 'src', 'iif'] as const;

/**
 * The packet the ad-hoc form describes, or what is wrong with its options: each mistake the file form reports as
 * an error (`probe-iif-needs-src`, `name-unresolved`, `port-range`, ...) is bad usage here, never a made-up outcome.
 */
function adHocSpec(values: Record<string, string | boolean | undefined>, model: Model): AdHocPacket | string {
    const from = values.from;
    if (typeof from !== 'string' || typeof values.to !== 'string') {
        return 'the ad-hoc form needs --from NS and --to ADDR';
    }
    const ns = model.namespaces.find(n => n.name === from);
    if (!ns) {
        return `no namespace '${from}' (namespaces: ${model.namespaces.map(n => n.name).join(', ')})`;
    }
    const to = parseIPv4(values.to);
    if (to === undefined) {
        return `--to takes an IPv4 address, not '${values.to}'`;
    }
    const chosen = (['tcp', 'udp', 'icmp'] as const).filter(p => values[p] !== undefined);
    if (chosen.length > 1) {
        return `choose one of --tcp, --udp, --icmp, not ${chosen.map(p => `--${p}`).join(' and ')}`;
    }
    const protocol = chosen[0] ?? 'icmp';
    if (values.sport !== undefined && protocol === 'icmp') {
        return '--sport needs --tcp or --udp (icmp has no ports)';
    }
    let packet: PacketSpec = { protocol: 'icmp' };
    if (protocol !== 'icmp') {
        const dport = port(values[protocol], protocol);
        const sport = values.sport === undefined ? 40000 : port(values.sport, 'sport');
        if (typeof dport === 'string') return dport;
        if (typeof sport === 'string') return sport;
        packet = { protocol, sport, dport };
    }
    const src = typeof values.src === 'string' ? parseIPv4(values.src) : undefined;
    if (typeof values.src === 'string' && src === undefined) {
        return `--src takes an IPv4 address, not '${values.src}'`;
    }
    const iif = typeof values.iif === 'string' ? values.iif : undefined;
    if (iif !== undefined) {
        if (!ns.interfaces.some(i => i.name === iif)) {
            return `${from} has no interface '${iif}' (interfaces: ${ns.interfaces.map(i => i.name).join(', ') || 'none'})`;
        }
        if (src === undefined) {
            return '--iif needs --src: a packet arriving on an interface comes from the wire, so there is no local socket to choose its source address';
        }
    } else if (src === undefined && primaryAddress(ns) === undefined) {
        return `${from} has no address on any interface, so a packet from it has no source address; give --src IP`;
    }
    return { from, to, packet, src, iif };
}

function port(text: string | boolean | undefined, name: string): number | string {
    // Digits only: Number() would also take '', ' 80', '0x50' and '8e1'.
    const n = typeof text === 'string' && /^\d{1,5}$/.test(text) ? Number(text) : 0;
    return n >= 1 && n <= 65535 ? n : `--${name} takes a port 1..65535, not '${String(text)}'`;
}
