import type { Backend, Hook, OptionValue, TableName } from '../../model/model-api.js';
import { HOOKS, TABLE_CHAINS } from '../../model/model-api.js';

/**
 * The one registry of iptables knowledge: tables, built-in chains, match modules, targets and their options.
 * The parser types rules through it; the validator, completion, hover and export iterate it. Prose documentation
 * lives in the doc catalogue (keys `match:MODULE`, `option:MODULE:NAME`, `target:NAME`, `table:NAME`, `chain:TABLE:CHAIN`).
 */

export type { Backend, Hook } from '../../model/model-api.js';
export { HOOKS } from '../../model/model-api.js';
export type ArgumentKind = OptionValue['kind'];

export interface TableSpec {
    name: TableName;
    /** Built-in chains in traversal order; each is attached to the hook of the same name. */
    chains: readonly Hook[];
}

/** The tables with their built-in chains, from the model's netfilter facts. */
export const TABLES: ReadonlyMap<TableName, TableSpec> = new Map([...TABLE_CHAINS].map(([name, chains]) => [name, { name, chains }]));

export function isTableName(name: string): name is TableName {
    return TABLES.has(name as TableName);
}

export function isHook(name: string): name is Hook {
    return (HOOKS as readonly string[]).includes(name);
}

/** The hook a chain is attached to when it is a built-in chain of `table`, else undefined. */
export function builtinHook(table: TableName, chain: string): Hook | undefined {
    return isHook(chain) && TABLES.get(table)!.chains.includes(chain) ? chain : undefined;
}

/** The typed options of one extension by canonical name. */
export interface OptionLookup {
    get(name: string): OptionValue | undefined;
    has(name: string): boolean;
}

/** What a rule looks like to a cross-option check: the options of one extension, and the rule's `-p`. */
export interface CheckContext {
    options: OptionLookup;
    /** Lower-case protocol name of `-p`, undefined when absent or negated. */
    protocol: string | undefined;
}

export interface OptionSpec {
    /** Canonical long name without dashes (`dport`); MatchOption.name / TargetOption.name. */
    name: string;
    /** Every accepted spelling with its dashes; the first is the canonical one export prints. */
    spellings: readonly string[];
    kind: ArgumentKind;
    negatable: boolean;
    /** Inclusive bounds of a `number` argument. */
    min?: number;
    max?: number;
    /** Accepted values of a `words` or `string` argument (compared case-insensitively for words, as iptables does). */
    values?: readonly string[];
    /** Longest accepted `string` argument in bytes (UTF-8), as the kernel struct allows. */
    maxLength?: number;
    /** Hooks where the kernel accepts the option (checked through the jump graph); undefined means anywhere. */
    hooks?: readonly Hook[];
    /**
     * A `string` argument that is a rate, `N[/second|/minute|/hour|/day]`, kept as iptables-save spells it. `bytes`
     * also accepts byte rates (`1mb/s`), which the model does not hold (kept unmodelled).
     */
    rate?: 'packets' | 'bytes';
    /** `-p` values the option needs (lower-case names). */
    needsProtocol?: readonly string[];
}

export interface UnmodelledOptionSpec {
    spelling: string;
    arguments: number;
    /** Returns the userspace error for a malformed argument. */
    check?: (argument: string) => string | undefined;
}

export interface MatchSpec {
    name: string;
    options: readonly OptionSpec[];
    /** `-p NAME` loads this module implicitly when one of its options follows. */
    implicitForProtocol?: string;
    /** `-p` values the module needs. */
    needsProtocol?: readonly string[];
    /** iptables refuses the module with none of these options. */
    requiresOneOf?: readonly string[];
    /** At most one option of each group. */
    exclusive?: readonly (readonly string[])[];
    /** Options iptables has for this module that the registry does not type: checked, then kept as unmodelled. */
    unmodelledOptions?: readonly UnmodelledOptionSpec[];
    /** Further constraints between options; returns the userspace error message. */
    check?: (context: CheckContext) => string | undefined;
}

