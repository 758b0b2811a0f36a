import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Rule, Ruleset } from '../../../model/model-api.js';
import { parseIPv4 } from '../../../model/model-api.js';
import { emptyRuleset, parseIptablesSave } from '../../../language/iptables/iptables-save-parser.js';
import { kubeProxyRuleset } from '../../../bench/kube-proxy-generator.js';

function parse(text: string, into: Ruleset = emptyRuleset()) {
    const diagnostics = parseIptablesSave(text, into, { file: 'rules.v4' });
    return { ruleset: into, diagnostics };
}

function rulesOf(ruleset: Ruleset, table: 'filter' | 'nat' | 'mangle' | 'raw', chain: string): Rule[] {
    const found = ruleset.tables.get(table)?.chains.get(chain);
    assert.ok(found, `${table} ${chain} exists`);
    return found.rules;
}

const ip = (text: string) => parseIPv4(text)!;

describe('parseIptablesSave', () => {
    it('types a rule through the registry: generic matches, modules and target options', () => {
        const { ruleset, diagnostics } = parse([
            '*nat',
            ':POSTROUTING ACCEPT [0:0]',
            '-A POSTROUTING -s 192.168.31.0/24 ! -o br0 -p tcp -m multiport --dports 80,8000:8080 -m comment --comment "web out" -j MASQUERADE --to-ports 1024-65535',
            'COMMIT'
        ].join('\n'));
        assert.deepEqual(diagnostics, []);
        const [rule] = rulesOf(ruleset, 'nat', 'POSTROUTING');
        assert.equal(rule.text, '-s 192.168.31.0/24 ! -o br0 -p tcp -m multiport --dports 80,8000:8080 -m comment --comment "web out" -j MASQUERADE --to-ports 1024-65535');
        assert.deepEqual(rule.matches, [
            {
                module: 'basic', implicit: true, options: [
                    { name: 'source', negated: false, value: { kind: 'cidr', address: ip('192.168.31.0'), prefix: 24 }, text: '-s 192.168.31.0/24' },
                    { name: 'out-interface', negated: true, value: { kind: 'interface', name: 'br0', wildcard: false }, text: '! -o br0' },
                    { name: 'protocol', negated: false, value: { kind: 'protocol', protocol: 6, name: 'tcp' }, text: '-p tcp' }
                ]
            },
            {
                module: 'multiport', implicit: false, options: [
                    { name: 'dports', negated: false, value: { kind: 'ports', ranges: [{ from: 80, to: 80 }, { from: 8000, to: 8080 }] }, text: '--dports 80,8000:8080' }
                ]
            },
            { module: 'comment', implicit: false, options: [{ name: 'comment', negated: false, value: { kind: 'string', value: 'web out' }, text: '--comment "web out"' }] }
        ]);
        assert.deepEqual(rule.target, {
            name: 'MASQUERADE', goto: false, userChain: false,
            options: [{ name: 'to-ports', value: { kind: 'ports', ranges: [{ from: 1024, to: 65535 }] }, text: '--to-ports 1024-65535' }]
        });
        assert.deepEqual(rule.unmodelled, []);
        assert.equal(rule.position, 1);
    });

    it('loads tcp implicitly after -p tcp and reads ! before or after the option name', () => {
        const { ruleset, diagnostics } = parse('-A INPUT -p tcp --dport 22 -j ACCEPT\n-A INPUT -p tcp --sport ! 1024:65535 -j DROP\n-A INPUT -p tcp ! --syn -j DROP');
        assert.deepEqual(diagnostics, []);
        const [ssh, old, syn] = rulesOf(ruleset, 'filter', 'INPUT');
        assert.deepEqual(ssh.matches[1], {
            module: 'tcp', implicit: true,
            options: [{ name: 'dport', negated: false, value: { kind: 'ports', ranges: [{ from: 22, to: 22 }] }, text: '--dport 22' }]
        });
        assert.equal(old.matches[1].options[0].negated, true);
        assert.deepEqual(syn.matches[1].options[0].value, { kind: 'tcpFlags', mask: 0x17, compare: 0x02 });
        assert.equal(syn.matches[1].options[0].negated, true);
    });

    it('reads ufw lines: quoted prefixes with \\", options after -j, -I inside a restore file', () => {
        const { ruleset, diagnostics } = parse([
            '*filter',
            ':ufw-user-input - [0:0]',
            '-A ufw-user-input -p udp --dport 53 -j ACCEPT',
            '-A ufw-user-input -j LOG --log-prefix "[UFW \\"X\\"] " -m limit --limit 3/min --limit-burst 10',
            '-I ufw-user-input 1 -i lo -j ACCEPT',
            'COMMIT'
        ].join('\n'));
        assert.deepEqual(diagnostics, []);
        const rules = rulesOf(ruleset, 'filter', 'ufw-user-input');
        assert.deepEqual(rules.map((r) => [r.position, r.target?.name]), [[1, 'ACCEPT'], [2, 'ACCEPT'], [3, 'LOG']]);
        const log = rules[2];
        assert.deepEqual(log.target!.options, [{ name: 'log-prefix', value: { kind: 'string', value: '[UFW "X"] ' }, text: '--log-prefix "[UFW \\"X\\"] "' }]);
        assert.deepEqual(log.matches.map((m) => m.module), ['limit']);
        assert.deepEqual(log.matches[0].options.map((o) => [o.name, o.value]), [
            ['limit', { kind: 'string', value: '3/min' }], ['limit-burst', { kind: 'number', value: 10 }]
        ]);
    });

    it('keeps counters, declares built-in chains, and sends -A before any *table to filter', () => {
        const { ruleset, diagnostics } = parse('-A FORWARD -j DROP\n*raw\n:PREROUTING DROP [5:300]\n[7:420] -A PREROUTING -j CT --notrack\nCOMMIT');
        assert.deepEqual(diagnostics, []);
        const filter = ruleset.tables.get('filter')!;
        assert.deepEqual([...filter.chains.keys()], ['INPUT', 'FORWARD', 'OUTPUT']);
        assert.equal(filter.chains.get('INPUT')!.source, undefined, 'a built-in chain never written has no source');
        const raw = ruleset.tables.get('raw')!.chains.get('PREROUTING')!;
        assert.equal(raw.policy, 'DROP');
        assert.deepEqual(raw.rules[0].counters, { packets: 7, bytes: 420 });
        assert.deepEqual(raw.rules[0].target!.options, [{ name: 'notrack', value: { kind: 'flag' }, text: '--notrack' }]);
    });

    it('names the line iptables-restore names for a missing COMMIT, with or without a final newline', () => {
        for (const [text, line] of [['*filter\n-A INPUT -j ACCEPT\n', 3], ['*filter\n-A INPUT -j ACCEPT', 3], ['*filter\n-A INPUT -j ACCEPT\n\n# end\n', 5]] as const) {
            const diagnostics = parseIptablesSave(text, emptyRuleset(), { file: 'f.rules', wholeFile: true });
            assert.deepEqual(diagnostics.map((d) => d.message.match(/COMMIT expected at line (\d+)/)?.[1]), [String(line)], JSON.stringify(text));
        }
        assert.deepEqual(parseIptablesSave('*filter\n-A INPUT -j ACCEPT\n', emptyRuleset(), { file: 'block' }), [], 'a block may leave COMMIT out');
    });

    it('points every rule and chain at its exact line and columns inside a .netz block', () => {
        // The block body starts at line 10, column 13 of the .netz file; later lines start at column 1.
        const ruleset = emptyRuleset();
        const diagnostics = parseIptablesSave('*filter\n  :WEB - [0:0]\n  -A WEB -s 10.0.0.300 -j ACCEPT\n  -A WEB -j RETURN', ruleset, { file: 'host.netz', line: 10, column: 13 });
        const web = ruleset.tables.get('filter')!.chains.get('WEB')!;
        assert.deepEqual(ruleset.tables.get('filter')!.source, { file: 'host.netz', line: 10, column: 13, endLine: 10, endColumn: 20 });
        assert.deepEqual(web.source, { file: 'host.netz', line: 11, column: 3, endLine: 11, endColumn: 15 });
        assert.deepEqual(web.rules[1].source, { file: 'host.netz', line: 13, column: 3, endLine: 13, endColumn: 19 });
        assert.deepEqual(diagnostics.map((d) => [d.code, d.source]), [
            ['ipt-bad-argument', { file: 'host.netz', line: 12, column: 13, endLine: 12, endColumn: 23 }]
        ]);
    });

    it('appends across calls (several blocks of one namespace) but lets a repeated *table in one text replace the table', () => {
        const ruleset = emptyRuleset();
        parse('*filter\n:WEB - [0:0]\n-A INPUT -j WEB\n-A WEB -j ACCEPT\nCOMMIT', ruleset);
        const second = parse('*filter\n:WEB - [0:0]\n-A INPUT -j DROP\nCOMMIT', ruleset);
        assert.deepEqual(second.diagnostics, []);
        assert.deepEqual(rulesOf(ruleset, 'filter', 'INPUT').map((r) => [r.position, r.text]), [[1, '-j WEB'], [2, '-j DROP']]);
        assert.equal(rulesOf(ruleset, 'filter', 'WEB').length, 1);

        const replaced = parse('*filter\n:WEB - [0:0]\n-A INPUT -j WEB\nCOMMIT\n*filter\n-A INPUT -j DROP\nCOMMIT');
        assert.deepEqual(replaced.diagnostics.map((d) => d.code), ['ipt-table-replaced']);
        assert.deepEqual(rulesOf(replaced.ruleset, 'filter', 'INPUT').map((r) => r.text), ['-j DROP']);
        assert.equal(replaced.ruleset.tables.get('filter')!.chains.has('WEB'), false);
    });

    it('applies -D, -R, -F, -X, -N, -P and -Z in order', () => {
        const { ruleset, diagnostics } = parse([
            '*filter', '-N TMP', '-N KEEP', '-A INPUT -s 192.0.2.1 -j DROP', '-A INPUT -s 192.0.2.2 -j DROP', '-A INPUT -s 192.0.2.3 -j DROP',
            '-D INPUT -s  192.0.2.2 -j DROP', '-R INPUT 1 -s 192.0.2.9 -j ACCEPT', '-A KEEP -j RETURN', '-F KEEP', '-X TMP', '-P FORWARD DROP',
            '[3:180] -A OUTPUT -j ACCEPT', '-Z OUTPUT', 'COMMIT'
        ].join('\n'));
        assert.deepEqual(diagnostics, []);
        const filter = ruleset.tables.get('filter')!;
        assert.deepEqual(rulesOf(ruleset, 'filter', 'INPUT').map((r) => [r.position, r.text]), [[1, '-s 192.0.2.9 -j ACCEPT'], [2, '-s 192.0.2.3 -j DROP']]);
        assert.deepEqual([...filter.chains.keys()], ['INPUT', 'FORWARD', 'OUTPUT', 'KEEP']);
        assert.equal(filter.chains.get('KEEP')!.rules.length, 0);
        assert.equal(filter.chains.get('FORWARD')!.policy, 'DROP');
        assert.deepEqual(filter.chains.get('OUTPUT')!.rules[0].counters, { packets: 0, bytes: 0 });
    });

    it('loads a module again when -m repeats it, and keeps unknown modules verbatim with what the simulator does', () => {
        const { ruleset, diagnostics } = parse('-A INPUT -m comment --comment a -m comment --comment b -m owner --uid-owner 0 -m set --match-set blocked src -j DROP');
        const [rule] = rulesOf(ruleset, 'filter', 'INPUT');
        assert.deepEqual(rule.matches.map((m) => [m.module, m.options.map((o) => o.value)]), [
            ['comment', [{ kind: 'string', value: 'a' }]],
            ['comment', [{ kind: 'string', value: 'b' }]],
            ['set', [{ kind: 'words', words: ['blocked', 'src'] }]]
        ]);
        assert.deepEqual(rule.unmodelled, [{ module: 'owner', text: '-m owner --uid-owner 0', role: 'match' }]);
        assert.deepEqual(diagnostics.map((d) => [d.severity, d.code, d.source.column, d.source.endColumn, d.message]), [
            ['info', 'ipt-unmodelled-option', 56, 78, "'-m owner --uid-owner 0' is not modelled: the simulator ignores this condition and treats it as always true for this rule."]
        ]);
    });

    it('accepts exactly the addresses the model accepts (its own fast dotted-quad reader agrees with parseIPv4)', () => {
        const part = fc.oneof(fc.integer({ min: 0, max: 300 }).map(String), fc.constantFrom('', '00', '01', '007', 'x', '-1', '256'));
        fc.assert(fc.property(fc.array(part, { minLength: 1, maxLength: 5 }), (parts) => {
            const text = parts.join('.');
            fc.pre(text !== ''); // no argument at all is ipt-missing-argument
            const { ruleset, diagnostics } = parse(`-A INPUT -s ${text}`);
            const expected = parseIPv4(text);
            const value = rulesOf(ruleset, 'filter', 'INPUT')[0].matches[0]?.options[0]?.value;
            if (expected === undefined) {
                assert.deepEqual(diagnostics.map((d) => d.code), ['ipt-bad-argument'], text);
            } else {
                assert.deepEqual(value, { kind: 'cidr', address: expected, prefix: 32 }, text);
            }
        }), { numRuns: 500 });
    });

    it('marks jumps to chains as user-chain targets, -g as goto', () => {
        const { ruleset } = parse('*filter\n:A - [0:0]\n-A INPUT -j A\n-A INPUT -g A\n-A INPUT -p tcp');
        const [jump, go, count] = rulesOf(ruleset, 'filter', 'INPUT');
        assert.deepEqual(jump.target, { name: 'A', goto: false, userChain: true, options: [] });
        assert.deepEqual(go.target, { name: 'A', goto: true, userChain: true, options: [] });
        assert.equal(count.target, undefined, 'a rule with no target only counts');
    });

    it('accepts getopt spellings: --opt=value and glued short options', () => {
        const { ruleset, diagnostics } = parse('-A FORWARD --protocol=tcp --source=192.0.2.4 -ieth0 -jACCEPT');
        assert.deepEqual(diagnostics, []);
        const [rule] = rulesOf(ruleset, 'filter', 'FORWARD');
        assert.deepEqual(rule.matches[0].options.map((o) => o.name), ['protocol', 'source', 'in-interface']);
        assert.equal(rule.target!.name, 'ACCEPT');
    });

    it('parses a 115,000-line kube-proxy-shaped ruleset into typed rules without a diagnostic', function () {
        // Speed is measured by `npm run bench` against iptables-restore --test, not asserted here.
        this.timeout(120000);
        const text = kubeProxyRuleset(10000, 2);
        assert.ok(text.split('\n').length > 110000);
        const { ruleset, diagnostics } = parse(text);
        assert.deepEqual(diagnostics, []);
        assert.equal(rulesOf(ruleset, 'nat', 'KUBE-SERVICES').length, 10001);
        const dnat = rulesOf(ruleset, 'nat', [...ruleset.tables.get('nat')!.chains.keys()].find(name => name.startsWith('KUBE-SEP-'))!)[1];
        assert.equal(dnat.target!.name, 'DNAT');
        assert.equal(dnat.target!.options[0].value.kind, 'natRange');
    });

    it('types each rule of a large file exactly as it types the rule alone (past the point where unique values stop being shared)', () => {
        // Every source and DNAT destination is unique and every --dport repeats: the parser stops sharing the first kind after a trial.
        const rules = Array.from({ length: 6000 }, (_, i) =>
            `-A OUTPUT -s 10.1.${i >> 8}.${i & 255}/32 -p tcp --dport ${80 + (i % 3)} -m comment --comment "svc ${i % 7}" -j DNAT --to-destination 10.2.${i >> 8}.${i & 255}:8080`);
        const { ruleset, diagnostics } = parse(['*nat', ...rules, 'COMMIT'].join('\n'));
        assert.deepEqual(diagnostics, []);
        const bulk = rulesOf(ruleset, 'nat', 'OUTPUT');
        assert.equal(bulk.length, rules.length);
        bulk.forEach((rule, i) => {
            const alone = emptyRuleset();
            parseIptablesSave(`*nat\n${rules[i]}`, alone, { file: 'rules.v4', line: i + 1 });
            const [expected] = rulesOf(alone, 'nat', 'OUTPUT');
            const typed = (r: Rule) => ({ text: r.text, source: r.source, matches: r.matches, target: r.target, unmodelled: r.unmodelled });
            assert.deepEqual(typed(rule), typed(expected), rules[i]);
        });
    });

    it('reads `:NAME - [0:0]` headers the same whatever the spacing', () => {
        const { ruleset, diagnostics } = parse(['*filter', ':KUBE-A - [0:0]', ':KUBE-B   -   [0:0]  ', ': KUBE-C - [0:0]', 'COMMIT'].join('\n'));
        assert.deepEqual(diagnostics, []);
        const chains = ruleset.tables.get('filter')!.chains;
        assert.deepEqual(['KUBE-A', 'KUBE-B', 'KUBE-C'].map((name) => [chains.get(name)?.builtin, chains.get(name)?.source]), [
            [false, { file: 'rules.v4', line: 2, column: 1, endLine: 2, endColumn: 16 }],
            [false, { file: 'rules.v4', line: 3, column: 1, endLine: 3, endColumn: 20 }],
            [false, { file: 'rules.v4', line: 4, column: 1, endLine: 4, endColumn: 17 }],
        ]);
    });

    it('shares typed matches between rules with the same text, and keeps them apart otherwise', () => {
        const { ruleset } = parse([
            '*nat',
            '-A OUTPUT -p tcp --dport 80 -j DNAT --to-destination 10.0.0.1',
            '-A OUTPUT -p tcp --dport 80 -j DNAT --to-destination 10.0.0.2',
            '-A OUTPUT -p tcp --dport 80 -j DNAT --to-destination 10.0.0.3',
            '-A OUTPUT -p udp --dport 80'
        ].join('\n'));
        const [first, second, third, udp] = rulesOf(ruleset, 'nat', 'OUTPUT');
        assert.deepEqual(first.matches, second.matches);
        // A match is shared from its second repetition on (a first sighting is usually a unique address).
        assert.equal(second.matches[0], third.matches[0]);
        assert.equal(second.matches[1], third.matches[1]);
        assert.notDeepEqual(second.target, third.target);
        assert.notEqual(third.matches[1], udp.matches[1], 'tcp and udp --dport 80 are different matches');
        assert.ok(Object.isFrozen(udp.unmodelled), 'the shared empty list cannot be mutated');
    });
});
