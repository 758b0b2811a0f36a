import type { IPv4 } from './ipv4-address.js';
import type { SourceRef } from './source-location.js';

/**
 * An iptables ruleset as plain data, typed through the registry in `language/iptables/`.
 * The simulator and the analysis read only this; they never see rule text except for display.
 */

export type TableName = 'raw' | 'mangle' | 'nat' | 'filter' | 'security';

export type Policy = 'ACCEPT' | 'DROP';

/** The verdicts a built-in chain's policy may be: iptables-restore refuses any other. */
export const POLICIES: readonly Policy[] = ['ACCEPT', 'DROP'];

export interface Ruleset {
    /** Only the tables that some text mentioned; a table that is absent behaves as empty with ACCEPT policies. */
    tables: Map<TableName, Table>;
}

export interface Table {
    name: TableName;
    chains: Map<string, Chain>;
    /** The `*table` header that (last) declared it. */
    source?: SourceRef;
}

export interface Chain {
    name: string;
    table: TableName;
    builtin: boolean;
    /** Built-in chains only; undefined for user chains. */
    policy?: Policy;
    rules: Rule[];
    /** The `:CHAIN` line or `-N` that declared it; undefined for a built-in chain that was never written. */
    source?: SourceRef;
}

export interface Rule {
    table: TableName;
    chain: string;
    /** 1-based position in its chain, as `iptables -L --line-numbers` counts. */
    position: number;
    /** The rule as written after `-A CHAIN` (no counters), for display and for export. */
    text: string;
    source: SourceRef;
    /** In the order written. The generic matches (-s -d -i -o -p -f) form the module `basic`. */
    matches: Match[];
    /** Undefined for a rule with no target (it only counts packets). */
    target?: Target;
    /** Options the registry does not model: kept verbatim so nothing the user wrote is lost (see `unmodelledPolicy`). */
    unmodelled: UnmodelledOption[];
    counters?: { packets: number; bytes: number };
    /**
     * iptables would refuse the rule (the parser reported its errors): it stays in its chain, as written, but the
     * simulator never matches it and the analysis leaves it out, as the kernel would never load it.
     */
    refused?: boolean;
}

export interface Match {
    /** `basic` for the generic matches, else the module name (`tcp`, `conntrack`, ...). */
    module: string;
    /** True when iptables loads the module without `-m` (`-p tcp --dport 80`). */
    implicit: boolean;
    options: MatchOption[];
}

export interface MatchOption {
    /** The registry's canonical long name without dashes: `source`, `dport`, `ctstate`, ... */
    name: string;
    negated: boolean;
    value: OptionValue;
    /** As written, for display (`! --dport 80`). */
    text: string;
}

export interface Target {
    /** ACCEPT, DROP, RETURN, an extension target (MASQUERADE, ...) or a user chain name. */
    name: string;
    /** `-g CHAIN` rather than `-j`. */
    goto: boolean;
    /** The name is a chain of the table, not a built-in verdict or extension. */
    userChain: boolean;
    options: TargetOption[];
}

export interface TargetOption {
    name: string;
    value: OptionValue;
    text: string;
}

export interface PortRange {
    from: number;
    to: number;
}

/** The typed argument of a match or target option; the registry decides which kind each option takes. */
export type OptionValue =
    | { kind: 'flag' }
    | { kind: 'cidr'; address: IPv4; prefix: number }
    | { kind: 'addressRange'; from: IPv4; to: IPv4 }
    | { kind: 'interface'; name: string; wildcard: boolean }
    /** `protocol: undefined` means `all`. */
    | { kind: 'protocol'; protocol: number | undefined; name: string }
    | { kind: 'ports'; ranges: PortRange[] }
    | { kind: 'words'; words: string[] }
    | { kind: 'markMask'; value: number; mask: number }
    | { kind: 'number'; value: number }
    | { kind: 'string'; value: string }
    | { kind: 'tcpFlags'; mask: number; compare: number }
    /** `type: undefined` means `any`. */
    | { kind: 'icmpType'; type: number | undefined; code: number | undefined; name: string }
    /** NAT `--to-destination`/`--to-source`: an address range with an optional port range. */
    | { kind: 'natRange'; from: IPv4 | undefined; to: IPv4 | undefined; ports: PortRange | undefined };

export interface UnmodelledOption {
    /** The module or target it belongs to (`recent`, `owner`, ...), when known. */
    module?: string;
    /** Verbatim text, including its arguments. */
    text: string;
    /** `match`: the simulator ignores this condition (treats it as satisfied). `target`: the target's effect is not simulated. */
    role: 'match' | 'target';
}
