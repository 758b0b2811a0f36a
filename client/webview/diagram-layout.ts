import ElkBundled from 'elkjs/lib/elk.bundled.js';
import type { ELK, ELKConstructorArguments, ElkExtendedEdge, ElkNode, ElkPort, LayoutOptions } from 'elkjs/lib/elk-api.js';
import type { EdgeView, HostView, NamespaceView, PortView, TopologyView } from '../../presentation/topology-view.js';

/**
 * Geometry for a TopologyView. Each region (a host with its namespaces, or all the standalone namespaces together)
 * is laid out on its own and cached by its content, so a re-show or an edit lays out again only the regions it
 * changed. Small files are laid out by ELK's layered algorithm; large ones by a linear column layout, since ELK takes
 * seconds there. The regions are then placed in rows, and edges between regions drawn from port to port. Everything
 * returned is in absolute diagram coordinates. Text sizes are estimated from a fixed character width so that layout
 * does not depend on fonts being loaded.
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
const HOST_PADDING = { top: 28, left: 14, bottom: 14, right: 14 };

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

/** The namespace holding an element id (`if:NS/IF`, `br:NS/IF`), to find the edge's region and container. */
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

/** A host with its namespaces, or (no host) the standalone namespaces; its edges are those with both ends inside. */
interface Region {
    host?: HostView;
    namespaces: NamespaceView[];
    edges: EdgeView[];
}

/** A region's geometry relative to its own top-left corner. */
interface RegionLayout {
    width: number;
    height: number;
    hosts: DiagramLayout['hosts'];
    namespaces: DiagramLayout['namespaces'];
    bridges: DiagramLayout['bridges'];
    ports: PlacedPort[];
    edges: PlacedEdge[];
}

/** Everything a region's geometry depends on: names and label texts size the boxes, edge ids name their ends. */
function regionKey(region: Region): string {
    return JSON.stringify([
        region.host ? [region.host.id, region.host.name] : null,
        region.namespaces.map((n) => [n.id, n.name, n.ports.map((p) => [p.id, portLabel(p)]), n.bridges.map((b) => [b.id, b.name])]),
        region.edges.map((e) => [e.id, e.kind, e.from, e.to])
    ]);
}

/**
 * Region layouts of the last call, by key. Only the last call's regions are kept, so memory follows the file on
 * screen and a re-show or an edit of one host finds the other hosts here.
 */
let regionCache = new Map<string, Promise<RegionLayout>>();

const ROUTING: LayoutOptions = {
    'elk.algorithm': 'layered',
    'elk.direction': 'RIGHT',
    'elk.hierarchyHandling': 'SEPARATE_CHILDREN',
    'elk.edgeRouting': 'ORTHOGONAL',
    'elk.layered.spacing.nodeNodeBetweenLayers': '48',
    'elk.spacing.nodeNode': '28',
    'elk.spacing.edgeNode': '16',
    'elk.json.edgeCoords': 'ROOT',
    'elk.json.shapeCoords': 'ROOT'
};