export interface TargetSpec {
    name: string;
    options: readonly OptionSpec[];
    /** Ends the walk of the current chain (ACCEPT, DROP, REJECT, NAT, queues); false for LOG, MARK, ... and RETURN. */
    terminating: boolean;
    /** Tables where the kernel accepts it; undefined means every table. */
    tables?: readonly TableName[];
    /** Per-backend table lists where they differ (TRACE: raw only on legacy). */
    tablesByBackend?: Readonly<Record<Backend, readonly TableName[] | undefined>>;
    /** Hooks where the kernel accepts it; undefined means every hook. */
    hooks?: readonly Hook[];
    needsProtocol?: readonly string[];
    requiresOneOf?: readonly string[];
    exclusive?: readonly (readonly string[])[];
    check?: (context: CheckContext) => string | undefined;
}

const flag = (name: string, negatable = false, extra: Partial<OptionSpec> = {}): OptionSpec =>
    ({ name, spellings: [`--${name}`], kind: 'flag', negatable, ...extra });
const opt = (name: string, kind: ArgumentKind, negatable: boolean, extra: Partial<OptionSpec> = {}): OptionSpec =>
    ({ name, spellings: [`--${name}`], kind, negatable, ...extra });

const PORT_PROTOCOLS = ['tcp', 'udp', 'udplite', 'sctp', 'dccp'];
const NAT_PORT_PROTOCOLS = ['tcp', 'udp', 'sctp', 'dccp'];
const CT_STATES = ['INVALID', 'NEW', 'ESTABLISHED', 'RELATED', 'UNTRACKED', 'SNAT', 'DNAT'];
const ADDRESS_TYPES = ['UNSPEC', 'UNICAST', 'LOCAL', 'BROADCAST', 'ANYCAST', 'MULTICAST', 'BLACKHOLE', 'UNREACHABLE', 'PROHIBIT', 'THROW', 'NAT', 'XRESOLVE'];
const LOG_LEVELS = ['emerg', 'alert', 'crit', 'error', 'err', 'warning', 'warn', 'notice', 'info', 'debug', 'panic', '0', '1', '2', '3', '4', '5', '6', '7'];
const MARK_OPTIONS = ['set-mark', 'set-xmark', 'and-mark', 'or-mark', 'xor-mark'];

export const REJECT_WITH = [
    'icmp-net-unreachable', 'net-unreach', 'icmp-host-unreachable', 'host-unreach', 'icmp-port-unreachable', 'port-unreach',
    'icmp-proto-unreachable', 'proto-unreach', 'icmp-net-prohibited', 'net-prohib', 'icmp-host-prohibited', 'host-prohib',
    'icmp-admin-prohibited', 'admin-prohib', 'tcp-reset', 'tcp-rst'
];

/** `--ctexpire SECONDS[:SECONDS]`, unsigned 32-bit, in order. */
function checkExpiry(argument: string): string | undefined {
    const m = /^(\d+)(?::(\d+))?$/.exec(argument);
    const from = m ? Number(m[1]) : NaN;
    const to = m && m[2] !== undefined ? Number(m[2]) : from;
    return m && to <= 0xffffffff && from <= to ? undefined : `'${argument}' is not SECONDS or FROM:TO with 0 <= FROM <= TO <= 4294967295`;
}

/** A port option with `--sport`/`--source-port` spellings. */
const portOption = (name: 'sport' | 'dport'): OptionSpec => ({
    name,
    spellings: name === 'sport' ? ['--sport', '--source-port'] : ['--dport', '--destination-port'],
    kind: 'ports',
    negatable: true
});

