import ElkBundled from 'elkjs/lib/elk.bundled.js';
import type { ELK, ELKConstructorArguments, ElkExtendedEdge, ElkNode, ElkPort } from 'elkjs/lib/elk-api.js';
import type { EdgeView, NamespaceView, PortView, TopologyView } from '../../presentation/topology-view.js';

/**
 * Geometry for a TopologyView, computed by ELK's layered algorithm with hosts and namespaces as compound nodes.
 * Everything returned is in absolute diagram coordinates. Text sizes are estimated from a fixed character width so
 * that layout does not depend on fonts being loaded.
 */

export interface Box {
    x: number;
    y: number;
    width: number;
    height: number;
}

export interface PlacedPort extends Box {
    port: PortView;
    /** Which side of its namespace the port sits on, to put its label inside the box. */
    side: 'left' | 'right' | 'top' | 'bottom';
}

export interface PlacedEdge {
    edge: EdgeView;
    points: { x: number; y: number }[];
}

export interface DiagramLayout {
    width: number;
    height: number;
    hosts: { id: string; name: string; box: Box }[];
    namespaces: { ns: NamespaceView; box: Box }[];
    bridges: { id: string; name: string; box: Box }[];
    ports: PlacedPort[];
    edges: PlacedEdge[];
    /** The ids of everything laid out: an update with the same ids keeps this layout. */
    signature: string;
}

export const CHAR_WIDTH = 6.6;
export const LINE_HEIGHT = 14;
const PORT_SIZE = 10;

export function portLabel(p: PortView): string {
    return [p.name, p.addresses[0] ?? ''].filter((s) => s !== '').join(' ');
}

function textWidth(text: string): number {
    return Math.ceil(text.length * CHAR_WIDTH) + 4;
}

function portNode(p: PortView): ElkPort {
    const text = portLabel(p);
    return { id: p.id, width: PORT_SIZE, height: PORT_SIZE, labels: [{ text, width: textWidth(text), height: LINE_HEIGHT }] };
}

function namespaceNode(ns: NamespaceView): ElkNode {
    return {
        id: ns.id,
        labels: [{ text: ns.name, width: textWidth(ns.name) + 16, height: LINE_HEIGHT + 4 }],
        ports: ns.ports.map(portNode),
        children: ns.bridges.map((b) => ({ id: b.id, width: Math.max(56, textWidth(b.name) + 16), height: 28, labels: [{ text: b.name, width: textWidth(b.name), height: LINE_HEIGHT }] })),
        layoutOptions: {
            'elk.nodeSize.constraints': 'PORTS PORT_LABELS NODE_LABELS MINIMUM_SIZE',
            'elk.nodeSize.minimum': '(90, 44)',
            'elk.nodeLabels.placement': 'INSIDE V_TOP H_CENTER',
            'elk.portLabels.placement': 'INSIDE',
            'elk.padding': '[top=26,left=12,bottom=12,right=12]',
            'elk.spacing.portPort': '18'
        }
    };
}

/** The namespace holding an element id (`if:NS/IF`, `br:NS/IF`), to find the edge's container. */
function namespaceOf(id: string): string {
    const slash = id.indexOf('/');
    return `ns:${id.slice(id.indexOf(':') + 1, slash)}`;
}

export function layoutSignature(topology: TopologyView): string {
    const ids = [
        ...topology.hosts.map((h) => `${h.id}[${h.namespaces.join(',')}]`),
        ...topology.namespaces.flatMap((n) => [n.id, ...n.ports.map((p) => `${p.id}=${portLabel(p)}`), ...n.bridges.map((b) => b.id)]),
        ...topology.edges.map((e) => e.id)
    ];
    return ids.join('\n');
}

// The bundled build is CommonJS whose module object is the constructor; NodeNext types it as a namespace.
const ElkConstructor = ElkBundled as unknown as new (args?: ELKConstructorArguments) => ELK;
const elk = new ElkConstructor();

