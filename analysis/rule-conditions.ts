import type { Match, MatchOption, PortRange, Rule, Target } from '../model/model-api.js';
import { broadcastOf, getOrCreate, networkOf } from '../model/model-api.js';
import { IntervalSet } from './interval-set.js';
import { TernarySet } from './ternary-set.js';
import type { Cube, DimSet } from './packet-cube.js';
import { ADDRESS_TYPES, Dim, STRING_TOP, ctStateSet, isUniverseCube, isUniverseSet, pointsToSet, restrictInPlace, universe, UNIVERSE_CUBE } from './packet-cube.js';

/** What the analysis knows about the packets one rule matches. */
export interface RuleConditions {
    /** Every packet the rule may match (conditions it cannot model are assumed true); undefined when none can. */
    cube: Cube | undefined;
    /** True when `cube` is exactly the rule's match: no condition was assumed. */
    exact: boolean;
    /** When `cube` is undefined: which options contradict each other. */
    emptyReason?: string;
    /** The conditions assumed to match, as written, for messages. */
    assumed: string[];
}

/**
 * Deterministic conditions the analysis does not break down into fields: each distinct text becomes a
 * yes/no field of its own, so two rules testing the same ipset still compare exactly.
 */
export class OpaqueFields {
    private readonly ids = new Map<string, number>();
    private readonly typeSets = new Map<string, IntervalSet>();

    /**
     * `addressTypes`: the namespace's addresses by address type (simulator's addressTypeRanges), when the ruleset
     * belongs to a namespace. Then `-m addrtype` is a condition on the address itself, so `--dst-type LOCAL` and
     * `-d` of a local address compare; without it the type is a field of its own.
     */
    constructor(private readonly addressTypes?: () => ReadonlyMap<string, readonly (readonly [number, number])[]>) {}

    private ranges: ReadonlyMap<string, readonly (readonly [number, number])[]> | undefined;

    /** The addresses of the given types, or undefined when a type is one the namespace's model cannot have. */
    addressesOfTypes(types: readonly string[]): IntervalSet | undefined {
        // Asked for on the first addrtype match: most namespaces' rulesets have none.
        const ranges = this.addressTypes && (this.ranges ??= this.addressTypes());
        if (!ranges || types.some((t) => !ranges.has(t))) {
            return undefined;
        }
        return getOrCreate(this.typeSets, types.join(','), () =>
            IntervalSet.union(types.flatMap((t) => ranges.get(t)!.map(([from, to]) => IntervalSet.range(from, to + 1)))));
    }

    /** What one match option states about the packet (a comment states nothing). */
    condition(module: string, option: MatchOption): Condition {
        return module === 'comment' ? ALWAYS : negate(optionCondition(module, option, this), option.negated);
    }

    idOf(key: string): number {
        return getOrCreate(this.ids, key, () => Dim.FirstOpaque + this.ids.size);
    }
}

/** Modules whose result depends on what came before (address lists, token buckets, connection counts). */
const MEMORY_MODULES = new Set(['recent', 'hashlimit', 'connlimit']);

/** Modules whose result depends only on the packet (so equal text means equal result) but has no field here. */
const DETERMINISTIC_OPAQUE_MODULES = new Set(['set', 'length', 'dscp', 'tos', 'ttl', 'pkttype', 'owner', 'helper', 'tcpmss', 'ecn', 'policy', 'realm']);

const PROTOCOL_CONDITIONS: Record<string, Condition | undefined> = {
    icmp: { kind: 'field', dim: Dim.Proto, set: IntervalSet.range(1, 2) },
    tcp: { kind: 'field', dim: Dim.Proto, set: IntervalSet.range(6, 7) },
    udp: { kind: 'field', dim: Dim.Proto, set: IntervalSet.range(17, 18) },
};

const ALWAYS: Condition = { kind: 'always' };
const ASSUMED: Condition = { kind: 'assumed' };
const NONE: string[] = [];
const NO_FIELDS: number[] = [];

export type Condition =
    | { kind: 'field'; dim: number; set: DimSet }
    | { kind: 'assumed' }
    | { kind: 'always' }
    | { kind: 'reversed'; detail: string };

