/**
 * Generates iptables-save text shaped like kube-proxy's nat and filter tables (ClusterIP services with endpoints,
 * SEMANTICS.md §8), for the parser's speed test. Addresses stay in private ranges.
 */
export function kubeProxyRuleset(services: number, endpoints: number): string {
    const lines: string[] = ['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]',
        ':KUBE-SERVICES - [0:0]', ':KUBE-FORWARD - [0:0]',
        '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
        '-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD',
        '-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP',
        '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT',
        'COMMIT', '*nat', ':PREROUTING ACCEPT [0:0]', ':INPUT ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ':POSTROUTING ACCEPT [0:0]',
        ':KUBE-SERVICES - [0:0]', ':KUBE-POSTROUTING - [0:0]', ':KUBE-MARK-MASQ - [0:0]'];
    const chains: string[] = [];
    const rules: string[] = [];
    for (let s = 0; s < services; s++) {
        const svc = `KUBE-SVC-${s.toString(36).toUpperCase().padStart(16, 'X')}`;
        const ip = `10.${96 + (s >> 16)}.${(s >> 8) & 255}.${s & 255}`;
        chains.push(`:${svc} - [0:0]`);
        rules.push(`-A KUBE-SERVICES -d ${ip}/32 -p tcp -m comment --comment "ns${s}/svc${s}:http cluster IP" -m tcp --dport 80 -j ${svc}`);
        rules.push(`-A ${svc} ! -s 10.244.0.0/16 -d ${ip}/32 -p tcp -m comment --comment "ns${s}/svc${s}:http cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ`);
        for (let e = 0; e < endpoints; e++) {
            const sep = `KUBE-SEP-${(s * endpoints + e).toString(36).toUpperCase().padStart(16, 'Y')}`;
            const pod = `10.${244 + (e & 7)}.${(s >> 8) & 255}.${s & 255}`;
            chains.push(`:${sep} - [0:0]`);
            const last = e === endpoints - 1;
            rules.push(last
                ? `-A ${svc} -m comment --comment "ns${s}/svc${s}:http -> ${pod}:8080" -j ${sep}`
                : `-A ${svc} -m comment --comment "ns${s}/svc${s}:http -> ${pod}:8080" -m statistic --mode random --probability 0.${String(Math.round(1e10 / (endpoints - e))).padStart(10, '0')} -j ${sep}`);
            rules.push(`-A ${sep} -s ${pod}/32 -m comment --comment "ns${s}/svc${s}:http" -j KUBE-MARK-MASQ`);
            rules.push(`-A ${sep} -p tcp -m comment --comment "ns${s}/svc${s}:http" -m tcp -j DNAT --to-destination ${pod}:8080`);
        }
    }
    lines.push(...chains,
        '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
        '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
        '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
        '-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000',
        '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
        '-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000',
        '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
        ...rules, 'COMMIT', '');
    return lines.join('\n');
}