export async function layoutTopology(topology: TopologyView): Promise<DiagramLayout> {
    const nsById = new Map(topology.namespaces.map((n) => [n.id, n]));
    const parentOf = new Map<string, string>();
    const root: ElkNode = {
        id: 'root',
        layoutOptions: {
            'elk.algorithm': 'layered',
            'elk.direction': 'RIGHT',
            'elk.hierarchyHandling': 'SEPARATE_CHILDREN',
            'elk.edgeRouting': 'ORTHOGONAL',
            'elk.layered.spacing.nodeNodeBetweenLayers': '48',
            'elk.spacing.nodeNode': '28',
            'elk.spacing.edgeNode': '16',
            'elk.json.edgeCoords': 'ROOT',
            'elk.json.shapeCoords': 'ROOT',
            'elk.aspectRatio': '1.6',
            // Many regions in a chain: wrap the row of regions into bands instead of one endless row.
            'elk.layered.wrapping.strategy': topology.hosts.length > 4 ? 'MULTI_EDGE' : 'OFF'
        },
        children: [],
        edges: []
    };
    const nodes = new Map<string, ElkNode>([['root', root]]);
    for (const host of topology.hosts) {
        const node: ElkNode = {
            id: host.id, labels: [{ text: host.name, width: textWidth(host.name) + 16, height: LINE_HEIGHT + 4 }], children: [], edges: [],
            layoutOptions: { 'elk.nodeLabels.placement': 'INSIDE V_TOP H_LEFT', 'elk.padding': '[top=28,left=14,bottom=14,right=14]' }
        };
        nodes.set(host.id, node);
        root.children!.push(node);
        parentOf.set(host.id, 'root');
        for (const id of host.namespaces) {
            const ns = nsById.get(id);
            if (ns) {
                const child = namespaceNode(ns);
                node.children!.push(child);
                nodes.set(id, child);
                parentOf.set(id, host.id);
            }
        }
    }
    for (const ns of topology.namespaces) {
        if (!nodes.has(ns.id)) {
            const child = namespaceNode(ns);
            root.children!.push(child);
            nodes.set(ns.id, child);
            parentOf.set(ns.id, 'root');
        }
    }
    const top = (id: string): string => {
        let node = id;
        for (let p = parentOf.get(node); p !== undefined && p !== 'root'; p = parentOf.get(node)) {
            node = p;
        }
        return node;
    };
    const edgeById = new Map<string, EdgeView>();
    const crossing: EdgeView[] = [];
    const proxies = new Set<string>();
    for (const e of topology.edges) {
        const a = namespaceOf(e.from);
        const b = namespaceOf(e.to);
        if (!nodes.has(a) || !nodes.has(b)) {
            continue;
        }
        edgeById.set(e.id, e);
        // Each region is laid out on its own (ELK's cost grows fast with edges that cross regions); an edge between
        // regions is drawn afterwards from port to port, and a proxy edge between the regions orders them.
        const container = e.kind === 'member' ? a : parentOf.get(a) === parentOf.get(b) ? parentOf.get(a)! : undefined;
        if (container !== undefined) {
            const edge: ElkExtendedEdge = { id: e.id, sources: [e.from], targets: [e.to] };
            (nodes.get(container)!.edges ??= []).push(edge);
        } else {
            crossing.push(e);
            const [x, y] = [top(a), top(b)].sort();
            if (x !== y && !proxies.has(`${x}|${y}`)) {
                proxies.add(`${x}|${y}`);
                root.edges!.push({ id: `proxy:${x}|${y}`, sources: [x], targets: [y] });
            }
        }
    }
    // Applies to every region: large files trade crossing minimisation rounds for time.
    const fast = topology.namespaces.length > 40;
    // Declaration order breaks ties, so a small edit of the file moves little of the drawing.
    const stable = { 'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES' };
    const laid = await elk.layout(root, {
        layoutOptions: fast ? { ...stable, 'elk.layered.thoroughness': '1', 'elk.layered.nodePlacement.strategy': 'LINEAR_SEGMENTS', 'elk.layered.crossingMinimization.greedySwitch.type': 'OFF' } : stable
    });
    const result: DiagramLayout = {
        width: laid.width ?? 0, height: laid.height ?? 0, hosts: [], namespaces: [], bridges: [], ports: [], edges: [],
        signature: layoutSignature(topology)
    };
    const box = (n: { x?: number; y?: number; width?: number; height?: number }): Box => ({ x: n.x ?? 0, y: n.y ?? 0, width: n.width ?? 0, height: n.height ?? 0 });
    const portsById = new Map(topology.namespaces.flatMap((n) => n.ports.map((p) => [p.id, p] as const)));
    const visit = (node: ElkNode): void => {
        for (const child of node.children ?? []) {
            const b = box(child);
            const ns = nsById.get(child.id);
            if (child.id.startsWith('host:')) {
                result.hosts.push({ id: child.id, name: child.labels?.[0]?.text ?? child.id, box: b });
            } else if (ns) {
                result.namespaces.push({ ns, box: b });
                for (const port of child.ports ?? []) {
                    const pb = box(port);
                    const view = portsById.get(port.id);
                    if (view) {
                        const side = pb.x + pb.width <= b.x + 1 ? 'left' : pb.x >= b.x + b.width - 1 ? 'right' : pb.y + pb.height <= b.y + 1 ? 'top' : 'bottom';
                        result.ports.push({ ...pb, port: view, side });
                    }
                }
            } else {
                result.bridges.push({ id: child.id, name: child.labels?.[0]?.text ?? child.id, box: b });
            }
            visit(child);
        }
        for (const e of node.edges ?? []) {
            const view = edgeById.get(e.id);
            const section = e.sections?.[0];
            if (view && section) {
                result.edges.push({ edge: view, points: [section.startPoint, ...(section.bendPoints ?? []), section.endPoint] });
            }
        }
    };
    visit(laid);
    const portBoxes = new Map(result.ports.map((p) => [p.port.id, p]));
    for (const e of crossing) {
        const a = portBoxes.get(e.from);
        const b = portBoxes.get(e.to);
        if (a && b) {
            const [ax, ay, bx, by] = [a.x + a.width / 2, a.y + a.height / 2, b.x + b.width / 2, b.y + b.height / 2];
            const mx = (ax + bx) / 2;
            result.edges.push({ edge: e, points: [{ x: ax, y: ay }, { x: mx, y: ay }, { x: mx, y: by }, { x: bx, y: by }] });
        }
    }
    return result;
}