export function ruleConditions(rule: Rule, opaque: OpaqueFields): RuleConditions {
    // Allocated on the first condition: a third of kube-proxy's rules have none besides a comment.
    let cube: Map<number, DimSet> | undefined;
    let empty = false;
    let assumed: string[] | undefined;
    let emptyReason: string | undefined;
    forEachCondition(rule, opaque, (condition, text) => {
        if (condition.kind === 'assumed') {
            (assumed ??= []).push(text);
        } else if (condition.kind === 'reversed') {
            emptyReason = `\`${text}\` ${condition.detail}`;
            empty = true;
        } else if (condition.kind === 'field' && !restrictInPlace((cube ??= new Map()), condition.dim, condition.set)) {
            emptyReason = contradiction(rule, opaque, condition.dim, text);
            empty = true;
        }
        return !empty;
    });
    for (const option of rule.unmodelled) {
        if (option.role === 'match') {
            (assumed ??= []).push(option.text);
        }
    }
    return { cube: empty ? undefined : cube ?? UNIVERSE_CUBE, exact: assumed === undefined, emptyReason, assumed: assumed ?? NONE };
}

/** What most checks need to know of a rule's conditions, as bits: whether it can match, exactly, and everything. */
export const enum RuleShape {
    /** No packet satisfies the conditions. */
    Empty = 1,
    /** No condition was assumed (RuleConditions.exact). */
    Exact = 2,
    /** Exact, and every packet matches. */
    Unconditional = 4,
}

/** The shape of rule conditions already computed. */
export function shapeOf(conditions: RuleConditions): number {
    const { cube, exact } = conditions;
    if (cube === undefined) {
        return RuleShape.Empty;
    }
    if (!exact) {
        return 0;
    }
    return cube.size === 0 || isUniverseCube(cube) ? RuleShape.Exact | RuleShape.Unconditional : RuleShape.Exact;
}

/*
 * A match's summary, as one small integer (no object per match): bit d for each field d below FirstOpaque it
 * constrains, where the protocol counts as a field only when it is not one of SUMMARY_PROTOCOLS (those get a
 * two-bit code, so `-p tcp` and the implicit protocol of `-m tcp` agree without intersecting sets); then flags.
 */
const FIELD_BITS = (1 << Dim.FirstOpaque) - 1;
const PROTOCOL_SHIFT = Dim.FirstOpaque;
const PROTOCOL_CODE = 3 << PROTOCOL_SHIFT;
const PROTOCOL_BITS = PROTOCOL_CODE | (1 << Dim.Proto);
const SUMMARY_PROTOCOLS = [1, 6, 17];
const OPAQUE = 1 << (PROTOCOL_SHIFT + 2);
const EMPTY = OPAQUE << 1;
const INEXACT = OPAQUE << 2;
/** Some field is constrained to less than its universe. */
const NARROW = OPAQUE << 3;
/** A field is constrained twice: only the intersection of the sets tells. */
const ENTANGLED = OPAQUE << 4;

function matchSummary(match: Match, opaque: OpaqueFields): number {
    let summary = 0;
    forEachMatchCondition(match, opaque, (condition) => {
        if (condition.kind === 'assumed') {
            summary |= INEXACT;
        } else if (condition.kind === 'reversed') {
            summary |= EMPTY;
        } else if (condition.kind === 'field') {
            const { dim, set } = condition;
            if (set.isEmpty()) {
                summary |= EMPTY;
            } else {
                const bit = fieldBit(dim, set);
                summary |= (bit & PROTOCOL_BITS ? summary & PROTOCOL_BITS : summary & bit) ? ENTANGLED : bit;
                if (!isUniverseSet(dim, set)) {
                    summary |= NARROW;
                }
            }
        }
        return (summary & EMPTY) === 0;
    });
    return summary;
}

/**
 * matchSummary of a generic match read straight from its option values, for the addresses, interfaces and protocols
 * kube-proxy and Docker write by the thousand: a CIDR or a protocol is the whole field only as `0.0.0.0/0` or `all`
 * (negated: nothing), one interface name never is. Any other option (a wildcard interface...) takes the general way.
 */
