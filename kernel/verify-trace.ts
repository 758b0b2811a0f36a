import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { markerOfComment } from './kernel-names.js';

/**
 * The kernel's own per-rule trace: `xtables-monitor --trace` in each namespace, fed by TRACE rules the runner puts
 * first in raw PREROUTING and OUTPUT (SEMANTICS.md §1.2), parsed into steps that point back to `.netz` lines.
 */

/** The comment on the runner's own TRACE rules; their steps are not the model's and are left out. */
export const TRACE_RULE_COMMENT = 'netz-trace';

/**
 * Traced packets: everything but TCP, and of TCP only SYN and RST segments, i.e. the first packet each way of a probe
 * (the request and the reply the model talks about), not the rest of the connection.
 */
export const TRACE_RULES = ['! -p tcp', '-p tcp --tcp-flags SYN SYN', '-p tcp --tcp-flags RST RST'];

export function traceRulesRestore(): string {
    const lines = ['*raw'];
    for (const chain of ['PREROUTING', 'OUTPUT']) {
        TRACE_RULES.forEach((match, i) => lines.push(`-I ${chain} ${i + 1} ${match} -m comment --comment ${TRACE_RULE_COMMENT} -j TRACE`));
    }
    lines.push('COMMIT', '');
    return lines.join('\n');
}

export interface KernelStep {
    /** Kernel namespace name. */
    netns: string;
    packetId: string;
    table: string;
    chain: string;
    kind: 'rule' | 'policy' | 'return';
    /** As the kernel prints it: ACCEPT, DROP (also for REJECT), CONTINUE, JUMP:CHAIN, GOTO:CHAIN, RETURN. */
    verdict: string;
    /** `netz:LINE` of the rule, when it is one of the model's. */
    marker?: string;
    /** The target named in the printed rule (`REJECT`, `MASQUERADE`, a user chain...). */
    target?: string;
    ruleText?: string;
}

export interface KernelPacket {
    id: string;
    /** The first PACKET line printed for it, without the fields that change per transmission. */
    signature: string;
    flags: string[];
}

export interface ParsedTrace {
    packets: KernelPacket[];
    steps: KernelStep[];
}

const TRACE_LINE = /^\s*TRACE: \d+ ([0-9a-f]+) ([^:\s]+):(\S+?):(rule|policy|return)(?::0x[0-9a-f]+)?:?(\S*)\s*(.*)$/;
const PACKET_LINE = /^PACKET: \d+ ([0-9a-f]+) (.*)$/;
/** A comment match as the monitor prints it: quoted when it holds spaces, bare otherwise. */
const COMMENT = /--comment (?:"((?:[^"\\]|\\.)*)"|(\S+))/g;
/** The arrival time (ms) TraceMonitor puts in front of each line. */
const STAMP = /^@(\d+) /;
/**
 * The kernel retransmits after a second or more; the same packet reappears (new trace id) within milliseconds. The
 * gap only decides when the IP ID cannot (see parseTrace).
 */
const RETRANSMISSION_GAP_MS = 500;
const IP_ID = /(?:^|\s)ID=(\d+)(?:\s|$)/;
const TCP_FLAGS = new Set(['SYN', 'ACK', 'RST', 'FIN', 'PSH', 'URG']);

/**
 * Parses one namespace's monitor output (lines optionally stamped `@ms ` by TraceMonitor). Steps are grouped by
 * packet in the order the packets first appeared (the monitor prints a packet made while another is being processed,
 * an RST sent by REJECT, before the rest of the other's steps). Left out: the runner's own TRACE rules, and a
 * retransmission: the same packet sent again. The same packet also reappears under a new trace id when it changes
 * device (bridge port to bridge, before INPUT), and then it is kept. The two are told apart by the IP ID, which a
 * retransmission gets anew and a forwarded or re-traced packet keeps; only when the ID is 0 (the kernel may leave it
 * so on DF packets) does the arrival time decide, which a loaded machine can blur.
 */
