import type { PlaybackStep, TracePlayback } from './trace-playback.js';
import { fileName } from '../model/model-api.js';

/** The trace as a Markdown table of steps, for pasting into an issue or a runbook. */

function cell(text: string): string {
    return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function code(text: string): string {
    return text === '' ? '' : `\`${text.replace(/`/g, 'ʼ')}\``;
}

function detailOf(p: PlaybackStep): string {
    const s = p.step;
    if (p.nat) {
        const changed = p.nat.filter((f) => f.changed).map((f) => `${f.field} ${f.before} → ${f.after}`);
        return `${s.nat?.kind}: ${changed.join(', ') || 'no field changed'}`;
    }
    if (s.kind === 'netfilter' && s.rule) {
        return `${code(`-A ${s.chain} ${s.rule.text}`)}`;
    }
    return s.detail;
}

export function traceMarkdown(playback: TracePlayback): string {
    const out: string[] = [];
    out.push(`### Trace ${playback.title}`, '');
    out.push(`- packet: ${code(playback.packet)}`);
    out.push(`- outcome: **${playback.outcome}**${playback.at.netns ? ` at ${playback.at.netns}` : ''}${playback.at.chain ? ` (${playback.at.table} ${playback.at.chain})` : ''}: ${playback.reason}`);
    if (playback.reply) {
        out.push(`- reply: ${code(playback.reply.packet)}: ${playback.reply.outcome}, ${playback.reply.reason}`);
    }
    if (playback.hiddenSteps > 0) {
        out.push(`- ${playback.hiddenSteps} chain(s) traversed with no matching rule (policy ACCEPT) are not listed`);
    }
    out.push('', '| # | leg | netns | hook | step | detail | source |', '|---:|---|---|---|---|---|---|');
    for (const p of playback.steps) {
        const s = p.step;
        const step = `${p.depth > 0 ? '↳ ' : ''}${p.title}${p.decisive ? ' **(decides)**' : ''}`;
        const source = s.source || s.line !== null ? `${fileName(p.reveal.file)}:${p.reveal.line}` : '';
        out.push(`| ${p.index + 1} | ${p.leg} | ${cell(s.netns)} | ${s.hook ?? ''} | ${cell(step)} | ${cell(detailOf(p))} | ${source} |`);
    }
    return `${out.join('\n')}\n`;
}