function basicSummary(match: Match, opaque: OpaqueFields): number {
    let summary = 0;
    for (const option of match.options) {
        const v = option.value;
        let bit: number;
        let whole: boolean;
        if (v.kind === 'cidr' && (option.name === 'source' || option.name === 'destination')) {
            bit = option.name === 'source' ? 1 << Dim.Src : 1 << Dim.Dst;
            whole = v.prefix === 0;
        } else if (v.kind === 'interface' && !v.wildcard && (option.name === 'in-interface' || option.name === 'out-interface')) {
            bit = option.name === 'in-interface' ? 1 << Dim.InIface : 1 << Dim.OutIface;
            whole = false;
        } else if (v.kind === 'protocol' && option.name === 'protocol') {
            whole = v.protocol === undefined;
            // Negated, a single protocol is every other one: not a summary code.
            const code = whole || option.negated ? 0 : SUMMARY_PROTOCOLS.indexOf(v.protocol!) + 1;
            bit = code > 0 ? code << PROTOCOL_SHIFT : 1 << Dim.Proto;
        } else {
            return matchSummary(match, opaque);
        }
        if (whole && option.negated) {
            return summary | EMPTY;
        }
        summary |= (bit & PROTOCOL_BITS ? summary & PROTOCOL_BITS : summary & bit) ? ENTANGLED : bit;
        if (!whole) {
            summary |= NARROW;
        }
    }
    return summary;
}

function fieldBit(dim: number, set: DimSet): number {
    if (dim >= Dim.FirstOpaque) {
        return OPAQUE;
    }
    if (dim === Dim.Proto && set instanceof IntervalSet) {
        const b = set.bounds;
        const code = b.length === 2 && b[1] === (b[0] as number) + 1 ? SUMMARY_PROTOCOLS.indexOf(b[0] as number) + 1 : 0;
        if (code > 0) {
            return code << PROTOCOL_SHIFT;
        }
    }
    return 1 << dim;
}

/** Can two matches' conditions be put together without intersecting sets (each field constrained by one of them)? */
function independent(a: number, b: number): boolean {
    if ((a & b & (FIELD_BITS | OPAQUE)) !== 0) {
        return false;
    }
    const pa = a & PROTOCOL_BITS;
    const pb = b & PROTOCOL_BITS;
    // The same one protocol twice (`-p tcp -m tcp`) is still that protocol.
    return pa === 0 || pb === 0 || (pa === pb && (pa & FIELD_BITS) === 0);
}

/**
 * Rule shapes from per-match summaries, shared like the Match objects themselves: most of a kube-proxy ruleset's
 * 100,000 rules only need their shape (can they match, exactly, everything?), which this gives without building
 * their packet sets. Rules whose matches constrain the same field are left to the full conditions.
 */
export class RuleShapes {
    private readonly byMatch = new Map<Match, number>();
    /** The modules of the matches seen (comments and `basic` aside): a finding about one module need not look at every rule. */
    readonly modules = new Set<string>();
    /** Summary bits of every match seen, for `constrains`. */
    private seen = 0;

    constructor(private readonly opaque: OpaqueFields) {}

    /** The rule's RuleShape bits, or undefined when only its full conditions tell. */
    of(rule: Rule): number | undefined {
        let all = 0;
        let alone = true;
        for (const match of rule.matches) {
            if (match.module === 'comment') {
                continue;
            }
            const summary = match.module === 'basic' ? basicSummary(match, this.opaque) : this.summary(match);
            alone &&= (summary & (EMPTY | ENTANGLED)) === 0 && independent(all, summary);
            all |= summary;
        }
        this.seen |= all;
        if (!alone) {
            return undefined;
        }
        if ((all & INEXACT) !== 0) {
            return 0;
        }
        for (const option of rule.unmodelled) {
            if (option.role === 'match') {
                return 0;
            }
        }
        return (all & NARROW) !== 0 ? RuleShape.Exact : RuleShape.Exact | RuleShape.Unconditional;
    }

    /**
     * Does some match seen constrain this field (below Dim.FirstOpaque)? A rule with empty conditions may not count,
     * which no finding about a field's values misses.
     */
    constrains(dim: number): boolean {
        return (this.seen & (dim === Dim.Proto ? PROTOCOL_BITS : 1 << dim)) !== 0;
    }

    /** A module match's summary, computed once per Match object. (Basic matches are not kept: their addresses rarely repeat.) */
    private summary(match: Match): number {
        let summary = this.byMatch.get(match);
        if (summary === undefined) {
            summary = matchSummary(match, this.opaque);
            this.byMatch.set(match, summary);
            this.modules.add(match.module);
        }
        return summary;
    }
}