export const MATCHES: ReadonlyMap<string, MatchSpec> = new Map<string, MatchSpec>(([
    {
        name: 'basic',
        options: [
            { name: 'source', spellings: ['-s', '--source', '--src'], kind: 'cidr', negatable: true },
            { name: 'destination', spellings: ['-d', '--destination', '--dst'], kind: 'cidr', negatable: true },
            { name: 'in-interface', spellings: ['-i', '--in-interface'], kind: 'interface', negatable: true },
            { name: 'out-interface', spellings: ['-o', '--out-interface'], kind: 'interface', negatable: true },
            { name: 'protocol', spellings: ['-p', '--protocol'], kind: 'protocol', negatable: true },
            { name: 'fragment', spellings: ['-f', '--fragment'], kind: 'flag', negatable: true }
        ]
    },
    {
        name: 'tcp',
        implicitForProtocol: 'tcp',
        needsProtocol: ['tcp'],
        options: [
            portOption('sport'),
            portOption('dport'),
            opt('tcp-flags', 'tcpFlags', true),
            { name: 'syn', spellings: ['--syn'], kind: 'tcpFlags', negatable: true },
            opt('tcp-option', 'number', true, { min: 0, max: 255 })
        ]
    },
    { name: 'udp', implicitForProtocol: 'udp', needsProtocol: ['udp'], options: [portOption('sport'), portOption('dport')] },
    { name: 'icmp', implicitForProtocol: 'icmp', needsProtocol: ['icmp'], requiresOneOf: ['icmp-type'], options: [opt('icmp-type', 'icmpType', true)] },
    {
        name: 'multiport',
        needsProtocol: PORT_PROTOCOLS,
        requiresOneOf: ['sports', 'dports', 'ports'],
        exclusive: [['sports', 'dports', 'ports']],
        options: [
            { name: 'sports', spellings: ['--sports', '--source-ports'], kind: 'ports', negatable: true },
            { name: 'dports', spellings: ['--dports', '--destination-ports'], kind: 'ports', negatable: true },
            opt('ports', 'ports', true)
        ]
    },
    {
        name: 'conntrack',
        requiresOneOf: ['ctstate', 'ctproto', 'ctorigsrc', 'ctorigdst', 'ctreplsrc', 'ctrepldst', 'ctorigsrcport', 'ctorigdstport',
            'ctreplsrcport', 'ctrepldstport', 'ctstatus', 'ctdir', 'ctexpire'],
        unmodelledOptions: [{ spelling: '--ctexpire', arguments: 1, check: checkExpiry }],
        options: [
            opt('ctstate', 'words', true, { values: CT_STATES }),
            opt('ctproto', 'protocol', true),
            opt('ctorigsrc', 'cidr', true), opt('ctorigdst', 'cidr', true),
            opt('ctreplsrc', 'cidr', true), opt('ctrepldst', 'cidr', true),
            opt('ctorigsrcport', 'ports', true), opt('ctorigdstport', 'ports', true),
            opt('ctreplsrcport', 'ports', true), opt('ctrepldstport', 'ports', true),
            opt('ctstatus', 'words', true, { values: ['NONE', 'EXPECTED', 'SEEN_REPLY', 'ASSURED', 'CONFIRMED'] }),
            opt('ctdir', 'string', false, { values: ['ORIGINAL', 'REPLY'] })
        ]
    },
    { name: 'state', requiresOneOf: ['state'], options: [opt('state', 'words', true, { values: ['INVALID', 'NEW', 'ESTABLISHED', 'RELATED', 'UNTRACKED'] })] },
    { name: 'mark', requiresOneOf: ['mark'], options: [opt('mark', 'markMask', true)] },
    { name: 'connmark', requiresOneOf: ['mark'], options: [opt('mark', 'markMask', true)] },
    { name: 'comment', requiresOneOf: ['comment'], options: [opt('comment', 'string', false, { maxLength: 255 })] },
    {
        name: 'addrtype',
        requiresOneOf: ['src-type', 'dst-type'],
        exclusive: [['limit-iface-in', 'limit-iface-out']],
        options: [
            opt('src-type', 'words', true, { values: ADDRESS_TYPES }),
            opt('dst-type', 'words', true, { values: ADDRESS_TYPES }),
            flag('limit-iface-in', false, { hooks: ['PREROUTING', 'INPUT', 'FORWARD'] }),
            flag('limit-iface-out', false, { hooks: ['FORWARD', 'OUTPUT', 'POSTROUTING'] })
        ]
    },
    { name: 'iprange', requiresOneOf: ['src-range', 'dst-range'], options: [opt('src-range', 'addressRange', true), opt('dst-range', 'addressRange', true)] },
    {
        name: 'physdev',
        requiresOneOf: ['physdev-in', 'physdev-out', 'physdev-is-in', 'physdev-is-out', 'physdev-is-bridged'],
        options: [
            opt('physdev-in', 'interface', true),
            opt('physdev-out', 'interface', true),
            flag('physdev-is-in', true),
            flag('physdev-is-out', true),
            flag('physdev-is-bridged', true)
        ]
    },
    {
        name: 'statistic',
        requiresOneOf: ['mode'],
        options: [
            opt('mode', 'string', false, { values: ['random', 'nth'] }),
            opt('probability', 'number', true, { min: 0, max: 1 }),
            opt('every', 'number', true, { min: 1, max: 0xffffffff }),
            opt('packet', 'number', false, { min: 0, max: 0xffffffff })
        ],
        check: ({ options }) => {
            const mode = options.get('mode');
            const isNth = mode?.kind === 'string' && mode.value === 'nth';
            if (options.has('probability') && isNth) {
                return '--probability can only be used in random mode';
            }
            if ((options.has('every') || options.has('packet')) && !isNth) {
                return '--every and --packet can only be used in nth mode';
            }
            if (!isNth && !options.has('probability')) {
                return 'random mode needs --probability';
            }
            const every = options.get('every');
            const packet = options.get('packet');
            if (isNth && every === undefined) {
                return 'nth mode needs --every';
            }
            if (every?.kind === 'number' && packet?.kind === 'number' && packet.value > every.value - 1) {
                return `--packet ${packet.value} is out of range: it must be smaller than --every ${every.value}`;
            }
            return undefined;
        }
    },
    {
        name: 'recent',
        requiresOneOf: ['set', 'rcheck', 'update', 'remove'],
        exclusive: [['set', 'rcheck', 'update', 'remove']],
        options: [
            // `!` inverts the whole match (xt_recent has one invert flag); iptables writes it before the command.
            flag('set', true), flag('rcheck', true), flag('update', true), flag('remove', true),
            opt('name', 'string', false),
            opt('seconds', 'number', false, { min: 1, max: 0xffffffff }),
            flag('reap'),
            opt('hitcount', 'number', false, { min: 0, max: 0xffffffff }),
            flag('rttl'),
            // iptables-save writes one of the two and the mask on every recent rule; of both, the last given wins.
            flag('rsource'), flag('rdest'),
            // A netmask, held as the address of a /32 (`255.255.255.0`).
            opt('mask', 'cidr', false)
        ],
        check: ({ options }) => {
            const checks = options.has('rcheck') || options.has('update');
            if (!checks && options.has('rttl')) {
                return '--rttl goes with --rcheck or --update only';
            }
            if (options.has('reap') && !options.has('seconds')) {
                return '--reap also requires --seconds';
            }
            if (!checks && (options.has('seconds') || options.has('hitcount') || options.has('reap'))) {
                return '--seconds, --hitcount and --reap go with --rcheck or --update only (the kernel refuses them with --set or --remove: "Invalid argument")';
            }
            const name = options.get('name');
            return name?.kind === 'string' && name.value === '' ? '--name cannot be empty (the kernel refuses it: "Invalid argument")' : undefined;
        }
    },
    { name: 'mac', requiresOneOf: ['mac-source'], options: [opt('mac-source', 'string', true)] },
    { name: 'limit', options: [opt('limit', 'string', false, { rate: 'packets' }), opt('limit-burst', 'number', false, { min: 1, max: 10000 })] },
    {
        name: 'hashlimit',
        requiresOneOf: ['hashlimit-upto', 'hashlimit-above'],
        exclusive: [['hashlimit-upto', 'hashlimit-above']],
        unmodelledOptions: [
            // Rate-match mode classifies flows by their measured rate over an interval: no probe has one.
            { spelling: '--hashlimit-rate-match', arguments: 0 },
            { spelling: '--hashlimit-rate-interval', arguments: 1 }
        ],
        options: [
            // `! --hashlimit-upto` is `--hashlimit-above`, as iptables-save writes it.
            { name: 'hashlimit-upto', spellings: ['--hashlimit-upto', '--hashlimit'], kind: 'string', negatable: true, rate: 'bytes' },
            opt('hashlimit-above', 'string', true, { rate: 'bytes' }),
            opt('hashlimit-burst', 'number', false, { min: 1, max: 1000000 }),
            opt('hashlimit-mode', 'words', false, { values: ['SRCIP', 'SRCPORT', 'DSTIP', 'DSTPORT'] }),
            opt('hashlimit-srcmask', 'number', false, { min: 0, max: 32 }),
            opt('hashlimit-dstmask', 'number', false, { min: 0, max: 32 }),
            opt('hashlimit-name', 'string', false),
            opt('hashlimit-htable-size', 'number', false),
            opt('hashlimit-htable-max', 'number', false),
            opt('hashlimit-htable-expire', 'number', false),
            opt('hashlimit-htable-gcinterval', 'number', false)
        ],
        check: ({ options }) => options.has('hashlimit-name') ? undefined : '--hashlimit-name must be given'
    },
    {
        name: 'connlimit',
        requiresOneOf: ['connlimit-upto', 'connlimit-above'],
        exclusive: [['connlimit-upto', 'connlimit-above'], ['connlimit-saddr', 'connlimit-daddr']],
        options: [
            // `! --connlimit-above N` is `--connlimit-upto N`, and the other way round.
            opt('connlimit-upto', 'number', true), opt('connlimit-above', 'number', true),
            opt('connlimit-mask', 'number', false, { min: 0, max: 128 }),
            flag('connlimit-saddr'), flag('connlimit-daddr')
        ]
    },
    { name: 'set', requiresOneOf: ['match-set'], options: [{ name: 'match-set', spellings: ['--match-set', '--set'], kind: 'words', negatable: true }],
        unmodelledOptions: [
            ...['--return-nomatch', '--update-counters', '--update-subcounters'].map((spelling) => ({ spelling, arguments: 0 })),
            ...['--packets-eq', '--packets-lt', '--packets-gt', '--bytes-eq', '--bytes-lt', '--bytes-gt'].map((spelling) => ({ spelling, arguments: 1 }))
        ] }
] satisfies MatchSpec[]).map((m) => [m.name, m]));