async function layoutRegionElk(region: Region): Promise<RegionLayout> {
    const nodes = new Map<string, ElkNode>();
    // A host is the ELK root itself (its padding leaves room for its label); standalone namespaces sit in a bare root.
    const root: ElkNode = {
        id: region.host?.id ?? 'standalone',
        layoutOptions: { ...ROUTING, 'elk.padding': region.host ? `[top=${HOST_PADDING.top},left=${HOST_PADDING.left},bottom=${HOST_PADDING.bottom},right=${HOST_PADDING.right}]` : '[top=0,left=0,bottom=0,right=0]' },
        children: region.namespaces.map((ns) => {
            const node = namespaceNode(ns);
            nodes.set(ns.id, node);
            return node;
        }),
        edges: []
    };
    for (const e of region.edges) {
        const edge: ElkExtendedEdge = { id: e.id, sources: [e.from], targets: [e.to] };
        // A bridge's member edges stay inside its namespace; every other edge runs between the region's namespaces.
        const container = e.kind === 'member' && namespaceOf(e.from) === namespaceOf(e.to) ? nodes.get(namespaceOf(e.from))! : root;
        (container.edges ??= []).push(edge);
    }
    // Declaration order breaks ties (in every compound node), so a small edit of the file moves little of the drawing.
    const laid = await elk.layout(root, { layoutOptions: { 'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES' } });
    const hostLabel = region.host ? textWidth(region.host.name) + 16 + HOST_PADDING.left : 0;
    const result: RegionLayout = { width: Math.max(laid.width ?? 0, hostLabel), height: laid.height ?? 0, hosts: [], namespaces: [], bridges: [], ports: [], edges: [] };
    if (region.host) {
        result.hosts.push({ id: region.host.id, name: region.host.name, box: { x: 0, y: 0, width: result.width, height: result.height } });
    }
    const box = (n: { x?: number; y?: number; width?: number; height?: number }): Box => ({ x: n.x ?? 0, y: n.y ?? 0, width: n.width ?? 0, height: n.height ?? 0 });
    const nsById = new Map(region.namespaces.map((n) => [n.id, n]));
    const portsById = new Map(region.namespaces.flatMap((n) => n.ports.map((p) => [p.id, p] as const)));
    const edgeById = new Map(region.edges.map((e) => [e.id, e]));
    const edgesOf = (node: ElkNode): void => {
        for (const e of node.edges ?? []) {
            const view = edgeById.get(e.id);
            const section = e.sections?.[0];
            if (view && section) {
                result.edges.push({ edge: view, points: [section.startPoint, ...(section.bendPoints ?? []), section.endPoint] });
            }
        }
    };
    for (const child of laid.children ?? []) {
        const b = box(child);
        result.namespaces.push({ ns: nsById.get(child.id)!, box: b });
        for (const port of child.ports ?? []) {
            const pb = box(port);
            const side = pb.x + pb.width <= b.x + 1 ? 'left' : pb.x >= b.x + b.width - 1 ? 'right' : pb.y + pb.height <= b.y + 1 ? 'top' : 'bottom';
            result.ports.push({ ...pb, port: portsById.get(port.id)!, side });
        }
        for (const bridge of child.children ?? []) {
            result.bridges.push({ id: bridge.id, name: bridge.labels?.[0]?.text ?? bridge.id, box: box(bridge) });
        }
        edgesOf(child);
    }
    edgesOf(laid);
    return result;
}


const COLUMN_GAP = 48;
const REGION_GAP = 48;
/** Namespaces in a file up to which ELK lays it out. */
const ELK_LIMIT = 40;
const NODE_GAP = 28;
const PORT_PITCH = 18;
const NS_TOP = 26;
const NS_SIDE = 12;

/**
 * The layout of large files: ELK's layered algorithm costs seconds there (hundreds of ports, each a node of its
 * graph), so each region is laid out here in one linear pass. A breadth-first walk from the region's first
 * namespace (the host's root namespace) gives each namespace a column, the first one's neighbours split to its left
 * and right; ports face the column of what they connect to and are ordered like it, so most links run straight
 * across the gap between two columns, each on its own vertical track.
 */
