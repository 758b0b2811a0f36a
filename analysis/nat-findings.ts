import type { Chain, Diagnostic, Namespace, OptionValue, Rule } from '../model/model-api.js';
import { formatIPv4, getOrCreate } from '../model/model-api.js';
import type { ChainGraph } from './chain-graph.js';
import { coveredBy, ruleLabel } from './chain-findings.js';
import { IntervalSet } from './interval-set.js';
import type { Cube } from './packet-cube.js';
import type { OpaqueFields } from './rule-conditions.js';
import { ADDRESS_TYPES, Dim, cubesOverlap, dimOf, intersectCubes, isUniverseSet, restrict, universe, UNIVERSE_CUBE, widen } from './packet-cube.js';
import { OverlapIndex } from './overlap-index.js';

/** iptables refuses deeper jump nesting; the walk stops there too. */
const MAX_DEPTH = 32;
/** Fields mangle rules or the DNAT itself may change between nat PREROUTING and the filter rule. */
const REWRITTEN_LATER = [Dim.Mark, Dim.ConnMark, Dim.CtState];
const LOCAL_TYPE = IntervalSet.range(ADDRESS_TYPES.indexOf('LOCAL'), ADDRESS_TYPES.indexOf('LOCAL') + 1);

/** A destination rewrite nat PREROUTING applies: to which packets (as they arrive), by which rule, to where. */
interface Rewrite {
    /** Packets that reach the rule on some path from PREROUTING (over-approximated). */
    cube: Cube;
    /** The same set, when it is exact: every one of these packets is surely rewritten. */
    sure: Cube | undefined;
    rule: Rule;
    /** Where the packet goes: destination addresses and ports after the rewrite (ports undefined: unchanged). */
    toAddresses: IntervalSet | undefined;
    toPorts: IntervalSet | undefined;
    toText: string;
}

/**
 * Every DNAT/REDIRECT reachable from nat PREROUTING with the conditions of the jumps leading to it, skipping
 * the jumps whose packets no filter rule in `relevant` can match (kube-proxy's thousands of service chains,
 * when the filter rules name other ports).
 */
function collectRewrites(nat: ChainGraph, relevant: Cube[]): Rewrite[] {
    const relevantIndex = new OverlapIndex(relevant);
    const matters = (cube: Cube): boolean => relevantIndex.candidates(cube).some((e) => cubesOverlap(relevant[e], cube));
    const out: Rewrite[] = [];
    const indexes = new Map<Chain, OverlapIndex>();
    const takersIndex = (chain: Chain): OverlapIndex => {
        // Rules that may end the walk for some packets (or return): a rewrite after them is not sure for those.
        return getOrCreate(indexes, chain, () => new OverlapIndex(nat.chainFacts(chain).map((f) => (nat.mayDecide(f) || f.effect.kind === 'return' ? f.conditions.cube : undefined))));
    };
    const stack: Chain[] = [];
    const walk = (chain: Chain, path: Cube, sure: boolean): void => {
        if (stack.length > MAX_DEPTH || stack.includes(chain)) {
            return;
        }
        stack.push(chain);
        const facts = nat.chainFacts(chain);
        facts.forEach((f, position) => {
            const rule = f.rule;
            const own = f.conditions.cube;
            const cube = own === undefined ? undefined : own.size === 0 ? path : intersectCubes(path, own);
            if (!cube || (own!.size > 0 && !matters(cube))) {
                return;
            }
            const takers = takersIndex(chain);
            const unobstructed = takers.isEmpty || takers.candidates(cube, (e) => e < position).every((e) => !cubesOverlap(cube, facts[e].conditions.cube!));
            const isSure = sure && f.conditions.exact && unobstructed;
            const target = rule.target;
            if (target && (target.name === 'DNAT' || target.name === 'REDIRECT')) {
                // Marks and conntrack status may change between nat PREROUTING and filter: tests of them cannot be compared.
                const comparable = !REWRITTEN_LATER.some((d) => cube.has(d));
                out.push({ cube, sure: isSure && comparable ? cube : undefined, rule, ...destinationOf(target.name, target.options.map((o) => o.value)) });
            } else if (f.callee) {
                walk(f.callee, cube, isSure);
            }
        });
        stack.pop();
    };
    const prerouting = nat.chain('PREROUTING');
    if (prerouting) {
        walk(prerouting, UNIVERSE_CUBE, true);
    }
    return out;
}

function destinationOf(name: string, values: OptionValue[]): Pick<Rewrite, 'toAddresses' | 'toPorts' | 'toText'> {
    for (const v of values) {
        if (v.kind === 'natRange' && name === 'DNAT') {
            const addresses = v.from === undefined ? undefined : IntervalSet.range(v.from, (v.to ?? v.from) + 1);
            const ports = v.ports ? IntervalSet.range(v.ports.from, v.ports.to + 1) : undefined;
            const text = `${v.from === undefined ? '' : formatIPv4(v.from)}${v.to !== undefined && v.to !== v.from ? `-${formatIPv4(v.to)}` : ''}${v.ports ? `:${v.ports.from}${v.ports.to !== v.ports.from ? `-${v.ports.to}` : ''}` : ''}`;
            return { toAddresses: addresses, toPorts: ports, toText: text };
        }
        if (v.kind === 'ports' && name === 'REDIRECT') {
            const r = v.ranges[0];
            return { toAddresses: undefined, toPorts: IntervalSet.range(r.from, r.to + 1), toText: `a local address, port ${r.from}` };
        }
    }
    return { toAddresses: undefined, toPorts: undefined, toText: name === 'REDIRECT' ? 'a local address' : 'another address' };
}

