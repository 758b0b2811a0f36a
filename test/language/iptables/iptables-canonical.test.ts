import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Match, MatchOption, Rule, Ruleset } from '../../../model/model-api.js';
import { prefixMask } from '../../../model/model-api.js';
import { emptyRuleset, parseIptablesSave } from '../../../language/iptables/iptables-save-parser.js';
import { corpusDirectory } from './iptables-conformance.js';

/**
 * shared/corpus/iptables-save-canonical holds files loaded into iptables and dumped back. Whatever iptables-save
 * reorders or spells differently, the original and the dump must give the same typed rules: same matches (in any order,
 * implicit or not, networks without host bits), same target and options, same unmodelled modules. What iptables-save
 * adds or respells on its own (REJECT's default --reject-with, MARK as --set-xmark, `-m recent` defaults) is folded here.
 */
const PAIRS: [string, string][] = [
    ['kube-proxy-iptables-overall.txt', 'kube-proxy-iptables-overall.save.txt'],
    ['ufw-0.37-user.rules-limit.txt', 'ufw-0.37-user.rules-limit.save.txt']
];

/**
 * MARK's --set-mark/--and-mark/--or-mark/--xor-mark are spellings of one kernel operation, (mark & ~mask) ^ value,
 * which iptables-save prints as --set-xmark VALUE/MASK (libxt_MARK).
 */
function xmark(name: string, value: number, mask: number): [number, number] {
    switch (name) {
        case 'set-mark': return [value, (mask | value) >>> 0];
        case 'and-mark': return [0, ~value >>> 0];
        case 'or-mark': return [value, value];
        case 'xor-mark': return [value, 0];
        default: return [value, mask];
    }
}

/** What iptables-save adds on its own: the default of REJECT. */
const DEFAULT_TARGET_OPTIONS: Record<string, string> = {
    REJECT: 'reject-with={"kind":"string","value":"icmp-port-unreachable"}'
};

/** What iptables-save adds to every `-m recent` that does not say it (libxt_recent's print). */
const RECENT_DEFAULTS: MatchOption[] = [
    { name: 'name', negated: false, value: { kind: 'string', value: 'DEFAULT' }, text: '--name DEFAULT' },
    { name: 'mask', negated: false, value: { kind: 'cidr', address: 0xffffffff, prefix: 32 }, text: '--mask 255.255.255.255' },
    { name: 'rsource', negated: false, value: { kind: 'flag' }, text: '--rsource' }
];

function withDefaults(m: Match): MatchOption[] {
    if (m.module !== 'recent') {
        return m.options;
    }
    const has = (name: string) => m.options.some((o) => o.name === name || (name === 'rsource' && o.name === 'rdest'));
    return [...m.options, ...RECENT_DEFAULTS.filter((d) => !has(d.name))];
}

function signature(rule: Rule): string {
    const matches = rule.matches.flatMap((m) => withDefaults(m).map((o) => {
        // iptables-save prints networks without host bits; the model keeps what was written.
        const value = o.value.kind === 'cidr' ? { ...o.value, address: (o.value.address & prefixMask(o.value.prefix)) >>> 0 } : o.value;
        return `${m.module}:${o.negated ? '!' : ''}${o.name}=${JSON.stringify(value)}`;
    })).sort();
    const target = rule.target;
    const options = target ? target.options.map((o) => target.name === 'MARK' && o.value.kind === 'markMask'
        ? `set-xmark=${xmark(o.name, o.value.value, o.value.mask).join('/')}`
        : `${o.name}=${JSON.stringify(o.value)}`) : [];
    if (target && DEFAULT_TARGET_OPTIONS[target.name] && options.length === 0) {
        options.push(DEFAULT_TARGET_OPTIONS[target.name]);
    }
    // SOURCES.md: the canonical kube-proxy dump was made with the `-m nfacct` matches removed.
    const unmodelled = rule.unmodelled.map((u) => u.module).filter((m) => m !== 'nfacct').sort();
    return JSON.stringify({ matches, target: target && [target.name, target.goto, options.sort()], unmodelled });
}

function load(file: string, directory: string): Ruleset {
    const ruleset = emptyRuleset();
    const errors = parseIptablesSave(readFileSync(join(corpusDirectory(directory), file), 'utf8'), ruleset, { file })
        .filter((d) => d.severity === 'error');
    assert.deepEqual(errors, []);
    return ruleset;
}

describe('iptables-save canonical forms', () => {
    for (const [original, canonical] of PAIRS) {
        it(`${original} and its iptables-save dump give the same typed rules`, () => {
            const a = load(original, 'iptables-save');
            const b = load(canonical, 'iptables-save-canonical');
            for (const [tableName, table] of b.tables) {
                for (const [chainName, chain] of table.chains) {
                    const mine = a.tables.get(tableName)?.chains.get(chainName)?.rules ?? [];
                    assert.deepEqual(mine.map(signature), chain.rules.map(signature), `${tableName} ${chainName}`);
                }
            }
        });
    }
});