function layoutRegionColumns(region: Region): RegionLayout {
    const pad = region.host ? HOST_PADDING : { top: 0, left: 0, bottom: 0, right: 0 };
    const count = region.namespaces.length;
    const index = new Map(region.namespaces.map((n, i) => [n.id, i]));
    const neighbours: number[][] = region.namespaces.map(() => []);
    const linksOfPort = new Map<string, number[]>();
    for (const e of region.edges) {
        const a = index.get(namespaceOf(e.from))!;
        const b = index.get(namespaceOf(e.to))!;
        if (a !== b) {
            neighbours[a].push(b);
            neighbours[b].push(a);
            (linksOfPort.get(e.from) ?? linksOfPort.set(e.from, []).get(e.from)!).push(b);
            (linksOfPort.get(e.to) ?? linksOfPort.set(e.to, []).get(e.to)!).push(a);
        }
    }
    const column = new Array<number>(count).fill(Number.NaN);
    const order: number[] = [];
    for (let start = 0; start < count; start++) {
        if (!Number.isNaN(column[start])) {
            continue;
        }
        column[start] = 0;
        order.push(start);
        for (let head = order.length - 1; head < order.length; head++) {
            const at = order[head];
            const fresh = [...new Set(neighbours[at])].filter((n) => Number.isNaN(column[n]));
            fresh.forEach((n, i) => {
                // The walk's root spreads its neighbours over both sides; further out, columns go away from it.
                column[n] = column[at] === 0 ? (i < Math.floor(fresh.length / 2) ? -1 : 1) : column[at] + Math.sign(column[at]);
                order.push(n);
            });
        }
    }
    const first = Math.min(...column);
    const columns: number[][] = [];
    for (const i of order) {
        (columns[column[i] - first] ??= []).push(i);
    }
    const row = new Array<number>(count);
    columns.forEach((c) => c.forEach((i, r) => (row[i] = r)));
    // Ports face what they link to, ordered by its place; the others fill the emptier side in declaration order.
    const sides = region.namespaces.map((ns, i) => {
        const left: { port: PortView; rank: number }[] = [];
        const right: { port: PortView; rank: number }[] = [];
        const free: PortView[] = [];
        for (const port of ns.ports) {
            const other = linksOfPort.get(port.id)?.[0];
            if (other === undefined) {
                free.push(port);
            } else {
                (column[other] < column[i] ? left : right).push({ port, rank: column[other] * count + row[other] });
            }
        }
        for (const port of free) {
            (left.length < right.length ? left : right).push({ port, rank: Number.MAX_SAFE_INTEGER });
        }
        const sorted = (ports: typeof left): PortView[] => ports.map((p, k) => ({ ...p, k })).sort((a, b) => a.rank - b.rank || a.k - b.k).map((p) => p.port);
        return { left: sorted(left), right: sorted(right) };
    });
    const labelWidth = (ports: PortView[]): number => Math.max(0, ...ports.map((p) => textWidth(portLabel(p))));
    const sizes = region.namespaces.map((ns, i) => {
        const { left, right } = sides[i];
        const bridgeWidth = Math.max(0, ...ns.bridges.map((b) => Math.max(56, textWidth(b.name) + 16)));
        const bridgesHeight = ns.bridges.length * 38;
        return {
            labels: [labelWidth(left), labelWidth(right)],
            width: Math.max(90, textWidth(ns.name) + 16 + 2 * NS_SIDE, 2 * NS_SIDE + labelWidth(left) + labelWidth(right) + (bridgeWidth > 0 ? bridgeWidth + 32 : 16)),
            height: Math.max(44, NS_TOP + Math.max(left.length, right.length) * PORT_PITCH + 8, NS_TOP + bridgesHeight + 12)
        };
    });
    // Each gap between columns is wide enough for one vertical track per link crossing it.
    const tracks = columns.map(() => 0);
    for (const e of region.edges) {
        const [a, b] = [index.get(namespaceOf(e.from))!, index.get(namespaceOf(e.to))!];
        if (column[a] !== column[b]) {
            tracks[Math.min(column[a], column[b]) - first]++;
        }
    }
    const gaps = tracks.map((t) => Math.max(COLUMN_GAP, 6 * (t + 1)));
    const columnX: number[] = [];
    const columnWidth = columns.map((c) => Math.max(...c.map((i) => sizes[i].width)));
    const columnHeight = columns.map((c) => c.reduce((h, i) => h + sizes[i].height, 0) + (c.length - 1) * NODE_GAP);
    const tallest = Math.max(...columnHeight);
    let x = pad.left + PORT_SIZE;
    columns.forEach((_, c) => {
        columnX.push(x);
        x += columnWidth[c] + 2 * PORT_SIZE + gaps[c];
    });
    const result: RegionLayout = { width: 0, height: pad.top + tallest + pad.bottom, hosts: [], namespaces: [], bridges: [], ports: [], edges: [] };
    result.width = Math.max(columnX[columns.length - 1] + columnWidth[columns.length - 1] + PORT_SIZE + pad.right, region.host ? textWidth(region.host.name) + 16 + pad.left : 0);
    if (region.host) {
        result.hosts.push({ id: region.host.id, name: region.host.name, box: { x: 0, y: 0, width: result.width, height: result.height } });
    }
    const portBoxes = new Map<string, PlacedPort>();
    const bridgeBoxes = new Map<string, Box>();
    const boxes: Box[] = new Array<Box>(count);
    columns.forEach((members, c) => {
        let y = pad.top + (tallest - columnHeight[c]) / 2;
        for (const i of members) {
            const ns = region.namespaces[i];
            const b: Box = { x: columnX[c], y, width: sizes[i].width, height: sizes[i].height };
            boxes[i] = b;
            result.namespaces.push({ ns, box: b });
            sides[i].left.forEach((port, k) => portBoxes.set(port.id, { x: b.x - PORT_SIZE, y: b.y + NS_TOP + k * PORT_PITCH, width: PORT_SIZE, height: PORT_SIZE, port, side: 'left' }));
            sides[i].right.forEach((port, k) => portBoxes.set(port.id, { x: b.x + b.width, y: b.y + NS_TOP + k * PORT_PITCH, width: PORT_SIZE, height: PORT_SIZE, port, side: 'right' }));
            // Bridges stand between the two columns of port labels.
            const [leftLabels, rightLabels] = sizes[i].labels;
            const middle = b.x + (NS_SIDE + leftLabels + b.width - NS_SIDE - rightLabels) / 2;
            ns.bridges.forEach((bridge, k) => {
                const width = Math.max(56, textWidth(bridge.name) + 16);
                const box: Box = { x: middle - width / 2, y: b.y + NS_TOP + k * 38, width, height: 28 };
                bridgeBoxes.set(bridge.id, box);
                result.bridges.push({ id: bridge.id, name: bridge.name, box });
            });
            y += b.height + NODE_GAP;
        }
    });
    for (const ns of region.namespaces) {
        for (const port of ns.ports) {
            result.ports.push(portBoxes.get(port.id)!);
        }
    }
    const centre = (b: Box): { x: number; y: number } => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });
    const crossingGap: { edge: EdgeView; p: { x: number; y: number }; q: { x: number; y: number } }[][] = columns.map(() => []);
    for (const e of region.edges) {
        const [a, b] = [index.get(namespaceOf(e.from))!, index.get(namespaceOf(e.to))!];
        const from = portBoxes.get(e.from) ?? bridgeBoxes.get(e.from);
        const to = portBoxes.get(e.to) ?? bridgeBoxes.get(e.to);
        if (!from || !to) {
            continue;
        }
        const [p, q] = [centre(from), centre(to)];
        if (column[a] === column[b]) {
            // Inside one namespace (a bridge and its ports) or within a column: a bend halfway.
            const mx = (p.x + q.x) / 2;
            result.edges.push({ edge: e, points: [p, { x: mx, y: p.y }, { x: mx, y: q.y }, q] });
        } else {
            crossingGap[Math.min(column[a], column[b]) - first].push(column[a] < column[b] ? { edge: e, p, q } : { edge: e, p: q, q: p });
        }
    }
    crossingGap.forEach((links, gap) => {
        // Track order that keeps links from crossing each other: links rising to the right take tracks left to right
        // from the top, links falling to the right take them right to left.
        const rising = links.filter((l) => l.q.y <= l.p.y).sort((l, m) => l.p.y - m.p.y);
        const falling = links.filter((l) => l.q.y > l.p.y).sort((l, m) => m.p.y - l.p.y);
        const start = columnX[gap] + columnWidth[gap] + 2 * PORT_SIZE;
        [...rising, ...falling].forEach((l, k) => {
            const track = start + (gaps[gap] * (k + 1)) / (links.length + 1);
            result.edges.push({ edge: l.edge, points: [l.p, { x: track, y: l.p.y }, { x: track, y: l.q.y }, l.q] });
        });
    });
    return result;
}