const natRangeTarget = (name: 'SNAT' | 'DNAT', option: string, chains: readonly Hook[], flags: readonly string[]): TargetSpec => ({
    name,
    terminating: true,
    tables: ['nat'],
    hooks: chains,
    requiresOneOf: [option],
    options: [opt(option, 'natRange', false), ...flags.map((f) => flag(f))],
    check: ({ options, protocol }) => {
        const range = options.get(option);
        if (range?.kind === 'natRange' && range.ports !== undefined && (protocol === undefined || !NAT_PORT_PROTOCOLS.includes(protocol))) {
            return 'Need TCP, UDP, SCTP or DCCP with port specification';
        }
        return undefined;
    }
});

const portsNeedProtocol = (option: string) => ({ options, protocol }: CheckContext): string | undefined =>
    options.has(option) && (protocol === undefined || !NAT_PORT_PROTOCOLS.includes(protocol))
        ? 'Need TCP, UDP, SCTP or DCCP with port specification'
        : undefined;

export const TARGETS: ReadonlyMap<string, TargetSpec> = new Map<string, TargetSpec>(([
    { name: 'ACCEPT', terminating: true, options: [] },
    { name: 'DROP', terminating: true, options: [] },
    { name: 'RETURN', terminating: false, options: [] },
    { name: 'QUEUE', terminating: true, options: [] },
    {
        name: 'REJECT',
        terminating: true,
        tables: ['filter'],
        hooks: ['INPUT', 'FORWARD', 'OUTPUT'],
        options: [opt('reject-with', 'string', false, { values: REJECT_WITH })],
        check: ({ options, protocol }) => {
            const withValue = options.get('reject-with');
            return withValue?.kind === 'string' && withValue.value.startsWith('tcp-') && protocol !== 'tcp'
                ? '--reject-with tcp-reset is only valid with -p tcp'
                : undefined;
        }
    },
    {
        name: 'LOG',
        terminating: false,
        options: [
            opt('log-prefix', 'string', false, { maxLength: 29 }),
            opt('log-level', 'string', false, { values: LOG_LEVELS }),
            flag('log-tcp-sequence'), flag('log-tcp-options'), flag('log-ip-options'), flag('log-uid'), flag('log-macdecode')
        ]
    },
    {
        name: 'NFLOG',
        terminating: false,
        options: [
            opt('nflog-group', 'number', false, { min: 0, max: 65535 }),
            opt('nflog-prefix', 'string', false, { maxLength: 63 }),
            opt('nflog-threshold', 'number', false, { min: 1, max: 65535 }),
            opt('nflog-range', 'number', false, { min: 0, max: 0xffffffff }),
            opt('nflog-size', 'number', false, { min: 0, max: 0xffffffff })
        ]
    },
    {
        name: 'MARK',
        terminating: false,
        requiresOneOf: MARK_OPTIONS,
        exclusive: [MARK_OPTIONS],
        options: MARK_OPTIONS.map((o) => opt(o, 'markMask', false))
    },
    {
        name: 'CONNMARK',
        terminating: false,
        requiresOneOf: ['set-mark', 'set-xmark', 'save-mark', 'restore-mark'],
        exclusive: [['set-mark', 'set-xmark', 'save-mark', 'restore-mark']],
        options: [
            opt('set-mark', 'markMask', false), opt('set-xmark', 'markMask', false),
            flag('save-mark'), flag('restore-mark'),
            opt('nfmask', 'number', false, { min: 0, max: 0xffffffff }), opt('ctmask', 'number', false, { min: 0, max: 0xffffffff }),
            opt('mask', 'number', false, { min: 0, max: 0xffffffff })
        ]
    },
    {
        name: 'MASQUERADE',
        terminating: true,
        tables: ['nat'],
        hooks: ['POSTROUTING'],
        options: [opt('to-ports', 'ports', false), flag('random'), flag('random-fully')],
        check: portsNeedProtocol('to-ports')
    },
    natRangeTarget('SNAT', 'to-source', ['POSTROUTING', 'INPUT'], ['random', 'random-fully', 'persistent']),
    natRangeTarget('DNAT', 'to-destination', ['PREROUTING', 'OUTPUT'], ['random', 'persistent']),
    {
        name: 'REDIRECT',
        terminating: true,
        tables: ['nat'],
        hooks: ['PREROUTING', 'OUTPUT'],
        options: [opt('to-ports', 'ports', false), flag('random')],
        check: portsNeedProtocol('to-ports')
    },
    {
        name: 'CT',
        terminating: false,
        tables: ['raw'],
        options: [
            flag('notrack'), opt('zone', 'number', false, { min: 0, max: 65535 }), opt('helper', 'string', false),
            opt('ctevents', 'words', false, { values: ['NEW', 'RELATED', 'DESTROY', 'REPLY', 'ASSURED', 'PROTOINFO', 'HELPER', 'MARK', 'NATSEQINFO', 'SECMARK'] }),
            opt('expevents', 'words', false, { values: ['NEW'] }),
            opt('timeout', 'string', false)
        ]
    },
    { name: 'NOTRACK', terminating: false, tables: ['raw'], options: [] },
    {
        name: 'TRACE',
        terminating: false,
        tablesByBackend: { legacy: ['raw'], nft: undefined },
        options: []
    },
    {
        name: 'NFQUEUE',
        terminating: true,
        exclusive: [['queue-num', 'queue-balance']],
        options: [
            opt('queue-num', 'number', false, { min: 0, max: 65535 }),
            opt('queue-balance', 'string', false),
            flag('queue-bypass'), flag('fail-open'), flag('queue-cpu-fanout')
        ],
        check: ({ options }) => {
            const balance = options.get('queue-balance');
            if (balance?.kind !== 'string') {
                return undefined;
            }
            const m = /^(\d*):(\d*)$/.exec(balance.value);
            const from = m && m[1] !== '' ? Number(m[1]) : 0;
            const to = m && m[2] !== '' ? Number(m[2]) : 65534;
            return m === null || to > 65534 || from >= to
                ? `--queue-balance ${balance.value} is not a valid range FROM:TO of queue numbers with FROM < TO <= 65534`
                : undefined;
        }
    },
    {
        name: 'TTL',
        terminating: false,
        tables: ['mangle'],
        requiresOneOf: ['ttl-set', 'ttl-dec', 'ttl-inc'],
        exclusive: [['ttl-set', 'ttl-dec', 'ttl-inc']],
        options: [
            opt('ttl-set', 'number', false, { min: 0, max: 255 }),
            opt('ttl-dec', 'number', false, { min: 1, max: 255 }),
            opt('ttl-inc', 'number', false, { min: 1, max: 255 })
        ]
    },
    {
        name: 'TCPMSS',
        terminating: false,
        needsProtocol: ['tcp'],
        requiresOneOf: ['set-mss', 'clamp-mss-to-pmtu'],
        exclusive: [['set-mss', 'clamp-mss-to-pmtu']],
        // The kernel restricts only path-MTU clamping to these hooks (tcpmss_tg4_check); --set-mss is valid anywhere.
        options: [opt('set-mss', 'number', false, { min: 0, max: 65535 }), flag('clamp-mss-to-pmtu', false, { hooks: ['FORWARD', 'OUTPUT', 'POSTROUTING'] })]
    }
] satisfies TargetSpec[]).map((t) => [t.name, t]));

