import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import type { Model, Namespace, Probe } from '../model/model-api.js';
import { formatIPv4 } from '../model/model-api.js';
import { exportScript, farEnds } from './export-script.js';
import { kernelNamespace, stubNamespace } from './kernel-names.js';
import { AGENT_SOURCE } from './traffic-agent.js';
import { classify, indexRules } from './verify-classify.js';
import type { KernelObservation, KernelResult, SenderObservation } from './verify-classify.js';
import { compareWithExpectation, compareWithSimulation, kernelRuleSequence, renderComparison } from './verify-compare.js';
import type { SimulatedTrace } from './verify-compare.js';
import { deltas, snapshot } from './verify-counters.js';
import { cleanStale, deleteNamespaces, environmentProblems, namespacesWithPrefix, pythonCommand, run } from './verify-environment.js';
import { TraceMonitor, parseTrace, traceRulesRestore } from './verify-trace.js';
import type { KernelStep } from './verify-trace.js';

/**
 * `netz verify`: builds a model's topology on this machine with the export script, sends each probe as real traffic,
 * reads what the kernel did, and holds it against the probe's `expect` and the simulator's trace.
 */

export interface VerifyOptions {
    /** Namespace name prefix; by default a fresh one of the `nzv` family (`nzv<pid>-<n>-`). */
    prefix?: string;
    /** How long a probe may take before it counts as silently dropped (ms). A failing ARP takes about 3 s. */
    probeTimeoutMs?: number;
    /** The simulator's trace for a probe; without it only `expect` is checked. */
    simulate?: (probe: Probe) => SimulatedTrace | undefined;
    /** Progress lines (build, probe by probe). */
    log?: (line: string) => void;
}

export type ProbeStatus = 'agree' | 'mismatch' | 'skipped';

export interface ProbeVerdict {
    probe: string;
    status: ProbeStatus;
    kernel?: KernelResult;
    /** Where the kernel and the probe's `expect` disagree, one line each. */
    expectation: string[];
    /** Where the kernel and the simulator disagree (empty without `simulate`). */
    simulation: string[];
    /** The side-by-side report (or why it was skipped). */
    report: string;
}

export interface VerifyReport {
    /** True only when every probe agrees (nothing skipped, nothing failed). */
    ok: boolean;
    /** Set when nothing could run: the machine cannot (not root, tools missing) or the kernel cannot build the topology. */
    notRun?: { kind: 'environment' | 'unsupported' | 'build-failed'; reason: string };
    verdicts: ProbeVerdict[];
    /** The export script that was run (for a person reproducing a result by hand). */
    setup?: string;
}

/** The whole report as a person reads it (`netz verify`'s output): one block per probe, then the verdict. */
export function formatVerifyReport(report: VerifyReport): string {
    if (report.notRun) {
        const what = { environment: 'cannot run here', unsupported: 'this kernel cannot build the topology', 'build-failed': 'building the topology failed' }[report.notRun.kind];
        return `netz verify: ${what}: ${report.notRun.reason}`;
    }
    const counts = (status: ProbeStatus) => report.verdicts.filter((v) => v.status === status).length;
    const summary = `${counts('agree')} agree, ${counts('mismatch')} disagree, ${counts('skipped')} skipped`;
    return [...report.verdicts.map((v) => v.report), report.ok ? `netz verify: every probe agrees (${summary})` : `netz verify: ${summary}`].join('\n');
}

export const PREFIX_FAMILY = 'nzv';
const DEFAULT_PROBE_TIMEOUT_MS = 4500;
const INJECTOR_MAC = '02:6e:65:74:7a:01';
let runCounter = 0;

/** Prefixes of builds in progress, torn down on Ctrl-C. */
const active = new Map<string, string>();

function onSignal(signal: NodeJS.Signals): void {
    for (const teardown of active.values()) {
        spawnSync('bash', ['-c', teardown], { stdio: 'ignore', timeout: 20_000 });
    }
    process.exit(signal === 'SIGINT' ? 130 : 143);
}

