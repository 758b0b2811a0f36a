import type { Trace, TraceAt, TracePacket, TraceStep } from './trace-types.js';
import { fileName } from '../model/model-api.js';

/**
 * The text form of a Trace: one step per line, netfilter steps as the kernel's TRACE prints them
 * (`table:chain:rule N:VERDICT` followed by the rule), routing and L2 lines in words, ARP's frames indented under it.
 */

function packetText(p: TracePacket): string {
    const ports = p.proto === 'icmp' ? ` type ${p.icmpType ?? 0} code ${p.icmpCode ?? 0}` : '';
    const src = p.proto === 'icmp' ? p.src : `${p.src}:${p.sport}`;
    const dst = p.proto === 'icmp' ? p.dst : `${p.dst}:${p.dport}`;
    const flags = p.tcpFlags ? ` [${p.tcpFlags}]` : '';
    const mark = p.mark ? ` MARK=0x${p.mark.toString(16)}` : '';
    return `${p.proto} ${src} > ${dst}${ports}${flags} TTL=${p.ttl}${mark}`;
}

function percent(p: number): string {
    return `${Math.round(p * 10000) / 100}%`;
}

/** The kernel's `table:chain:rule N:VERDICT` head of a netfilter step. */
function netfilterHead(s: TraceStep): string {
    if (s.policy) {
        return `${s.table}:${s.chain}:policy:${s.verdict}`;
    }
    if (s.rule) {
        return `${s.table}:${s.chain}:rule ${s.rule.position}:${s.verdict}${s.target ? ` ${s.target}` : ''}`;
    }
    if (s.verdict === 'RETURN') {
        return `${s.table}:${s.chain}:return: ${s.detail}`;
    }
    return `${s.table}:${s.chain}: ${s.detail}`;
}

function stepLines(s: TraceStep, indent: string, netfilterOnly: boolean): string[] {
    const lines: string[] = [];
    const where = `${indent}[${s.netns}]`;
    if (s.kind === 'netfilter') {
        let line = `${where} ${netfilterHead(s)}`;
        if (s.rule) {
            line += `  -A ${s.chain} ${s.rule.text}  (${s.file ? `${s.file}:` : 'line '}${s.line})`;
        }
        if (s.alternatives) {
            const others = s.alternatives.branches.slice(1).map((b) => `rule ${b.position} -> ${b.target} ${percent(b.probability)}`);
            line += `  [taken with probability ${percent(s.alternatives.probability)}${others.length ? `; otherwise ${others.join(', ')}` : ''}]`;
        }
        if (s.packet && !netfilterOnly) {
            line += `  => ${packetText(s.packet)}`;
        }
        lines.push(line);
        for (const note of s.unmodelled ?? []) {
            lines.push(`${indent}    note: ${note}`);
        }
    } else if (!netfilterOnly) {
        lines.push(`${where} ${s.kind}: ${s.detail}`);
    }
    for (const sub of s.arp?.steps ?? []) {
        lines.push(...stepLines(sub, `${indent}    `, netfilterOnly));
    }
    return lines;
}

function atText(t: { outcome: string; at: TraceAt }): string {
    // A rule of an `iptables from` file is at a line of that file, not of the .netz file.
    const line = t.at.line === null ? ', policy' : `, ${t.at.file === undefined ? 'line' : `${fileName(t.at.file)} line`} ${t.at.line}`;
    const chain = t.at.table ? ` (${t.at.table} ${t.at.chain}${line})` : '';
    return `${t.outcome}${t.at.netns ? ` at ${t.at.netns}` : ''}${chain}`;
}

function render(trace: Trace, netfilterOnly: boolean): string {
    const lines = [`probe ${trace.probe ?? '(ad hoc)'}: ${packetText(trace.packet)}`];
    for (const s of trace.steps) {
        lines.push(...stepLines(s, '  ', netfilterOnly));
    }
    lines.push(`=> ${atText(trace)}: ${trace.reason}`);
    if (trace.reply) {
        lines.push(`reply: ${packetText(trace.reply.packet)}`);
        for (const s of trace.reply.steps) {
            lines.push(...stepLines(s, '  ', netfilterOnly));
        }
        lines.push(`=> reply ${atText(trace.reply)}: ${trace.reply.reason}`);
    }
    return lines.join('\n') + '\n';
}

export function formatTraceText(trace: Trace): string {
    return render(trace, false);
}

/** Only the netfilter steps (with ARP's nested ones) and the outcomes: the golden form of the scenario suite. */
export function formatNetfilterSteps(trace: Trace): string {
    return render(trace, true);
}