/** The tables where a target is valid for a backend; undefined means every table. */
export function targetTables(target: TargetSpec, backend: Backend): readonly TableName[] | undefined {
    return target.tablesByBackend ? target.tablesByBackend[backend] : target.tables;
}

/**
 * Match modules iptables ships that the registry does not type. Rules using them are kept with the module in
 * `Rule.unmodelled`; a module outside this list and MATCHES is probably a typo.
 */
export const UNMODELLED_MATCHES: ReadonlySet<string> = new Set([
    'ah', 'bpf', 'cgroup', 'cluster', 'connbytes', 'connlabel', 'cpu', 'dccp', 'devgroup', 'dscp', 'ecn', 'esp',
    'helper', 'ipcomp', 'ipvs', 'length', 'nfacct', 'osf', 'owner', 'pkttype', 'policy', 'quota', 'rateest',
    'realm', 'rpfilter', 'sctp', 'socket', 'string', 'tcpmss', 'time', 'tos', 'ttl', 'u32', 'udplite'
]);

/**
 * Unmodelled matches that iptables loads from `-p NAME` alone, as it loads `tcp` for `-p tcp --dport 80`, with the
 * options that load them (libxt_sctp, libxt_dccp, libxt_esp, libxt_ah). `udplite` and `mh` have no such match.
 */