export async function verify(model: Model, probes: Probe[], options: VerifyOptions = {}): Promise<VerifyReport> {
    const log = options.log ?? (() => undefined);
    const prefix = options.prefix ?? `${PREFIX_FAMILY}${process.pid}-${runCounter++}-`;
    const problems = await environmentProblems(`${prefix}check`);
    if (problems.length > 0) {
        return { ok: false, notRun: { kind: 'environment', reason: problems.join('; ') }, verdicts: [] };
    }
    const stale = await cleanStale(PREFIX_FAMILY);
    if (stale.length > 0) log(`removed ${stale.length} namespaces left by a crashed run`);
    // A namespace of this very prefix can only be a leftover (an explicit prefix reused after a crash).
    await deleteNamespaces(namespacesWithPrefix(prefix));

    const script = exportScript(model, { prefix, restoreCommand: 'iptables-nft-restore' });
    if (active.size === 0) {
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
    }
    active.set(prefix, script.teardown);
    const build = new Build(model, prefix, options, log);
    try {
        const built = await run('bash', ['-c', script.setup], { timeoutMs: 60_000 });
        if (built.code !== 0) {
            const reason = built.stderr.trim().split('\n').slice(-3).join(' / ') || `setup exited with ${built.code}`;
            const unsupported = /Unknown device type|not supported|No such device|Cannot open|Module .* not found/i.test(built.stderr);
            return { ok: false, notRun: { kind: unsupported ? 'unsupported' : 'build-failed', reason }, verdicts: [], setup: script.setup };
        }
        await build.start();
        const verdicts: ProbeVerdict[] = [];
        for (const probe of probes) {
            const verdict = await build.probe(probe);
            log(verdict.report);
            verdicts.push(verdict);
        }
        return { ok: verdicts.every((v) => v.status === 'agree'), verdicts, setup: script.setup };
    } finally {
        build.stop();
        await run('bash', ['-c', script.teardown], { timeoutMs: 30_000 });
        active.delete(prefix);
        if (active.size === 0) {
            process.off('SIGINT', onSignal);
            process.off('SIGTERM', onSignal);
        }
    }
}

/** One built topology: its monitors, and the per-probe cycle (reset, listen, send, collect, classify, compare). */
class Build {
    private readonly monitors: TraceMonitor[] = [];
    private readonly rules;
    private readonly kernelNames: string[];

    constructor(
        private readonly model: Model,
        private readonly prefix: string,
        private readonly options: VerifyOptions,
        private readonly log: (line: string) => void,
    ) {
        this.rules = indexRules(model);
        this.kernelNames = model.namespaces.map((n) => kernelNamespace(prefix, n.name));
    }

    private modelName(kernelName: string): string {
        return kernelName.slice(this.prefix.length);
    }

    async start(): Promise<void> {
        await this.waitForLinks();
        await this.singleNeighbourSolicitation();
        await Promise.all(this.kernelNames.map(async (ns) => {
            const loaded = await run('ip', ['netns', 'exec', ns, 'iptables-nft-restore', '--noflush'], { input: traceRulesRestore(), timeoutMs: 30_000 });
            if (loaded.code !== 0) throw new Error(`could not add the TRACE rules in ${ns}: ${loaded.stderr.trim()}`);
        }));
        for (const ns of this.kernelNames) this.monitors.push(new TraceMonitor(ns));
        await this.waitForMonitors();
    }

    /**
     * xtables-monitor subscribes asynchronously (slowly on a loaded machine): a datagram to the namespace's own
     * loopback, traced by the first raw OUTPUT rule, shows when each monitor hears its namespace.
     */
    private async waitForMonitors(): Promise<void> {
        const deadline = Date.now() + 30_000;
        let restartAt = Date.now() + 8000;
        for (;;) {
            const deaf = this.monitors.filter((m) => m.text() === '');
            if (deaf.length === 0) break;
            if (Date.now() > deadline) throw new Error(`xtables-monitor --trace printed nothing in ${deaf.map((m) => m.netns).join(', ')}`);
            if (Date.now() > restartAt) {
                // Seen twice on a heavily loaded machine (cause not found): a monitor that never hears its namespace. A fresh one is the cheap retry.
                for (const m of deaf) {
                    m.stop();
                    this.monitors[this.monitors.indexOf(m)] = new TraceMonitor(m.netns);
                }
                restartAt = Date.now() + 8000;
                continue;
            }
            const ping = deaf.map((m) => `ip netns exec '${m.netns}' bash -c 'echo netz > /dev/udp/127.0.0.1/9' 2>/dev/null`).join('\n');
            await run('bash', ['-c', `${ping}\ntrue`], { timeoutMs: 10_000 });
            await sleep(200);
        }
        for (const m of this.monitors) m.clear();
    }

