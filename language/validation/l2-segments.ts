import type { Interface, Model } from '../../model/model-api.js';

/**
 * Groups interfaces into L2 broadcast domains: veth pairs and wires join their ends, a bridge joins its
 * ports, macvlan children share their parent's segment, VXLAN devices of one VNI share a segment, and a
 * VLAN sub-interface starts the segment of (its parent's segment, VLAN ID).
 */
export function l2Segments(model: Model): Map<Interface, number> {
    const all: Interface[] = [];
    const byRef = new Map<string, number>();
    for (const ns of model.namespaces) {
        for (const iface of ns.interfaces) {
            byRef.set(`${ns.name}.${iface.name}`, all.length);
            all.push(iface);
        }
    }
    const parent = all.map((_, index) => index);
    const find = (index: number): number => {
        while (parent[index] !== index) {
            parent[index] = parent[parent[index]];
            index = parent[index];
        }
        return index;
    };
    const union = (a: number | undefined, b: number | undefined) => {
        if (a !== undefined && b !== undefined) {
            parent[find(a)] = find(b);
        }
    };
    for (const link of model.links) {
        union(byRef.get(`${link.a.netns}.${link.a.name}`), byRef.get(`${link.b.netns}.${link.b.name}`));
    }
    const vnis = new Map<number, number>();
    all.forEach((iface, index) => {
        if (iface.master) {
            union(index, byRef.get(`${iface.netns}.${iface.master}`));
        }
        if (iface.macvlan) {
            union(index, byRef.get(`${iface.macvlan.parent.netns}.${iface.macvlan.parent.name}`));
        }
        if (iface.vxlan) {
            const first = vnis.get(iface.vxlan.vni);
            if (first === undefined) {
                vnis.set(iface.vxlan.vni, index);
            } else {
                union(index, first);
            }
        }
    });
    const vlans = new Map<string, number>();
    all.forEach((iface, index) => {
        if (iface.vlan) {
            const parentIndex = byRef.get(`${iface.vlan.parent.netns}.${iface.vlan.parent.name}`);
            const key = `${parentIndex === undefined ? -1 : find(parentIndex)}/${iface.vlan.id}`;
            const first = vlans.get(key);
            if (first === undefined) {
                vlans.set(key, index);
            } else {
                union(index, first);
            }
        }
    });
    return new Map(all.map((iface, index) => [iface, find(index)]));
}