export const IMPLICIT_UNMODELLED_MATCHES: ReadonlyMap<string, readonly string[]> = new Map([
    ['sctp', ['--sport', '--source-port', '--dport', '--destination-port', '--chunk-types']],
    ['dccp', ['--sport', '--source-port', '--dport', '--destination-port', '--dccp-types', '--dccp-option']],
    ['esp', ['--espspi']],
    ['ah', ['--ahspi']],
]);

/** Targets iptables ships that the registry does not type; their effect is not simulated. */
export const UNMODELLED_TARGETS: ReadonlySet<string> = new Set([
    'AUDIT', 'CHECKSUM', 'CLASSIFY', 'CLUSTERIP', 'CONNSECMARK', 'DSCP', 'ECN', 'HMARK', 'IDLETIMER', 'LED', 'NETMAP',
    'RATEEST', 'SECMARK', 'SET', 'SYNPROXY', 'TCPOPTSTRIP', 'TEE', 'TOS', 'TPROXY', 'ULOG'
]);

/** Protocol names `-p` accepts (from /etc/protocols), lower-case, with their numbers. `all` is 0. */
export const PROTOCOLS: ReadonlyMap<string, number> = new Map([
    ['all', 0], ['icmp', 1], ['igmp', 2], ['ipencap', 4], ['tcp', 6], ['egp', 8], ['udp', 17], ['ipv6', 41], ['gre', 47],
    ['esp', 50], ['ah', 51], ['icmpv6', 58], ['ipv6-icmp', 58], ['ospf', 89], ['pim', 103], ['vrrp', 112], ['l2tp', 115],
    ['sctp', 132], ['mh', 135], ['udplite', 136], ['dccp', 33]
]);