    stop(): void {
        for (const m of this.monitors) m.stop();
    }

    /**
     * The kernel asks for an unresolved neighbour three times, a second apart (mcast_solicit), and each request is
     * traced again. The simulator follows one request; the trace parser drops a repeat by its arrival time, which a
     * loaded machine can bunch up. So the namespaces of this build ask once, on every device and for later ones.
     */
    private async singleNeighbourSolicitation(): Promise<void> {
        const script = this.kernelNames
            .map((ns) => `ip netns exec '${ns}' bash -c 'for f in /proc/sys/net/ipv4/neigh/*/mcast_solicit; do echo 1 > "$f" || exit 1; done'`)
            .join(' && ');
        const done = await run('bash', ['-c', script], { timeoutMs: 20_000 });
        if (done.code !== 0) throw new Error(`could not set mcast_solicit in the build's namespaces: ${done.stderr.trim()}`);
    }

    /**
     * The kernel applies link state through linkwatch, at most once a second, and bridge ports pass through
     * listening/learning even without STP (SEMANTICS.md §11): wait until every link with carrier is up and forwarding.
     */
    private async waitForLinks(): Promise<void> {
        const deadline = Date.now() + 8000;
        while (Date.now() < deadline) {
            const states = await run('bash', ['-c', this.kernelNames.map((ns) => `ip -n '${ns}' -d -j link show`).join('; ')], { timeoutMs: 10_000 });
            const settling = states.stdout
                .split('\n')
                .filter((l) => l.startsWith('['))
                .flatMap((l) => JSON.parse(l) as LinkJson[])
                .filter((link) => {
                    const carrier = link.flags.includes('LOWER_UP') && link.flags.includes('UP');
                    const port = link.linkinfo?.info_slave_kind === 'bridge' ? link.linkinfo.info_slave_data?.state : undefined;
                    return carrier && ((link.operstate === 'DOWN') || (port !== undefined && port !== 'forwarding' && port !== 'disabled'));
                });
            if (settling.length === 0) return;
            await sleep(200);
        }
        this.log('links still settling after 8 s; probing anyway');
    }