function moved(region: RegionLayout, dx: number, dy: number): RegionLayout {
    const at = <T extends Box>(b: T): T => ({ ...b, x: b.x + dx, y: b.y + dy });
    return {
        width: region.width,
        height: region.height,
        hosts: region.hosts.map((h) => ({ ...h, box: at(h.box) })),
        namespaces: region.namespaces.map((n) => ({ ...n, box: at(n.box) })),
        bridges: region.bridges.map((b) => ({ ...b, box: at(b.box) })),
        ports: region.ports.map(at),
        edges: region.edges.map((e) => ({ edge: e.edge, points: e.points.map((p) => ({ x: p.x + dx, y: p.y + dy })) }))
    };
}

/**
 * Places the regions in rows, in declaration order (a chain of hosts is usually declared in order), each row as wide
 * as makes the whole about 1.6 times as wide as high.
 */
function shelves(regions: RegionLayout[]): { x: number; y: number }[] {
    const area = regions.reduce((sum, r) => sum + (r.width + REGION_GAP) * (r.height + REGION_GAP), 0);
    const rowWidth = Math.max(...regions.map((r) => r.width), Math.sqrt(area * 1.6));
    const places: { x: number; y: number }[] = [];
    let [x, y, rowHeight] = [0, 0, 0];
    for (const r of regions) {
        if (x > 0 && x + r.width > rowWidth) {
            [x, y, rowHeight] = [0, y + rowHeight + REGION_GAP, 0];
        }
        places.push({ x, y });
        x += r.width + REGION_GAP;
        rowHeight = Math.max(rowHeight, r.height);
    }
    return places;
}