/**
 * Filter INPUT/FORWARD rules written for a destination that nat PREROUTING rewrites before routing: the
 * Docker "published ports bypass INPUT rules" trap, added to `out`. `always` when every packet the rule is written
 * for is rewritten.
 */
export function natBypassFindings(nat: ChainGraph | undefined, filter: ChainGraph | undefined, ns: Namespace | undefined, opaque: OpaqueFields, out: Diagnostic[]): void {
    if (!nat || !filter) {
        return;
    }
    // First the filter rules that name a destination: without one, the nat walk is not needed at all.
    const written: { rule: Rule; chain: Chain; query: Cube; dst: IntervalSet; dport: IntervalSet }[] = [];
    for (let c = 0; c < filter.chains.length; c++) {
        const chain = filter.chains[c];
        const entries = filter.entryChains(c);
        const input = entries.includes('INPUT');
        const forward = entries.includes('FORWARD');
        if (!input && !forward) {
            continue;
        }
        for (const { rule, conditions } of filter.chainFacts(chain)) {
            let cube = conditions.cube;
            if (!cube) {
                continue;
            }
            const dst = dimOf(cube, Dim.Dst) as IntervalSet;
            const dport = dimOf(cube, Dim.Dport) as IntervalSet;
            if (isUniverseSet(Dim.Dst, dst) && isUniverseSet(Dim.Dport, dport)) {
                continue;
            }
            // A packet that was not rewritten keeps its address: local ones reach INPUT, others FORWARD. With the
            // namespace's addresses known, that is a condition on the address, as `-m addrtype` is then.
            if (input !== forward) {
                const local = opaque.addressesOfTypes(['LOCAL']);
                if (local) {
                    cube = restrict(cube, Dim.Dst, input ? local : (universe(Dim.Dst) as IntervalSet).subtract(local));
                } else {
                    const all = IntervalSet.range(0, ADDRESS_TYPES.length);
                    cube = restrict(cube, Dim.DstType, input ? LOCAL_TYPE : all.subtract(LOCAL_TYPE));
                }
                if (!cube) {
                    continue;
                }
            }
            written.push({ rule, chain, query: widen(cube, REWRITTEN_LATER), dst, dport });
        }
    }
    if (written.length === 0) {
        return;
    }
    const rewrites = collectRewrites(nat, written.map((w) => w.query));
    if (rewrites.length === 0) {
        return;
    }
    const index = new OverlapIndex(rewrites.map((r) => r.cube));
    for (const { rule, chain, query, dst, dport } of written) {
        const bypassing = index.candidates(query).map((e) => rewrites[e]).filter((w) =>
            cubesOverlap(w.cube, query)
            && !((w.toAddresses ?? dst).overlaps(dst) && (w.toPorts ?? dimOf(w.cube, Dim.Dport) as IntervalSet).overlaps(dport)));
        if (bypassing.length === 0) {
            continue;
        }
        const always = coveredBy(query, bypassing.filter((w) => w.sure !== undefined));
        const shown = (always ?? bypassing).slice(0, 3);
        const where = shown.map((w) => `${ruleLabel(w.rule)} sends them to ${w.toText}`).join('; ');
        const localNote = ns ? destinationNote(shown, ns) : 'they reach filter FORWARD if that address is not local to this namespace, INPUT if it is';
        const advice = `Match the original destination instead with \`-m conntrack --ctorigdst ADDRESS --ctorigdstport PORT\`${filter.table.chains.has('DOCKER-USER') ? ', or put the rule in DOCKER-USER, which Docker runs from FORWARD before its own rules' : ''}.`;
        const relatedList = shown.map((w) => ({ message: `${ruleLabel(w.rule)} rewrites the destination to ${w.toText} first`, source: w.rule.source }));
        out.push(always
            ? {
                code: 'rule-nat-bypassed',
                severity: 'warning',
                message: `Bypassed by DNAT: every packet this ${chain.name} rule is written for has its destination rewritten by nat PREROUTING before routing (${where}); ${localNote}, and this rule no longer matches them (only packets conntrack marks INVALID or UNTRACKED escape the rewrite). ${advice}`,
                source: rule.source,
                related: relatedList,
            }
            : {
                code: 'rule-nat-partly-bypassed',
                severity: 'info',
                message: `Partly bypassed by DNAT: some packets this ${chain.name} rule is written for have their destination rewritten by nat PREROUTING before routing (${where}); ${localNote}, and this rule does not see them under the destination it names. ${advice}`,
                source: rule.source,
                related: relatedList,
            });
    }
}

function destinationNote(rewrites: Rewrite[], ns: Namespace): string {
    const local = IntervalSet.union(ns.interfaces.flatMap((i) => i.addresses.map((a) => IntervalSet.range(a.address, a.address + 1))));
    const anyLocal = rewrites.some((w) => w.toAddresses === undefined || w.toAddresses.overlaps(local));
    const anyRemote = rewrites.some((w) => w.toAddresses !== undefined && !w.toAddresses.isSubsetOf(local));
    if (anyLocal && !anyRemote) {
        return `they reach filter INPUT of ${ns.name} with the new destination`;
    }
    if (anyRemote && !anyLocal) {
        return `they are routed on through filter FORWARD of ${ns.name} with the new destination`;
    }
    return `they reach filter INPUT or FORWARD of ${ns.name} with the new destination`;
}