    async probe(probe: Probe): Promise<ProbeVerdict> {
        const timeout = this.options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
        const notSupported = this.unsupported(probe);
        if (notSupported !== undefined) {
            return { probe: probe.name, status: 'skipped', expectation: [], simulation: [], report: `${probe.name}: skipped: ${notSupported}` };
        }
        await this.reset();
        const [listeners, before] = await Promise.all([this.startListeners(probe), snapshot(this.kernelNames)]);
        try {
            for (const m of this.monitors) m.clear();
            const sender = await this.send(probe, timeout);
            // Late steps of the reply (and the monitors' output) settle within a few hundred milliseconds.
            await sleep(250);
            const after = await snapshot(this.kernelNames);
            const steps = new Map<string, KernelStep[]>();
            for (const m of this.monitors) {
                const parsed = parseTrace(m.netns, m.text());
                // After a completed TCP handshake the only RST is our own close; it is not part of the probe.
                const closing = new Set(sender.reply !== undefined ? parsed.packets.filter((p) => p.flags.includes('RST')).map((p) => p.id) : []);
                steps.set(this.modelName(m.netns), parsed.steps.filter((s) => !closing.has(s.packetId)));
            }
            const deliveredIn = new Set<string>();
            for (const l of listeners) {
                if (l.arrivals > 0) deliveredIn.add(l.netns);
            }
            const moved = deltas(before, after);
            for (const ns of this.model.namespaces) {
                const k = kernelNamespace(this.prefix, ns.name);
                if (probe.packet.protocol === 'icmp' && (moved.get(k)?.get('IcmpInEchos') ?? 0) > 0) deliveredIn.add(ns.name);
                const ports = listeners.find((l) => l.netns === ns.name)?.tcp ?? [];
                if (probe.packet.protocol === 'tcp' && after.get(k)?.synReceivedPorts.some((p) => ports.includes(p))) deliveredIn.add(ns.name);
                // A SYN that reached a listener whose answer cannot even be routed leaves no half-open connection, only this.
                if (probe.packet.protocol === 'tcp' && (moved.get(k)?.get('TcpExtListenDrops') ?? 0) > 0) deliveredIn.add(ns.name);
                // A half-open connection that the sender's reset removed before the snapshot (a reply its socket refused).
                if (probe.packet.protocol === 'tcp' && (moved.get(k)?.get('TcpExtEmbryonicRsts') ?? 0) > 0) deliveredIn.add(ns.name);
            }
            const counters = new Map([...moved].map(([k, v]) => [this.modelName(k), v]));
            const observation: KernelObservation = { sender, deliveredIn: [...deliveredIn], counters, steps };
            return this.judge(probe, observation);
        } finally {
            for (const l of listeners) l.child.kill('SIGKILL');
        }
    }

    private unsupported(probe: Probe): string | undefined {
        if (probe.iif === undefined) return undefined;
        const iface = this.namespace(probe.from)?.interfaces.find((i) => i.name === probe.iif);
        if (!iface || !farEnds(this.model, this.prefix).has(`${probe.from}/${probe.iif}`)) {
            return `iif ${probe.iif}: verify injects only through interfaces with a far end (veth, wired or unwired nic/tap)`;
        }
        if (probe.src === undefined) return 'iif probes need a src address';
        return undefined;
    }

    private namespace(name: string): Namespace | undefined {
        return this.model.namespaces.find((n) => n.name === name);
    }

    /** Conntrack entries and neighbour caches of the previous probe would change this one's fate (SEMANTICS.md §11). */
    private async reset(): Promise<void> {
        const all = [...this.kernelNames, stubNamespace(this.prefix)];
        const script = all.map((ns) => `[ -e '/run/netns/${ns}' ] && { ip netns exec '${ns}' conntrack -F >/dev/null 2>&1; ip -n '${ns}' neigh flush all; } &`).join('\n');
        await run('bash', ['-c', `${script}\nwait`], { timeoutMs: 20_000 });
    }

    /**
     * A listener in every namespace: on the ports its `listen` statements name, or, where it has none (it accepts on
     * every port), on the probe's port and every port a NAT rule of the model can send traffic to.
     */
    private async startListeners(probe: Probe): Promise<Listener[]> {
        if (probe.packet.protocol === 'icmp') return [];
        const proto = probe.packet.protocol;
        const natPorts = this.natPorts();
        const listeners = await Promise.all(
            this.model.namespaces.map(async (ns) => {
                const ports = ns.listens.length > 0
                    ? ns.listens.filter((l) => l.protocol === proto).map((l) => l.port)
                    : [...new Set([dportOf(probe), ...natPorts])];
                const tcp = proto === 'tcp' ? ports : [];
                const udp = proto === 'udp' ? ports : [];
                const child = spawn('ip', ['netns', 'exec', kernelNamespace(this.prefix, ns.name), pythonCommand(), '-c', AGENT_SOURCE, 'listen', JSON.stringify({ tcp, udp, lifetime: 600 })], {
                    stdio: ['ignore', 'pipe', 'pipe'],
                });
                const listener: Listener = { netns: ns.name, child, tcp, arrivals: 0 };
                await new Promise<void>((resolve) => {
                    const timer = setTimeout(resolve, 5000);
                    let buffer = '';
                    child.stdout!.on('data', (d: Buffer) => {
                        buffer += d.toString();
                        let nl: number;
                        while ((nl = buffer.indexOf('\n')) >= 0) {
                            const line = buffer.slice(0, nl);
                            buffer = buffer.slice(nl + 1);
                            if (line.includes('"ready"')) {
                                clearTimeout(timer);
                                resolve();
                            } else if (line.trim() !== '') {
                                listener.arrivals++;
                            }
                        }
                    });
                    child.on('close', () => resolve());
                });
                return listener;
            }),
        );
        return listeners;
    }