/** `elk` draws small files best; past ELK_LIMIT namespaces it takes seconds, and the column layout takes milliseconds. */
export type LayoutEngine = 'elk' | 'columns';

export function layoutEngineFor(topology: TopologyView): LayoutEngine {
    return topology.namespaces.length <= ELK_LIMIT ? 'elk' : 'columns';
}

/** One engine for all the regions of a file, so that they look alike. */
export async function layoutTopology(topology: TopologyView, engine: LayoutEngine = layoutEngineFor(topology)): Promise<DiagramLayout> {
    const nsById = new Map(topology.namespaces.map((n) => [n.id, n]));
    const regionOf = new Map<string, Region>();
    const regions: Region[] = [];
    for (const host of topology.hosts) {
        const region: Region = { host, namespaces: [], edges: [] };
        for (const id of host.namespaces) {
            const ns = nsById.get(id);
            if (ns && !regionOf.has(id)) {
                region.namespaces.push(ns);
                regionOf.set(id, region);
            }
        }
        // A region needs a namespace to draw (and the column layout one to start from).
        if (region.namespaces.length > 0) {
            regions.push(region);
        }
    }
    const standalone: Region = { namespaces: topology.namespaces.filter((n) => !regionOf.has(n.id)), edges: [] };
    if (standalone.namespaces.length > 0) {
        standalone.namespaces.forEach((n) => regionOf.set(n.id, standalone));
        regions.push(standalone);
    }
    const crossing: EdgeView[] = [];
    for (const e of topology.edges) {
        const a = regionOf.get(namespaceOf(e.from));
        const b = regionOf.get(namespaceOf(e.to));
        if (!a || !b) {
            continue;
        }
        if (a === b) {
            a.edges.push(e);
        } else {
            crossing.push(e);
        }
    }
    const previous = regionCache;
    regionCache = new Map();
    const inner = await Promise.all(regions.map((region) => {
        const key = `${engine}\n${regionKey(region)}`;
        const cached = previous.get(key) ?? (engine === 'elk' ? layoutRegionElk(region) : Promise.resolve(layoutRegionColumns(region)));
        regionCache.set(key, cached);
        return cached;
    }));
    const result: DiagramLayout = { width: 0, height: 0, hosts: [], namespaces: [], bridges: [], ports: [], edges: [], signature: layoutSignature(topology) };
    for (const [i, at] of shelves(inner).entries()) {
        const region = moved(inner[i], at.x, at.y);
        result.width = Math.max(result.width, at.x + region.width);
        result.height = Math.max(result.height, at.y + region.height);
        result.hosts.push(...region.hosts);
        result.namespaces.push(...region.namespaces);
        result.bridges.push(...region.bridges);
        result.ports.push(...region.ports);
        result.edges.push(...region.edges);
    }
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
