/**
 * A generated `.netz` file of `hosts` Docker-like hosts in a chain, each with a bridge and `containers` containers:
 * `hosts * (containers + 1)` namespaces, for the readability and timing checks of the trace view.
 */
export function largeTopologyText(hosts: number, containers: number): string {
    const out: string[] = [];
    for (let h = 0; h < hosts; h++) {
        out.push(`host node${h} {`, '  sysctl net.ipv4.ip_forward = 1', `  bridge br0 { address 10.${h}.0.1/24 }`);
        if (h > 0) {
            out.push(`  nic left { address 172.16.${h - 1}.2/30 }`);
        }
        if (h < hosts - 1) {
            out.push(`  nic right { address 172.16.${h}.1/30 }`);
        }
        for (let c = 0; c < containers; c++) {
            out.push(`  veth v${c} peer n${h}c${c}.eth0 { master br0 }`);
        }
        for (let c = 0; c < containers; c++) {
            out.push(`  netns n${h}c${c} { veth eth0 { address 10.${h}.0.${c + 10}/24 }  route default via 10.${h}.0.1 }`);
        }
        out.push('}');
    }
    for (let h = 0; h < hosts - 1; h++) {
        out.push(`wire node${h}.right -- node${h + 1}.left`);
    }
    return `${out.join('\n')}\n`;
}