export function parseTrace(netns: string, text: string): ParsedTrace {
    const packets = new Map<string, KernelPacket & { at: number; ipId: number }>();
    const stepsById = new Map<string, KernelStep[]>();
    for (const stamped of text.split('\n')) {
        const stamp = STAMP.exec(stamped);
        const line = stamp ? stamped.slice(stamp[0].length) : stamped;
        const p = PACKET_LINE.exec(line);
        if (p) {
            if (!packets.has(p[1])) {
                const fields = p[2].trim().split(/\s+/);
                packets.set(p[1], {
                    id: p[1],
                    signature: fields.filter((f) => !/^(LEN|TOS|TTL|ID|MACSRC|MACDST|MACPROTO|SEQ|ACK|WINDOW|RES)=/.test(f) && f !== 'DF').join(' '),
                    flags: fields.filter((f) => TCP_FLAGS.has(f)),
                    at: stamp ? Number(stamp[1]) : 0,
                    ipId: Number(IP_ID.exec(p[2])?.[1] ?? 0),
                });
                stepsById.set(p[1], []);
            }
            continue;
        }
        const t = TRACE_LINE.exec(line);
        if (!t) {
            continue;
        }
        const [, id, table, chain, kind, verdict, ruleText] = t;
        const comments = [...ruleText.matchAll(COMMENT)].map((c) => c[1] ?? c[2]);
        if (comments[0] === TRACE_RULE_COMMENT) {
            continue;
        }
        const targets = [...ruleText.matchAll(/ -[jg] (\S+)/g)];
        const step: KernelStep = { netns, packetId: id, table, chain, kind: kind as KernelStep['kind'], verdict };
        if (kind === 'rule') {
            step.ruleText = ruleText.trim();
            // The marker is the rule's first comment; looked for among all of them so the printed order does not matter.
            step.marker = comments.map(markerOfComment).find((m) => m !== undefined);
            step.target = targets.length > 0 ? targets[targets.length - 1][1] : undefined;
        }
        if (!stepsById.has(id)) {
            stepsById.set(id, []);
        }
        stepsById.get(id)!.push(step);
    }
    const firstSeen = new Map<string, { at: number; ipId: number }>();
    const kept: KernelPacket[] = [];
    const steps: KernelStep[] = [];
    for (const [id, list] of stepsById) {
        const packet = packets.get(id) ?? { id, signature: id, flags: [], at: 0, ipId: 0 };
        const first = firstSeen.get(packet.signature);
        if (first !== undefined && isRetransmission(first, packet)) {
            continue;
        }
        if (first === undefined) firstSeen.set(packet.signature, packet);
        kept.push({ id: packet.id, signature: packet.signature, flags: packet.flags });
        steps.push(...list);
    }
    return { packets: kept, steps };
}

function isRetransmission(first: { at: number; ipId: number }, packet: { at: number; ipId: number }): boolean {
    return first.ipId !== 0 && packet.ipId !== 0 ? packet.ipId !== first.ipId : packet.at - first.at > RETRANSMISSION_GAP_MS;
}

/** A running `xtables-monitor --trace` in one namespace, whose output is read probe by probe. */
export class TraceMonitor {
    private buffer = '';
    private readonly child: ChildProcess;

    constructor(readonly netns: string) {
        this.child = spawn('ip', ['netns', 'exec', netns, 'xtables-monitor', '--trace'], { stdio: ['ignore', 'pipe', 'pipe'] });
        this.child.stdout!.on('data', (d: Buffer) => this.take(d.toString()));
        this.child.stderr!.on('data', (d: Buffer) => this.take(d.toString()));
    }

    private partial = '';

    /** Stamps each complete line with its arrival time, which tells a retransmission from the same packet moving on. */
    private take(chunk: string): void {
        const lines = (this.partial + chunk).split('\n');
        this.partial = lines.pop() ?? '';
        const now = Date.now();
        for (const line of lines) this.buffer += `@${now} ${line}\n`;
    }

    /** Forgets what was printed so far (the previous probe's late packets). */
    clear(): void {
        this.buffer = '';
    }

    text(): string {
        return this.buffer;
    }

    stop(): void {
        this.child.kill('SIGKILL');
    }
}