/** Service names iptables resolves through /etc/services for ports; the common subset, so results do not depend on the host. */
export const SERVICES: ReadonlyMap<string, number> = new Map([
    ['echo', 7], ['discard', 9], ['ftp-data', 20], ['ftp', 21], ['ssh', 22], ['telnet', 23], ['smtp', 25], ['domain', 53],
    ['bootps', 67], ['bootpc', 68], ['tftp', 69], ['http', 80], ['www', 80], ['kerberos', 88], ['pop3', 110], ['sunrpc', 111],
    ['ntp', 123], ['netbios-ns', 137], ['netbios-dgm', 138], ['netbios-ssn', 139], ['imap', 143], ['imap2', 143], ['snmp', 161],
    ['snmp-trap', 162], ['ldap', 389], ['https', 443], ['microsoft-ds', 445], ['isakmp', 500], ['syslog', 514], ['submission', 587],
    ['ldaps', 636], ['imaps', 993], ['pop3s', 995], ['openvpn', 1194], ['mysql', 3306], ['postgresql', 5432]
]);

/** ICMP type names of `--icmp-type`: [type, code] with code undefined for every code. */
export const ICMP_TYPES: ReadonlyMap<string, readonly [number, number | undefined]> = new Map<string, readonly [number, number | undefined]>([
    ['echo-reply', [0, undefined]], ['pong', [0, undefined]],
    ['destination-unreachable', [3, undefined]], ['network-unreachable', [3, 0]], ['host-unreachable', [3, 1]],
    ['protocol-unreachable', [3, 2]], ['port-unreachable', [3, 3]], ['fragmentation-needed', [3, 4]],
    ['source-route-failed', [3, 5]], ['network-unknown', [3, 6]], ['host-unknown', [3, 7]], ['network-prohibited', [3, 9]],
    ['host-prohibited', [3, 10]], ['TOS-network-unreachable', [3, 11]], ['TOS-host-unreachable', [3, 12]],
    ['communication-prohibited', [3, 13]], ['host-precedence-violation', [3, 14]], ['precedence-cutoff', [3, 15]],
    ['source-quench', [4, undefined]], ['redirect', [5, undefined]], ['network-redirect', [5, 0]], ['host-redirect', [5, 1]],
    ['TOS-network-redirect', [5, 2]], ['TOS-host-redirect', [5, 3]], ['echo-request', [8, undefined]], ['ping', [8, undefined]],
    ['router-advertisement', [9, undefined]], ['router-solicitation', [10, undefined]], ['time-exceeded', [11, undefined]],
    ['ttl-exceeded', [11, undefined]], ['ttl-zero-during-transit', [11, 0]], ['ttl-zero-during-reassembly', [11, 1]],
    ['parameter-problem', [12, undefined]], ['ip-header-bad', [12, 0]], ['required-option-missing', [12, 1]],
    ['timestamp-request', [13, undefined]], ['timestamp-reply', [14, undefined]], ['address-mask-request', [17, undefined]],
    ['address-mask-reply', [18, undefined]]
]);