/** Calls `visit` with each condition of the rule in the order written, until it returns false. */
function forEachCondition(rule: Rule, opaque: OpaqueFields, visit: (condition: Condition, text: string) => boolean): void {
    for (const match of rule.matches) {
        if (!forEachMatchCondition(match, opaque, visit)) {
            return;
        }
    }
}

/** The conditions of one match, as forEachCondition visits them; false when `visit` stopped. */
function forEachMatchCondition(match: Match, opaque: OpaqueFields, visit: (condition: Condition, text: string) => boolean): boolean {
    if (match.module === 'addrtype' && match.options.some((o) => o.name.startsWith('limit-iface'))) {
        // With --limit-iface-* the type is looked up per interface: keep the whole match as one opaque test.
        const moduleText = match.options.map((o) => o.text).join(' ');
        return visit(opaqueCondition(opaque, `addrtype ${moduleText}`, false), moduleText);
    }
    if (MEMORY_MODULES.has(match.module)) {
        // It depends on earlier packets or other connections: the whole match is one condition the packet cannot decide.
        return visit(ASSUMED, `-m ${match.module} ${match.options.map((o) => o.text).join(' ')}`);
    }
    const protocol = PROTOCOL_CONDITIONS[match.module];
    // The module only ever matches its own protocol (iptables insists on `-p` to load it).
    if (protocol !== undefined && !visit(protocol, `-p ${match.module}`)) {
        return false;
    }
    for (const option of match.options) {
        if (!visit(opaque.condition(match.module, option), option.text)) {
            return false;
        }
    }
    return true;
}

/** Names the options that constrained `dim` before the one that emptied it (rare: computed only then). */
function contradiction(rule: Rule, opaque: OpaqueFields, dim: number, text: string): string {
    const earlier: string[] = [];
    forEachCondition(rule, opaque, (condition, written) => {
        if (written === text) {
            return false;
        }
        if (condition.kind === 'field' && condition.dim === dim) {
            earlier.push(`\`${written}\``);
        }
        return true;
    });
    return earlier.length > 0
        ? `\`${text}\` contradicts ${earlier.join(' and ')}: no packet satisfies both`
        : `\`${text}\` matches no packet`;
}

function negate(condition: Condition, negated: boolean): Condition {
    if (!negated || condition.kind !== 'field') {
        return condition;
    }
    const all = universe(condition.dim);
    const set = all instanceof IntervalSet ? all.subtract(condition.set as IntervalSet) : all.subtract(condition.set as TernarySet);
    return { kind: 'field', dim: condition.dim, set };
}

function opaqueCondition(opaque: OpaqueFields, key: string, negated: boolean): Condition {
    return { kind: 'field', dim: opaque.idOf(key), set: IntervalSet.range(negated ? 0 : 1, negated ? 1 : 2) };
}

function field(dim: number, set: DimSet): Condition {
    return { kind: 'field', dim, set };
}

