import type { TopologyView } from '../../presentation/topology-view.js';

/** A TopologyView as reviewable text (one element a line), for the expected files of the data-driven cases. */
export function topologySummary(view: TopologyView): string {
    const lines: string[] = [];
    for (const h of view.hosts) {
        lines.push(`${h.id} [${h.namespaces.join(' ')}]`);
    }
    for (const n of view.namespaces) {
        lines.push(`${n.id} ${n.kind}${n.host ? ` in ${n.host}` : ''}${n.ipForward ? ' forwarding' : ''} line ${n.source.line}`);
        for (const p of n.ports) {
            const facts = [p.kind, ...p.addresses, p.up ? 'up' : 'down', `mtu ${p.mtu}`, p.master && `master ${p.master}`, p.parent && `parent ${p.parent}`, p.detail && `(${p.detail})`];
            lines.push(`  ${p.id} ${facts.filter(Boolean).join(' ')} line ${p.source.line}`);
        }
        for (const b of n.bridges) {
            lines.push(`  ${b.id} port ${b.port} stp ${b.stp ? 'on' : 'off'} members ${b.members.join(' ') || '-'}`);
        }
    }
    for (const e of view.edges) {
        lines.push(`${e.id}${e.dashed ? ' dashed' : ''}${e.label ? ` "${e.label}"` : ''}${e.underlay?.length ? ` over ${e.underlay.join(' ')}` : ''}`);
    }
    return `${lines.join('\n')}\n`;
}