/** TCP flag bits as `--tcp-flags` names them. */
export const TCP_FLAGS: ReadonlyMap<string, number> = new Map([
    ['FIN', 1], ['SYN', 2], ['RST', 4], ['PSH', 8], ['ACK', 16], ['URG', 32], ['ALL', 63], ['NONE', 0]
]);

/** Longest interface name the kernel accepts (IFNAMSIZ - 1). */
export const MAX_INTERFACE_NAME = 15;
/** Longest chain name iptables accepts (XT_EXTENSION_MAXNAMELEN - 1). */
export const MAX_CHAIN_NAME = 28;

/** Option lookups by spelling and by canonical name, per module and per target, built once. */
function optionIndex(specs: Iterable<{ options: readonly OptionSpec[] }>, keys: (option: OptionSpec) => readonly string[]): Map<object, Map<string, OptionSpec>> {
    const index = new Map<object, Map<string, OptionSpec>>();
    for (const spec of specs) {
        const byKey = new Map<string, OptionSpec>();
        for (const option of spec.options) {
            for (const key of keys(option)) {
                byKey.set(key, option);
            }
        }
        index.set(spec, byKey);
    }
    return index;
}

const ALL_SPECS = [...MATCHES.values(), ...TARGETS.values()];
const BY_SPELLING = optionIndex(ALL_SPECS, (o) => o.spellings);
const BY_NAME = optionIndex(ALL_SPECS, (o) => [o.name]);

/** The option of a module or target spelled `spelling` (`--dport`, `-s`), if any. */
export function findOption(spec: MatchSpec | TargetSpec, spelling: string): OptionSpec | undefined {
    return BY_SPELLING.get(spec)?.get(spelling);
}

/** The option of a module or target with canonical name `name` (MatchOption.name), if any. */
export function optionNamed(spec: MatchSpec | TargetSpec, name: string): OptionSpec | undefined {
    return BY_NAME.get(spec)?.get(name);
}