function optionCondition(module: string, option: MatchOption, opaque: OpaqueFields): Condition {
    const v = option.value;
    switch (`${module}:${option.name}`) {
        case 'basic:source':
        case 'basic:destination':
        case 'conntrack:ctorigsrc':
        case 'conntrack:ctorigdst': {
            if (v.kind !== 'cidr') {
                break;
            }
            const dim = { source: Dim.Src, destination: Dim.Dst, ctorigsrc: Dim.CtOrigSrc, ctorigdst: Dim.CtOrigDst }[option.name] as number;
            const c = { address: v.address, prefix: v.prefix };
            return field(dim, IntervalSet.range(networkOf(c), broadcastOf(c) + 1));
        }
        case 'iprange:src-range':
        case 'iprange:dst-range':
            if (v.kind !== 'addressRange') {
                break;
            }
            if (v.from > v.to) {
                return { kind: 'reversed', detail: 'is a reversed range (its first address is above its last), so it matches no address' };
            }
            return field(option.name === 'src-range' ? Dim.Src : Dim.Dst, IntervalSet.range(v.from, v.to + 1));
        case 'basic:in-interface':
        case 'basic:out-interface':
        case 'physdev:physdev-in':
        case 'physdev:physdev-out': {
            if (v.kind !== 'interface') {
                break;
            }
            const dim = { 'in-interface': Dim.InIface, 'out-interface': Dim.OutIface, 'physdev-in': Dim.PhysIn, 'physdev-out': Dim.PhysOut }[option.name] as number;
            return field(dim, interfaceSet(v.name, v.wildcard));
        }
        case 'basic:protocol':
        case 'conntrack:ctproto':
            if (v.kind !== 'protocol') {
                break;
            }
            if (option.name === 'ctproto') {
                return opaqueKey(module, option, opaque);
            }
            // `all` as the whole field, so that `! -p all` (which the kernel keeps) matches nothing.
            return field(Dim.Proto, v.protocol === undefined ? universe(Dim.Proto) : IntervalSet.range(v.protocol, v.protocol + 1));
        case 'basic:fragment':
            return field(Dim.Fragment, IntervalSet.range(1, 2));
        case 'tcp:sport':
        case 'tcp:dport':
        case 'udp:sport':
        case 'udp:dport':
        case 'multiport:sports':
        case 'multiport:dports': {
            if (v.kind !== 'ports') {
                break;
            }
            const reversed = v.ranges.find((r) => r.from > r.to);
            if (reversed) {
                return { kind: 'reversed', detail: `has the reversed port range ${reversed.from}:${reversed.to}, which matches no port` };
            }
            return field(option.name.startsWith('s') ? Dim.Sport : Dim.Dport, portSet(v.ranges));
        }
        case 'tcp:tcp-flags':
        case 'tcp:syn': {
            if (v.kind !== 'tcpFlags') {
                break;
            }
            const points: number[] = [];
            for (let f = 0; f < 64; f++) {
                if ((f & v.mask) === v.compare) {
                    points.push(f);
                }
            }
            return field(Dim.TcpFlags, pointsToSet(points));
        }
        case 'icmp:icmp-type': {
            if (v.kind !== 'icmpType') {
                break;
            }
            if (v.type === undefined) {
                return field(Dim.Icmp, universe(Dim.Icmp));
            }
            const lo = v.type * 256 + (v.code ?? 0);
            return field(Dim.Icmp, IntervalSet.range(lo, v.code === undefined ? lo + 256 : lo + 1));
        }
        case 'conntrack:ctstate':
        case 'state:state': {
            if (v.kind !== 'words') {
                break;
            }
            const set = ctStateSet(v.words);
            return set ? field(Dim.CtState, set) : opaqueKey(module, option, opaque);
        }
        case 'mark:mark':
        case 'connmark:mark':
            if (v.kind !== 'markMask') {
                break;
            }
            return field(module === 'mark' ? Dim.Mark : Dim.ConnMark, TernarySet.pattern(v.value, v.mask));
        case 'addrtype:src-type':
        case 'addrtype:dst-type': {
            if (v.kind !== 'words') {
                break;
            }
            const addresses = opaque.addressesOfTypes(v.words);
            if (addresses) {
                return field(option.name === 'src-type' ? Dim.Src : Dim.Dst, addresses);
            }
            const indexes = v.words.map((w) => (ADDRESS_TYPES as readonly string[]).indexOf(w));
            if (indexes.some((i) => i < 0)) {
                return opaqueKey(module, option, opaque);
            }
            return field(option.name === 'src-type' ? Dim.SrcType : Dim.DstType, pointsToSet(indexes));
        }
        case 'physdev:physdev-is-in':
        case 'physdev:physdev-is-out':
        case 'physdev:physdev-is-bridged': {
            const dim = { 'physdev-is-in': Dim.PhysIsIn, 'physdev-is-out': Dim.PhysIsOut, 'physdev-is-bridged': Dim.PhysIsBridged }[option.name] as number;
            return field(dim, IntervalSet.range(1, 2));
        }
        case 'mac:mac-source':
            if (v.kind !== 'string') {
                break;
            }
            return field(Dim.MacSource, interfaceSet(v.value.toLowerCase(), false));
        case 'comment:comment':
            return { kind: 'always' };
        default:
            break;
    }
    if (DETERMINISTIC_OPAQUE_MODULES.has(module) || module === 'conntrack' || module === 'tcp' || module === 'multiport') {
        return opaqueKey(module, option, opaque);
    }
    // statistic, limit, recent, hashlimit, ... depend on time, counters or chance, not only on the packet.
    return { kind: 'assumed' };
}

