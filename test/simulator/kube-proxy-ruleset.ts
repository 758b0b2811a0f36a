import { parseIPv4 } from '../../model/model-api.js';
import type { Chain, IPv4, Match, Rule, SourceRef, Table, Target } from '../../model/model-api.js';

/**
 * A kube-proxy-shaped nat table built as model data (no parsing, so the benchmark measures the simulator only):
 * ClusterIP services with E endpoints each, 5 + S·(2 + 3E) rules as kube-proxy's TestNumberIptablesRules counts
 * (SEMANTICS.md §8). Service i has cluster IP 10.96.0.0 + i + 1; endpoint k is 10.244.0.0 + k + 1, port 8080.
 */

const source: SourceRef = { file: 'kube-proxy.v4', line: 1, column: 1, endLine: 1, endColumn: 1 };

function cidr(name: 'source' | 'destination', address: IPv4, prefix: number, negated = false): Match {
    return { module: 'basic', implicit: true, options: [{ name, negated, value: { kind: 'cidr', address, prefix }, text: `-${name[0]} ${address}/${prefix}` }] };
}

const tcp: Match = { module: 'basic', implicit: true, options: [{ name: 'protocol', negated: false, value: { kind: 'protocol', protocol: 6, name: 'tcp' }, text: '-p tcp' }] };
const dport80: Match = { module: 'tcp', implicit: false, options: [{ name: 'dport', negated: false, value: { kind: 'ports', ranges: [{ from: 80, to: 80 }] }, text: '--dport 80' }] };

function jump(chain: string): Target {
    return { name: chain, goto: false, userChain: true, options: [] };
}

export function serviceAddress(i: number): IPv4 {
    return (parseIPv4('10.96.0.0')! + i + 1) >>> 0;
}

export function endpointAddress(k: number): IPv4 {
    return (parseIPv4('10.244.0.0')! + k + 1) >>> 0;
}

export function kubeProxyNatTable(services: number, endpoints: number): { table: Table; rules: number } {
    const chains = new Map<string, Chain>();
    let line = 0;
    const chain = (name: string, builtin: boolean): Chain => {
        const c: Chain = { name, table: 'nat', builtin, policy: builtin ? 'ACCEPT' : undefined, rules: [] };
        chains.set(name, c);
        return c;
    };
    const add = (c: Chain, matches: Match[], target: Target, text: string): void => {
        c.rules.push({ table: 'nat', chain: c.name, position: c.rules.length + 1, text, source: { ...source, line: ++line, endLine: line }, matches, target, unmodelled: [] } satisfies Rule);
    };
    const prerouting = chain('PREROUTING', true);
    const output = chain('OUTPUT', true);
    const postrouting = chain('POSTROUTING', true);
    const kubeServices = chain('KUBE-SERVICES', false);
    const markMasq = chain('KUBE-MARK-MASQ', false);
    chain('INPUT', true);
    add(prerouting, [], jump('KUBE-SERVICES'), '-j KUBE-SERVICES');
    add(output, [], jump('KUBE-SERVICES'), '-j KUBE-SERVICES');
    add(postrouting, [], jump('KUBE-MARK-MASQ'), '-j KUBE-POSTROUTING');
    add(markMasq, [], { name: 'MARK', goto: false, userChain: false, options: [{ name: 'or-mark', value: { kind: 'markMask', value: 0x4000, mask: 0xffffffff }, text: '--or-mark 0x4000' }] }, '-j MARK --or-mark 0x4000');
    const podNet = parseIPv4('10.244.0.0')!;
    for (let i = 0; i < services; i++) {
        const vip = serviceAddress(i);
        const svc = chain(`KUBE-SVC-${i}`, false);
        add(kubeServices, [cidr('destination', vip, 32), tcp, dport80], jump(svc.name), `-d ${vip}/32 -p tcp -m tcp --dport 80 -j ${svc.name}`);
        add(svc, [cidr('source', podNet, 16, true), cidr('destination', vip, 32), tcp, dport80], jump('KUBE-MARK-MASQ'), `! -s 10.244.0.0/16 -d ${vip}/32 -p tcp --dport 80 -j KUBE-MARK-MASQ`);
        for (let e = 0; e < endpoints; e++) {
            const k = i * endpoints + e;
            const sep = chain(`KUBE-SEP-${k}`, false);
            const left = endpoints - e;
            const statistic: Match[] = left > 1 ? [{
                module: 'statistic', implicit: false, options: [
                    { name: 'mode', negated: false, value: { kind: 'string', value: 'random' }, text: '--mode random' },
                    { name: 'probability', negated: false, value: { kind: 'number', value: 1 / left }, text: `--probability ${1 / left}` }
                ]
            }] : [];
            add(svc, statistic, jump(sep.name), `-j ${sep.name}`);
            const ep = endpointAddress(k);
            add(sep, [cidr('source', ep, 32)], jump('KUBE-MARK-MASQ'), `-s ${ep}/32 -j KUBE-MARK-MASQ`);
            add(sep, [tcp], { name: 'DNAT', goto: false, userChain: false, options: [{ name: 'to-destination', value: { kind: 'natRange', from: ep, to: ep, ports: { from: 8080, to: 8080 } }, text: `--to-destination ${ep}:8080` }] }, `-p tcp -j DNAT --to-destination ${ep}:8080`);
        }
    }
    add(kubeServices, [{ module: 'addrtype', implicit: false, options: [{ name: 'dst-type', negated: false, value: { kind: 'words', words: ['LOCAL'] }, text: '--dst-type LOCAL' }] }], jump('KUBE-NODEPORTS'), '-m addrtype --dst-type LOCAL -j KUBE-NODEPORTS');
    chain('KUBE-NODEPORTS', false);
    let rules = 0;
    for (const c of chains.values()) {
        rules += c.rules.length;
    }
    return { table: { name: 'nat', chains }, rules };
}
