import type { TableName } from './ruleset-types.js';

/**
 * Where each iptables table runs (SEMANTICS.md §1.1, §1.4): its built-in chains and their priority at each hook.
 * Facts of the kernel and of iptables' two backends, shared by the registry, the simulator and the documentation.
 */

export type Hook = 'PREROUTING' | 'INPUT' | 'FORWARD' | 'OUTPUT' | 'POSTROUTING';
export type Backend = 'nft' | 'legacy';

export const HOOKS: readonly Hook[] = ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'];

/** The built-in chains of each table, in traversal order; each is attached to the hook of the same name. */
export const TABLE_CHAINS: ReadonlyMap<TableName, readonly Hook[]> = new Map<TableName, readonly Hook[]>([
    ['raw', ['PREROUTING', 'OUTPUT']],
    ['mangle', ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING']],
    ['nat', ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING']],
    ['filter', ['INPUT', 'FORWARD', 'OUTPUT']],
    ['security', ['INPUT', 'FORWARD', 'OUTPUT']]
]);

/** Conntrack's lookup (PREROUTING, OUTPUT) sits between raw and mangle. */
export const CONNTRACK_PRIORITY = -200;

/** nat is destination NAT (-100) where the route is still to be chosen, source NAT (100) after it; iptables-nft puts security at 150, legacy at 50. */
export function tablePriority(table: TableName, hook: Hook, backend: Backend): number {
    switch (table) {
        case 'raw': return -300;
        case 'mangle': return -150;
        case 'nat': return hook === 'PREROUTING' || hook === 'OUTPUT' ? -100 : 100;
        case 'filter': return 0;
        case 'security': return backend === 'legacy' ? 50 : 150;
    }
}

/** The tables that have a built-in chain at `hook`, in the order the kernel runs them. */
export function tablesAtHook(hook: Hook, backend: Backend): { table: TableName; priority: number }[] {
    return [...TABLE_CHAINS]
        .filter(([, chains]) => chains.includes(hook))
        .map(([table]) => ({ table, priority: tablePriority(table, hook, backend) }))
        .sort((a, b) => a.priority - b.priority);
}