function opaqueKey(module: string, option: MatchOption, opaque: OpaqueFields): Condition {
    return opaqueCondition(opaque, `${module} --${option.name} ${JSON.stringify(option.value)}`, false);
}

/** A name, or with `+` every name that starts with it; '' (no interface) is outside both. */
export function interfaceSet(name: string, wildcard: boolean): IntervalSet {
    if (!wildcard) {
        return IntervalSet.range(name, name + '\u0000');
    }
    if (name === '') {
        return IntervalSet.range('', STRING_TOP);
    }
    const next = name.slice(0, -1) + String.fromCharCode(name.charCodeAt(name.length - 1) + 1);
    return IntervalSet.range(name, next);
}

function portSet(ranges: PortRange[]): IntervalSet {
    return IntervalSet.union(ranges.map((r) => IntervalSet.range(r.from, r.to + 1)));
}

/** What a rule's target does to the walk of its chain and to the packet. */
export interface TargetEffect {
    /**
     * `verdict`: the chain walk ends with this verdict; `return`: back to the caller; `goto`: control never
     * comes back to this chain; `jump`: a user chain that may or may not decide; `continue`: next rule.
     */
    kind: 'verdict' | 'return' | 'goto' | 'jump' | 'continue';
    /** Fields the target may rewrite for the rules after it. */
    mutates: readonly number[];
    /** An extension target the analysis does not know: it may end the walk, so it never counts as deciding. */
    unknown: boolean;
}

const TERMINAL_TARGETS = new Set(['ACCEPT', 'DROP', 'REJECT', 'DNAT', 'SNAT', 'MASQUERADE', 'REDIRECT', 'QUEUE', 'NFQUEUE']);
const CONTINUING_TARGETS = new Set(['LOG', 'NFLOG', 'TRACE', 'NOTRACK', 'CT', 'TTL', 'TCPMSS', 'CHECKSUM', 'ULOG', 'AUDIT']);

// Effects depend on the target's kind only: one shared object each, whatever the number of rules.
const CONTINUES: TargetEffect = { kind: 'continue', mutates: NO_FIELDS, unknown: false };
const JUMPS: TargetEffect = { kind: 'jump', mutates: NO_FIELDS, unknown: false };
const GOES: TargetEffect = { kind: 'goto', mutates: NO_FIELDS, unknown: false };
const RETURNS: TargetEffect = { kind: 'return', mutates: NO_FIELDS, unknown: false };
const DECIDES: TargetEffect = { kind: 'verdict', mutates: NO_FIELDS, unknown: false };
const SETS_MARK: TargetEffect = { kind: 'continue', mutates: [Dim.Mark], unknown: false };
const SETS_CONNMARK: TargetEffect = { kind: 'continue', mutates: [Dim.ConnMark], unknown: false };
const UNKNOWN: TargetEffect = { kind: 'continue', mutates: [Dim.Mark, Dim.ConnMark], unknown: true };

export function targetEffect(target: Target | undefined): TargetEffect {
    if (!target) {
        return CONTINUES;
    }
    if (target.userChain) {
        return target.goto ? GOES : JUMPS;
    }
    if (target.name === 'RETURN') {
        return RETURNS;
    }
    if (TERMINAL_TARGETS.has(target.name)) {
        return DECIDES;
    }
    if (target.name === 'MARK') {
        return SETS_MARK;
    }
    if (target.name === 'CONNMARK') {
        return target.options.some((o) => o.name === 'restore-mark') ? SETS_MARK : SETS_CONNMARK;
    }
    if (CONTINUING_TARGETS.has(target.name)) {
        return CONTINUES;
    }
    return UNKNOWN;
}

/** Equal keys mean equal outcomes (target name and options). */
export function outcomeKey(target: Target | undefined): string {
    if (!target) {
        return '';
    }
    if (target.options.length === 0) {
        return !target.userChain && target.name === 'REJECT' ? 'REJECT --reject-with icmp-port-unreachable' : target.name;
    }
    return [target.name, ...target.options.map((o) => o.text)].join(' ');
}
