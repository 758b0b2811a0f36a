import fc from 'fast-check';

/**
 * Random small rulesets for the property tests: INPUT with a random policy and two user chains, rules with at
 * most one condition of each kind (as iptables allows) drawn from small pools so that rules overlap often.
 */
const SOURCES = ['10.0.0.0/8', '10.1.0.0/16', '10.1.2.3', '192.0.2.0/24', '192.0.2.128/25'];
const PORTS = ['22', '80', '1000:2000', '1500', '79:81'];
const IFACES = ['eth0', 'eth1', 'eth+', 'br0'];
const STATES = ['NEW', 'ESTABLISHED', 'NEW,ESTABLISHED', 'RELATED,ESTABLISHED', 'INVALID'];
const TARGETS = ['ACCEPT', 'DROP', 'REJECT', 'RETURN', 'U1', 'U2', 'LOG', 'MARK --set-mark 0x1', 'MARK --set-mark 0x2', 'MARK --set-mark 0x0/0x1', ''];

/** Present in about `weight` rules out of ten, so that rules overlap and cover each other often. */
function sometimes<T>(arbitrary: fc.Arbitrary<T>, weight = 3): fc.Arbitrary<T | null> {
    return fc.oneof({ arbitrary: fc.constant(null), weight: 10 - weight }, { arbitrary, weight });
}

const negatable = fc.oneof({ arbitrary: fc.constant(false), weight: 3 }, { arbitrary: fc.constant(true), weight: 1 });

/** `-m addrtype`: only where the namespace's addresses give the types (the simulator test), not for the concrete evaluator. */
const ADDRESS_TYPES = ['LOCAL', 'UNICAST', 'BROADCAST', 'UNREACHABLE', 'LOCAL,BROADCAST', 'MULTICAST'];
const addressType = sometimes(fc.tuple(fc.constantFrom('src', 'dst'), negatable, fc.constantFrom(...ADDRESS_TYPES))
    .map(([side, neg, types]) => `-m addrtype ${neg ? '! ' : ''}--${side}-type ${types}`), 2);

/** At most one condition of each kind, as iptables allows. */
const baseConditions = {
    src: sometimes(fc.tuple(negatable, fc.constantFrom(...SOURCES)).map(([neg, s]) => `${neg ? '! ' : ''}-s ${s}`)),
    dst: sometimes(fc.tuple(negatable, fc.constantFrom(...SOURCES)).map(([neg, s]) => `${neg ? '! ' : ''}-d ${s}`)),
    proto: sometimes(fc.oneof(
        fc.tuple(fc.constantFrom('tcp', 'udp'), negatable, fc.constantFrom(...PORTS)).map(([p, neg, port]) => `-p ${p} -m ${p} ${neg ? '! ' : ''}--dport ${port}`),
        fc.constantFrom('-p tcp', '-p udp', '-p icmp'),
    )),
    iif: sometimes(fc.tuple(negatable, fc.constantFrom(...IFACES)).map(([neg, i]) => `${neg ? '! ' : ''}-i ${i}`)),
    state: sometimes(fc.tuple(negatable, fc.constantFrom(...STATES)).map(([neg, s]) => `-m conntrack ${neg ? '! ' : ''}--ctstate ${s}`), 2),
    mark: sometimes(fc.tuple(negatable, fc.constantFrom('0x1/0x1', '0x2/0x3', '0x0/0x1')).map(([neg, m]) => `-m mark ${neg ? '! ' : ''}--mark ${m}`), 2),
    chance: sometimes(fc.constant('-m statistic --mode random --probability 0.5'), 1),
};

function rulesets(withAddressTypes: boolean) {
    const kinds: Record<string, fc.Arbitrary<string | null>> = withAddressTypes ? { ...baseConditions, addressType } : baseConditions;
    const conditions = fc.record(kinds).map((c) => Object.values(c).filter((x): x is string => x !== null));
    const rule = fc.tuple(conditions, fc.constantFrom(...TARGETS), fc.boolean())
        .map(([conds, target, goto]) => [...conds, ...(target === '' ? [] : [`${goto && target.startsWith('U') ? '-g' : '-j'} ${target}`])].join(' '));
    return fc.record({
        policy: fc.constantFrom('ACCEPT', 'DROP'),
        input: fc.array(rule, { minLength: 1, maxLength: 8 }),
        u1: fc.array(rule.filter((r) => !/ (U1|U2)$/.test(r)), { maxLength: 4 }),
        u2: fc.array(rule.filter((r) => !/ (U1|U2)$/.test(r)), { maxLength: 4 }),
    });
}

export const rulesetText = rulesets(false);
/** Also with `-m addrtype` conditions, which the analysis ties to the namespace's addresses. */
export const rulesetTextWithAddressTypes = rulesets(true);

export type RulesetShape = { policy: string; input: string[]; u1: string[]; u2: string[] };

export function render(t: RulesetShape, skip?: { chain: string; position: number }): string {
    const lines = (chain: string, rules: string[]): string[] =>
        rules.flatMap((r, i) => (skip && skip.chain === chain && skip.position === i + 1 ? [] : [`-A ${chain} ${r}`]));
    return ['*filter', `:INPUT ${t.policy} [0:0]`, ':U1 - [0:0]', ':U2 - [0:0]', ...lines('INPUT', t.input), ...lines('U1', t.u1), ...lines('U2', t.u2), 'COMMIT', ''].join('\n');
}

