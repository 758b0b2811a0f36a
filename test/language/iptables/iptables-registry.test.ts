import assert from 'node:assert/strict';
import {
    HOOKS, MATCHES, TABLES, TARGETS, builtinHook, findOption, targetTables
} from '../../../language/iptables/iptables-registry.js';

/** The registry is data other code iterates: these checks keep it self-consistent and complete for LANGUAGE.md §3. */
describe('iptables registry', () => {
    it('knows every match and target LANGUAGE.md §3 lists', () => {
        for (const name of ['tcp', 'udp', 'icmp', 'multiport', 'conntrack', 'state', 'mark', 'connmark', 'comment', 'addrtype', 'iprange',
            'physdev', 'statistic', 'mac', 'limit', 'set']) {
            assert.ok(MATCHES.has(name), `match ${name}`);
        }
        for (const name of ['ACCEPT', 'DROP', 'REJECT', 'RETURN', 'LOG', 'NFLOG', 'MARK', 'CONNMARK', 'MASQUERADE', 'SNAT', 'DNAT', 'REDIRECT',
            'TRACE', 'NOTRACK', 'CT', 'QUEUE', 'NFQUEUE']) {
            assert.ok(TARGETS.has(name), `target ${name}`);
        }
    });

    it('has the built-in chains of each table, each on the hook of its name', () => {
        assert.deepEqual(Object.fromEntries([...TABLES].map(([name, spec]) => [name, spec.chains])), {
            raw: ['PREROUTING', 'OUTPUT'],
            mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
            nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
            filter: ['INPUT', 'FORWARD', 'OUTPUT'],
            security: ['INPUT', 'FORWARD', 'OUTPUT']
        });
        assert.equal(builtinHook('nat', 'FORWARD'), undefined);
        assert.equal(builtinHook('nat', 'POSTROUTING'), 'POSTROUTING');
        assert.equal(builtinHook('filter', 'DOCKER'), undefined);
    });

    it('spells each option once per extension and names only real options in its constraints', () => {
        for (const spec of [...MATCHES.values(), ...TARGETS.values()]) {
            const spellings = spec.options.flatMap((o) => o.spellings);
            assert.equal(new Set(spellings).size, spellings.length, `${spec.name} has a spelling twice`);
            const names = new Set(spec.options.map((o) => o.name));
            for (const name of [...(spec.requiresOneOf ?? []), ...(spec.exclusive ?? []).flat()]) {
                assert.ok(names.has(name) || ('unmodelledOptions' in spec && spec.unmodelledOptions?.some((u) => u.spelling === `--${name}`)),
                    `${spec.name} constrains unknown option ${name}`);
            }
            for (const option of spec.options) {
                assert.ok(option.spellings.every((s) => findOption(spec, s) === option));
                assert.ok((option.hooks ?? []).every((h) => HOOKS.includes(h)));
            }
        }
    });

    it('gives the canonical names and short spellings of the generic options', () => {
        const basic = MATCHES.get('basic')!;
        assert.deepEqual(['-s', '--source', '--src', '-d', '--dst', '-i', '-o', '-p', '-f'].map((s) => findOption(basic, s)?.name),
            ['source', 'source', 'source', 'destination', 'destination', 'in-interface', 'out-interface', 'protocol', 'fragment']);
        assert.equal(findOption(MATCHES.get('tcp')!, '--destination-port')?.name, 'dport');
        assert.equal(MATCHES.get('tcp')!.implicitForProtocol, 'tcp');
    });

    it('records where targets are valid, per backend for TRACE', () => {
        assert.deepEqual(targetTables(TARGETS.get('TRACE')!, 'legacy'), ['raw']);
        assert.equal(targetTables(TARGETS.get('TRACE')!, 'nft'), undefined);
        assert.deepEqual(TARGETS.get('MASQUERADE')!.hooks, ['POSTROUTING']);
        assert.deepEqual(targetTables(TARGETS.get('REJECT')!, 'nft'), ['filter']);
        assert.deepEqual(['ACCEPT', 'DROP', 'REJECT', 'DNAT', 'LOG', 'MARK', 'RETURN'].map((t) => TARGETS.get(t)!.terminating),
            [true, true, true, true, false, false, false]);
    });
});