    private natPorts(): number[] {
        const ports = new Set<number>();
        for (const ns of this.model.namespaces) {
            for (const table of ns.ruleset.tables.values()) {
                for (const chain of table.chains.values()) {
                    for (const rule of chain.rules) {
                        for (const o of rule.target?.options ?? []) {
                            if (o.value.kind === 'natRange' && o.value.ports) ports.add(o.value.ports.from);
                            if (o.value.kind === 'ports' && o.value.ranges.length > 0) ports.add(o.value.ranges[0].from);
                        }
                    }
                }
            }
        }
        return [...ports];
    }

    private async send(probe: Probe, timeout: number): Promise<SenderObservation> {
        const base = {
            proto: probe.packet.protocol,
            dst: formatIPv4(probe.to),
            sport: probe.packet.sport ?? 40000,
            dport: dportOf(probe),
            timeout: timeout / 1000,
        };
        let netns: string;
        let args: unknown;
        let mode: string;
        if (probe.iif !== undefined) {
            const end = farEnds(this.model, this.prefix).get(`${probe.from}/${probe.iif}`)!;
            const ns = this.namespace(probe.from)!;
            const iface = ns.interfaces.find((i) => i.name === probe.iif)!;
            // The frame is addressed to the device that will handle it at layer 3: the bridge when the interface is a port.
            const l3 = iface.master !== undefined ? ns.interfaces.find((i) => i.name === iface.master) ?? iface : iface;
            netns = end.netns;
            mode = 'inject';
            args = { ...base, src: formatIPv4(probe.src!), ifname: end.name, srcMac: INJECTOR_MAC, dstMac: l3.mac };
        } else {
            netns = kernelNamespace(this.prefix, probe.from);
            mode = 'send';
            args = probe.src !== undefined ? { ...base, src: formatIPv4(probe.src) } : base;
        }
        const result = await run('ip', ['netns', 'exec', netns, pythonCommand(), '-c', AGENT_SOURCE, mode, JSON.stringify(args)], { timeoutMs: timeout + 5000 });
        const line = result.stdout.trim().split('\n').pop() ?? '';
        try {
            return JSON.parse(line) as SenderObservation;
        } catch {
            throw new Error(`the probe sender in ${netns} failed: ${result.stderr.trim() || `exit ${result.code}`}`);
        }
    }

    private judge(probe: Probe, observation: KernelObservation): ProbeVerdict {
        const kernel = classify(this.model, probe, observation, this.rules);
        const sequence = kernelRuleSequence(observation.steps, this.rules);
        const expectation = compareWithExpectation(probe, kernel);
        let simulation: string[] = [];
        let sim: SimulatedTrace | undefined;
        try {
            sim = this.options.simulate?.(probe);
            if (sim) simulation = compareWithSimulation(kernel, sequence, sim);
        } catch (e) {
            simulation = [`the simulator failed: ${(e as Error).message}`];
        }
        const differences = [...expectation, ...simulation];
        return {
            probe: probe.name,
            status: differences.length === 0 ? 'agree' : 'mismatch',
            kernel,
            expectation,
            simulation,
            report: renderComparison(probe, kernel, sequence, differences, sim),
        };
    }
}

interface Listener {
    netns: string;
    child: ChildProcess;
    tcp: number[];
    arrivals: number;
}

interface LinkJson {
    ifname: string;
    flags: string[];
    operstate: string;
    linkinfo?: { info_slave_kind?: string; info_slave_data?: { state?: string } };
}

function dportOf(probe: Probe): number {
    return probe.packet.dport ?? (probe.packet.protocol === 'udp' ? 53 : 80);
}

function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
}
